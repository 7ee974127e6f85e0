namespace MarketMaking.Models;

/// <summary>
/// A venue's report of an order's state (new, amended, canceled, expired, restated, filled), normalized. Venues send
/// sparse updates, so every field but the ids and the status may be absent: merge it into the order's known state.
/// </summary>
/// <param name="Venue">The venue.</param>
/// <param name="VenueOrderId">The venue's order id.</param>
/// <param name="Status">The order's status after this update.</param>
/// <param name="TsEvent">The venue's timestamp in ns since the Unix epoch.</param>
/// <param name="TsInit">The local receive timestamp in ns since the Unix epoch.</param>
public sealed record OrderUpdate(VenueId Venue, VenueOrderId VenueOrderId, OrderStatus Status, long TsEvent, long TsInit)
    : VenueEvent(Venue, TsEvent, TsInit)
{
    /// <summary>Gets our client order id, when the venue echoes it.</summary>
    public ClientOrderId? ClientOrderId { get; init; }

    /// <summary>Gets the instrument, when the update carries it.</summary>
    public InstrumentId? Instrument { get; init; }

    /// <summary>Gets the side, when the update carries it.</summary>
    public Side? Side { get; init; }

    /// <summary>Gets the order type, when the update carries it.</summary>
    public OrderType? OrderType { get; init; }

    /// <summary>Gets the limit price in quote currency per unit of base, when the update carries it.</summary>
    public Price? LimitPrice { get; init; }

    /// <summary>Gets the order quantity in base units, when the update carries it (after an amend: the new one).</summary>
    public Quantity? Quantity { get; init; }

    /// <summary>Gets the cumulative filled quantity in base units, when the update carries it.</summary>
    public Quantity? FilledQuantity { get; init; }

    /// <summary>Gets the average fill price in quote currency per unit of base, when the update carries it.</summary>
    public Price? AveragePrice { get; init; }

    /// <summary>Gets whether the order is post-only, when the update carries it.</summary>
    public bool? PostOnly { get; init; }

    /// <summary>Gets the venue's reason text for a cancel, expiry, rejection or restatement, when given.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets whether this update comes from a snapshot of open orders taken at (re)connection.</summary>
    public bool IsSnapshot { get; init; }
}
