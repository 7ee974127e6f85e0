using MarketMaking.Models;

namespace MarketMaking.Simulation.Venue;

/// <summary>A recorded event as a simulated venue replays it (<see cref="RecordingTimeline"/>).</summary>
/// <param name="Event">The event.</param>
/// <param name="VenueTime">When the venue acts on it, in ns since the Unix epoch; never before the events before it.</param>
/// <param name="PassedOver">How many events just before it were passed over into it: they only moved the venue's clock, which this event's time includes.</param>
/// <param name="Prepared">A book delta's levels already on the venue's grid, for its book (<see cref="OrderBook.Offer"/>); <see langword="null"/> for any other event, or one the book converts itself.</param>
/// <param name="Served">A trade as the venue delivers it, under its own venue id and its name of the instrument, made on the read-ahead thread; <see langword="null"/> for any other event, or when the venue renames it itself.</param>
internal readonly record struct TimedEvent(MarketDataEvent Event, long VenueTime, int PassedOver, PreparedDelta? Prepared = null, Trade? Served = null);
