using MarketMaking.Models;

namespace MarketMaking.Oms;

/// <summary>
/// One journaled record, flat so that it reads back into any version: an order intent, a venue answer, an order update
/// or a fill. Prices and quantities are exact decimals; times are ns since the Unix epoch. A value: the engine loop
/// hands it to the journal's writer by copying it into a ring, without allocating.
/// </summary>
public readonly record struct JournalEntry
{
    /// <summary>Gets the record kind: <c>intent</c>, <c>result</c>, <c>update</c>, <c>fill</c>, or <c>transition</c> (a change reconciliation decided).</summary>
    public required string Kind { get; init; }

    /// <summary>Gets the event time.</summary>
    public long Timestamp { get; init; }

    /// <summary>Gets the venue.</summary>
    public required string Venue { get; init; }

    /// <summary>Gets the client order id.</summary>
    public string? ClientOrderId { get; init; }

    /// <summary>Gets the venue order id.</summary>
    public string? VenueOrderId { get; init; }

    /// <summary>Gets the instrument.</summary>
    public string? Instrument { get; init; }

    /// <summary>Gets the side.</summary>
    public Side Side { get; init; }

    /// <summary>Gets the order type.</summary>
    public OrderType OrderType { get; init; }

    /// <summary>Gets the time in force.</summary>
    public TimeInForce TimeInForce { get; init; }

    /// <summary>Gets the quantity (order quantity for an intent, fill quantity for a fill, new quantity for an amend).</summary>
    public decimal? Quantity { get; init; }

    /// <summary>Gets the price (limit price for an intent, fill price for a fill, new price for an amend).</summary>
    public decimal? Price { get; init; }

    /// <summary>Gets whether the order is post-only.</summary>
    public bool PostOnly { get; init; }

    /// <summary>Gets the owning strategy.</summary>
    public string? Strategy { get; init; }

    /// <summary>Gets the client order id counter after an intent (to continue ids after a restart).</summary>
    public long Counter { get; init; }

    /// <summary>Gets the request answered, for a result.</summary>
    public OrderEntryAction Action { get; init; }

    /// <summary>Gets the outcome, for a result.</summary>
    public VenueOutcome Outcome { get; init; }

    /// <summary>Gets the error kind, for a failed or unknown result.</summary>
    public VenueErrorKind ErrorKind { get; init; }

    /// <summary>Gets the error text, for a failed or unknown result, or an update's reason.</summary>
    public string? Error { get; init; }

    /// <summary>Gets the trade id, for a fill.</summary>
    public string? TradeId { get; init; }

    /// <summary>Gets the fee, for a fill.</summary>
    public decimal Fee { get; init; }

    /// <summary>Gets the fee asset, for a fill.</summary>
    public string? FeeAsset { get; init; }

    /// <summary>Gets the liquidity side, for a fill.</summary>
    public LiquiditySide Liquidity { get; init; }

    /// <summary>Gets the event applied, for a transition.</summary>
    public OrderEventKind Event { get; init; }

    /// <summary>Gets the order status, for an update or a fill.</summary>
    public OrderStatus? Status { get; init; }

    /// <summary>Gets a funding payment's amount, received (positive) or paid, in units of <see cref="FeeAsset"/>.</summary>
    public decimal? Amount { get; init; }

    /// <summary>Gets a funding payment's rate, when the venue gave it.</summary>
    public decimal? Rate { get; init; }
}
