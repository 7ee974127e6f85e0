
namespace MarketMaking.Models;

/// <summary>An order as the venue reports it on a query (open orders, order status), used for reconciliation.</summary>
/// <param name="VenueOrderId">The venue's order id.</param>
/// <param name="Instrument">The instrument.</param>
/// <param name="Side">The side.</param>
/// <param name="Type">The order type.</param>
/// <param name="Status">The status.</param>
/// <param name="Quantity">The order quantity in base units.</param>
/// <param name="FilledQuantity">The filled quantity in base units.</param>
public sealed record VenueOrder(
    VenueOrderId VenueOrderId,
    InstrumentId Instrument,
    Side Side,
    OrderType Type,
    OrderStatus Status,
    Quantity Quantity,
    Quantity FilledQuantity)
{
    /// <summary>Gets our client order id, when the venue echoes it.</summary>
    public ClientOrderId? ClientOrderId { get; init; }

    /// <summary>Gets the limit price in quote currency per unit of base, for limit orders.</summary>
    public Price? LimitPrice { get; init; }

    /// <summary>Gets the average fill price in quote currency per unit of base, when filled at all.</summary>
    public Price? AveragePrice { get; init; }

    /// <summary>Gets the fee paid so far, in the fee asset's units.</summary>
    public decimal Fee { get; init; }

    /// <summary>Gets whether the order is post-only.</summary>
    public bool PostOnly { get; init; }

    /// <summary>Gets when the order was opened, in ns since the Unix epoch.</summary>
    public long OpenedNanoseconds { get; init; }

    /// <summary>Gets when the order was closed, in ns since the Unix epoch; 0 while open.</summary>
    public long ClosedNanoseconds { get; init; }

    /// <summary>Gets the venue's reason for closing, when given.</summary>
    public string? Reason { get; init; }
}
