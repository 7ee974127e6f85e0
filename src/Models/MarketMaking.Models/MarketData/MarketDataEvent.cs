namespace MarketMaking.Models;

/// <summary>The base of immutable market-data events for one instrument.</summary>
/// <param name="Venue">The venue the data comes from.</param>
/// <param name="Instrument">The instrument.</param>
/// <param name="TsEvent">The venue's timestamp in ns since the Unix epoch; 0 when the venue gives none.</param>
/// <param name="TsInit">The local receive timestamp in ns since the Unix epoch.</param>
public abstract record MarketDataEvent(VenueId Venue, InstrumentId Instrument, long TsEvent, long TsInit)
    : VenueEvent(Venue, TsEvent, TsInit);
