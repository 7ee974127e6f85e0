
namespace MarketMaking.Models;

/// <summary>A new order to send to a venue. Immutable; values must already be on the instrument's tick and lot grid.</summary>
/// <param name="Instrument">The instrument.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Type">Limit or market.</param>
/// <param name="Quantity">The quantity in base units.</param>
/// <param name="ClientOrderId">Our id for the order, unique per venue; venues that support it echo it, and the OMS uses it to recognize a retried submit.</param>
public sealed record OrderRequest(InstrumentId Instrument, Side Side, OrderType Type, Quantity Quantity, ClientOrderId ClientOrderId)
{
    /// <summary>Gets the limit price in quote currency per unit of base; required for limit orders.</summary>
    public Price? LimitPrice { get; init; }

    /// <summary>Gets the time in force.</summary>
    /// <value>Defaults to <see cref="TimeInForce.GoodTillCanceled"/>.</value>
    public TimeInForce TimeInForce { get; init; } = TimeInForce.GoodTillCanceled;

    /// <summary>Gets whether the order must only add liquidity: rejected (or canceled) rather than taking.</summary>
    public bool PostOnly { get; init; }

    /// <summary>Gets whether the order may only reduce a position.</summary>
    public bool ReduceOnly { get; init; }

    /// <summary>Gets whether the venue should only validate the order, never book it (Kraken's <c>validate</c>).</summary>
    public bool ValidateOnly { get; init; }

    /// <summary>Gets the expiry for <see cref="TimeInForce.GoodTillDate"/>, in ns since the Unix epoch.</summary>
    public long? ExpireTimeNanoseconds { get; init; }

    /// <summary>Checks what every venue requires of an order; venue adapters check their own rules on top.</summary>
    /// <returns>The problem, or <see langword="null"/> when the request is well formed.</returns>
    public string? Validate() => this switch
    {
        { Side: not (Side.Buy or Side.Sell) } => $"Side must be Buy or Sell, not {Side}",
        { Type: not (OrderType.Limit or OrderType.Market) } => $"Order type must be Limit or Market, not {Type}",
        { Quantity.IsZero: true } => "Quantity must be positive",
        { Type: OrderType.Limit, LimitPrice: null } => "A limit order needs a limit price",
        { LimitPrice: { } price } when price <= Price.Zero => $"Limit price must be positive, not {price}",
        { Type: OrderType.Market, PostOnly: true } => "A market order cannot be post-only",
        { TimeInForce: TimeInForce.GoodTillDate, ExpireTimeNanoseconds: null } => "A good-till-date order needs an expiry time",
        { ClientOrderId.Value: null } => "A client order id is required",
        _ => null,
    };
}
