namespace MarketMaking.Models;

/// <summary>The best bid and ask as the venue publishes them (Binance <c>bookTicker</c>, Kraken <c>ticker</c>).</summary>
/// <param name="Venue">The venue.</param>
/// <param name="Instrument">The instrument.</param>
/// <param name="BidPrice">The best bid price in quote currency per unit of base.</param>
/// <param name="BidQuantity">The quantity at the best bid in base units.</param>
/// <param name="AskPrice">The best ask price in quote currency per unit of base.</param>
/// <param name="AskQuantity">The quantity at the best ask in base units.</param>
/// <param name="TsEvent">The venue's timestamp in ns since the Unix epoch; 0 when absent.</param>
/// <param name="TsInit">The local receive timestamp in ns since the Unix epoch.</param>
public sealed record TopOfBook(
    VenueId Venue,
    InstrumentId Instrument,
    Price BidPrice,
    Quantity BidQuantity,
    Price AskPrice,
    Quantity AskQuantity,
    long TsEvent,
    long TsInit) : MarketDataEvent(Venue, Instrument, TsEvent, TsInit)
{
    /// <summary>Gets the venue's book update id this top of book corresponds to (Binance <c>u</c>), or <see langword="null"/>.</summary>
    public long? UpdateId { get; init; }
}
