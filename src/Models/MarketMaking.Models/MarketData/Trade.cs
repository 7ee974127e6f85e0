namespace MarketMaking.Models;

/// <summary>A public trade print.</summary>
/// <param name="Venue">The venue.</param>
/// <param name="Instrument">The instrument.</param>
/// <param name="Price">The trade price in quote currency per unit of base.</param>
/// <param name="Quantity">The traded quantity in base units (contracts for inverse futures).</param>
/// <param name="AggressorSide">The taker's side: <see cref="Side.Buy"/> when a buyer lifted the ask.</param>
/// <param name="TradeId">The venue's trade id.</param>
/// <param name="TsEvent">The venue's trade timestamp in ns since the Unix epoch.</param>
/// <param name="TsInit">The local receive timestamp in ns since the Unix epoch.</param>
public sealed record Trade(
    VenueId Venue,
    InstrumentId Instrument,
    Price Price,
    Quantity Quantity,
    Side AggressorSide,
    TradeId TradeId,
    long TsEvent,
    long TsInit) : MarketDataEvent(Venue, Instrument, TsEvent, TsInit);
