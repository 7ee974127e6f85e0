namespace MarketMaking.Models;

/// <summary>The state of a venue's dead-man switch (cancel all orders after a timeout).</summary>
/// <param name="CurrentTimeNanoseconds">The venue's time when it answered, in ns since the Unix epoch.</param>
/// <param name="TriggerTimeNanoseconds">When the venue will cancel every order unless re-armed, in ns since the Unix epoch; 0 when disarmed.</param>
public sealed record DeadManSwitchStatus(long CurrentTimeNanoseconds, long TriggerTimeNanoseconds)
{
    /// <summary>Gets whether the switch is armed.</summary>
    public bool IsArmed => TriggerTimeNanoseconds != 0;
}
