namespace MarketMaking.Models;

/// <summary>
/// The base of every normalized event an adapter posts to the engine loop: market data, order updates, fills,
/// balances and connection changes.
/// </summary>
/// <param name="Venue">The venue the event comes from.</param>
/// <param name="TsEvent">The venue's timestamp in ns since the Unix epoch; 0 when the venue gives none.</param>
/// <param name="TsInit">The local time the event was created, in ns since the Unix epoch.</param>
public abstract record VenueEvent(VenueId Venue, long TsEvent, long TsInit);
