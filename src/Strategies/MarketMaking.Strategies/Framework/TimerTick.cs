using MarketMaking.Models;

namespace MarketMaking.Strategies;

/// <summary>A strategy timer's tick, posted into the engine loop so that <see cref="IStrategy.OnTimer"/> runs on the loop.</summary>
/// <param name="Venue">Unused by timers: the venue id <c>engine</c>.</param>
/// <param name="Strategy">The strategy the tick is for.</param>
/// <param name="TsInit">When it fired, in ns since the Unix epoch.</param>
public sealed record TimerTick(VenueId Venue, string Strategy, long TsInit) : VenueEvent(Venue, TsInit, TsInit);
