namespace MarketMaking.Models;

/// <summary>Reference data for an instrument: its tick, lot, limits and wire precisions (Kraken <c>instrument</c> channel, REST AssetPairs).</summary>
/// <param name="Venue">The venue.</param>
/// <param name="Instrument">The instrument.</param>
/// <param name="Spec">The instrument's trading rules.</param>
/// <param name="TsEvent">The venue's timestamp in ns since the Unix epoch; 0 when absent.</param>
/// <param name="TsInit">The local receive timestamp in ns since the Unix epoch.</param>
public sealed record InstrumentUpdate(VenueId Venue, InstrumentId Instrument, InstrumentSpec Spec, long TsEvent, long TsInit)
    : MarketDataEvent(Venue, Instrument, TsEvent, TsInit);
