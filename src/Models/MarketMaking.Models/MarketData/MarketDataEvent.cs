namespace MarketMaking.Models;

/// <summary>
/// The common shape of every normalized market-data event: which venue and instrument it is about, when the venue
/// stamped it and when we received it.
/// </summary>
/// <remarks>Events are immutable once published (STYLE rule 14).</remarks>
/// <param name="Venue">The venue that published the data.</param>
/// <param name="Instrument">The instrument, by its venue-native symbol.</param>
/// <param name="TsEvent">The venue's timestamp in ns since the Unix epoch; 0 when the venue sends none.</param>
/// <param name="TsInit">The local receive timestamp in ns since the Unix epoch.</param>
public abstract record MarketDataEvent(VenueId Venue, InstrumentId Instrument, long TsEvent, long TsInit);
