using MarketMaking.Models;

namespace MarketMaking.Risk;

/// <summary>Posted to the engine loop every check interval, so that the time-based triggers are checked on the loop's thread and clock.</summary>
/// <param name="Venue">The engine's pseudo-venue.</param>
/// <param name="TsInit">When, in ns since the Unix epoch.</param>
public sealed record KillSwitchTick(VenueId Venue, long TsInit) : VenueEvent(Venue, TsInit, TsInit);

/// <summary>An operator's command to the kill switch, posted to the engine loop.</summary>
/// <param name="Venue">The engine's pseudo-venue.</param>
/// <param name="Action">The action, or <see cref="KillSwitchAction.None"/> to reset to active trading.</param>
/// <param name="Reason">Why, for logs and reports.</param>
/// <param name="TsInit">When, in ns since the Unix epoch.</param>
public sealed record KillSwitchCommand(VenueId Venue, KillSwitchAction Action, string Reason, long TsInit) : VenueEvent(Venue, TsInit, TsInit);

/// <summary>The kill switch tripped: what, why and what it did. Posted to the engine loop for subscribers.</summary>
/// <param name="Venue">The engine's pseudo-venue.</param>
/// <param name="Trigger">What tripped it.</param>
/// <param name="Action">What it did.</param>
/// <param name="Reason">The values that tripped it.</param>
/// <param name="TsInit">When, in ns since the Unix epoch.</param>
public sealed record KillSwitchTripped(VenueId Venue, KillSwitchTrigger Trigger, KillSwitchAction Action, string Reason, long TsInit) : VenueEvent(Venue, TsInit, TsInit);

/// <summary>The kill switch stood down from a trip about the market or the connections, which were healthy again for long enough.</summary>
/// <param name="Venue">The engine's pseudo-venue.</param>
/// <param name="Trigger">The trip it stood down from.</param>
/// <param name="Reason">Why it resumed.</param>
/// <param name="TsInit">When, in ns since the Unix epoch.</param>
public sealed record KillSwitchResumed(VenueId Venue, KillSwitchTrigger Trigger, string Reason, long TsInit) : VenueEvent(Venue, TsInit, TsInit);
