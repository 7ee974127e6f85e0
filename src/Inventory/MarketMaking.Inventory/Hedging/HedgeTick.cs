using MarketMaking.Models;

namespace MarketMaking.Inventory;

/// <summary>Posted to the engine loop every hedge check interval, so that schedules and timeouts run on the loop's clock.</summary>
/// <param name="Venue">The engine's pseudo-venue.</param>
/// <param name="TsInit">When, in ns since the Unix epoch.</param>
public sealed record HedgeTick(VenueId Venue, long TsInit) : VenueEvent(Venue, TsInit, TsInit);
