namespace MarketMaking.Models;

/// <summary>A perpetual's mark price (what the venue values positions, margin and liquidations at) and its funding.</summary>
/// <param name="Venue">The venue.</param>
/// <param name="Instrument">The perpetual.</param>
/// <param name="MarkPrice">The mark price in quote currency per unit of base.</param>
/// <param name="IndexPrice">The index (spot) price it follows, or <see langword="null"/> when the venue gives none.</param>
/// <param name="FundingRate">The funding rate of the current period, a fraction (0.0001 is 0.01 %); a long pays it to shorts when positive.</param>
/// <param name="NextFundingTime">When the next funding is charged, ns since the Unix epoch.</param>
/// <param name="TsEvent">The venue's timestamp in ns since the Unix epoch.</param>
/// <param name="TsInit">The local receive timestamp in ns since the Unix epoch.</param>
public sealed record MarkPriceUpdate(
    VenueId Venue,
    InstrumentId Instrument,
    Price MarkPrice,
    Price? IndexPrice,
    decimal FundingRate,
    long NextFundingTime,
    long TsEvent,
    long TsInit) : MarketDataEvent(Venue, Instrument, TsEvent, TsInit);
