
namespace MarketMaking.Models;

/// <summary>What a strategy asks the OMS to place. The OMS chooses the client order id.</summary>
/// <param name="Venue">The venue.</param>
/// <param name="Instrument">The instrument.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Type">Limit or market.</param>
/// <param name="Quantity">The quantity in base units.</param>
public sealed record OrderIntent(VenueId Venue, InstrumentId Instrument, Side Side, OrderType Type, Quantity Quantity)
{
    /// <summary>Gets the limit price in quote currency per unit of base, for limit orders.</summary>
    public Price? LimitPrice { get; init; }

    /// <summary>Gets the time in force.</summary>
    public TimeInForce TimeInForce { get; init; } = TimeInForce.GoodTillCanceled;

    /// <summary>Gets whether the order may only add liquidity.</summary>
    public bool PostOnly { get; init; }

    /// <summary>Gets the strategy placing it, or <see langword="null"/>.</summary>
    public string? Strategy { get; init; }
}
