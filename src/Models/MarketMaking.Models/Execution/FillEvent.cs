namespace MarketMaking.Models;

/// <summary>One execution of one of our orders, normalized. Deduplicate by <see cref="TradeId"/> per venue.</summary>
/// <param name="Venue">The venue.</param>
/// <param name="Instrument">The instrument.</param>
/// <param name="VenueOrderId">The venue's id of the filled order.</param>
/// <param name="TradeId">The venue's id of this execution, unique per venue (Kraken: <c>exec_id</c>).</param>
/// <param name="Side">Our side.</param>
/// <param name="Price">The execution price in quote currency per unit of base.</param>
/// <param name="Quantity">The executed quantity in base units.</param>
/// <param name="TsEvent">The venue's execution time in ns since the Unix epoch.</param>
/// <param name="TsInit">The local receive timestamp in ns since the Unix epoch.</param>
public sealed record FillEvent(
    VenueId Venue,
    InstrumentId Instrument,
    VenueOrderId VenueOrderId,
    TradeId TradeId,
    Side Side,
    Price Price,
    Quantity Quantity,
    long TsEvent,
    long TsInit) : VenueEvent(Venue, TsEvent, TsInit)
{
    /// <summary>Gets our client order id, when the venue echoes it.</summary>
    public ClientOrderId? ClientOrderId { get; init; }

    /// <summary>Gets whether we were maker or taker.</summary>
    public LiquiditySide Liquidity { get; init; }

    /// <summary>Gets the fee charged, in units of <see cref="FeeAsset"/>; negative for a rebate.</summary>
    public decimal Fee { get; init; }

    /// <summary>Gets the asset the fee is charged in, when the venue says.</summary>
    public AssetId? FeeAsset { get; init; }

    /// <summary>Gets the order's status after this fill (partially filled or filled), when the venue says.</summary>
    public OrderStatus? OrderStatus { get; init; }

    /// <summary>Gets whether this fill comes from a snapshot of recent fills taken at (re)connection.</summary>
    public bool IsSnapshot { get; init; }
}
