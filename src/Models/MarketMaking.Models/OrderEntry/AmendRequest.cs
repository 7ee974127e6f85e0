
namespace MarketMaking.Models;

/// <summary>A change of a resting order's price and/or quantity, in place (keeping the order's ids).</summary>
/// <param name="Instrument">The order's instrument.</param>
/// <param name="Order">The order.</param>
public readonly record struct AmendRequest(InstrumentId Instrument, OrderReference Order)
{
    /// <summary>Gets the new total quantity in base units, or <see langword="null"/> to keep it.</summary>
    public Quantity? NewQuantity { get; init; }

    /// <summary>Gets the new limit price in quote currency per unit of base, or <see langword="null"/> to keep it.</summary>
    public Price? NewLimitPrice { get; init; }

    /// <summary>Gets whether the venue must refuse the new price if it would take liquidity.</summary>
    public bool PostOnly { get; init; }
}
