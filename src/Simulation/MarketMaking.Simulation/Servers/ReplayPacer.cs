namespace MarketMaking.Simulation.Servers;

/// <summary>
/// Paces a protocol simulator's replay at a multiple of real time: each recorded event waits until as much time,
/// divided by the speed, has passed on the clock since the first one. A speed of 0 replays as fast as clients take it.
/// </summary>
/// <param name="speed">The multiple of real time; 0 or less for no pacing.</param>
/// <param name="clock">The clock waited on.</param>
internal sealed class ReplayPacer(double speed, TimeProvider clock)
{
    private long _firstEventTime = long.MinValue;
    private long _wallStart;

    /// <summary>Waits until an event's time comes.</summary>
    /// <param name="eventTime">The event's recorded time, ns since the Unix epoch.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>Completes when the event is due.</returns>
    /// <exception cref="OperationCanceledException">Stopped while waiting.</exception>
    public async Task PaceAsync(long eventTime, CancellationToken cancellationToken)
    {
        if (speed <= 0)
        {
            return;
        }

        if (_firstEventTime == long.MinValue)
        {
            _firstEventTime = eventTime;
            _wallStart = clock.GetTimestamp();
        }

        var due = TimeSpan.FromTicks((long)((eventTime - _firstEventTime) / 100 / speed));
        var wait = due - clock.GetElapsedTime(_wallStart);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
        }
    }
}
