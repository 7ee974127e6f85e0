namespace MarketMaking.Simulation.Backtesting;

/// <summary>
/// Simulated time for a run driven by recorded data: it stands still until <see cref="AdvanceTo"/> moves it, and its
/// timers fire then, on the thread that moves it, in the order of their due times (timers due at the same time in the
/// order they were set). Every part of the kernel takes its time from a <see cref="TimeProvider"/>, so this one clock
/// makes a backtest's timers, timestamps and client order ids the same in every run.
/// </summary>
/// <remarks>Not thread-safe: one driver moves it, and the timers' owners change them from that driver's thread.</remarks>
public sealed class SimulatedClock : TimeProvider
{
    private readonly PriorityQueue<SimulatedTimer, (long Due, long Sequence)> _due = new();
    private long _sequence;

    /// <summary>Initializes a clock at a time.</summary>
    /// <param name="start">The time it shows, in ns since the Unix epoch.</param>
    public SimulatedClock(long start)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        Now = start;
    }

    /// <summary>Gets the time it shows, in ns since the Unix epoch.</summary>
    public long Now { get; private set; }

    /// <summary>Gets when the next timer is due, in ns since the Unix epoch, or <see langword="null"/> when none is set.</summary>
    public long? NextDue
    {
        get
        {
            while (_due.TryPeek(out var timer, out var key))
            {
                if (timer.IsScheduledFor(key.Sequence))
                {
                    return key.Due;
                }

                _due.Dequeue();
            }

            return null;
        }
    }

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc/>
    public override long TimestampFrequency => 1_000_000_000;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddTicks(Now / 100);

    /// <inheritdoc/>
    public override long GetTimestamp() => Now;

    /// <summary>Moves the clock to a time, firing every timer due by then at its due time.</summary>
    /// <param name="time">The new time, in ns since the Unix epoch; a time before <see cref="Now"/> leaves it where it is.</param>
    public void AdvanceTo(long time)
    {
        while (NextDue is { } due && due <= time)
        {
            var timer = _due.Dequeue();
            Now = Math.Max(Now, due);
            timer.Fire();
        }

        Now = Math.Max(Now, time);
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SimulatedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private long Schedule(SimulatedTimer timer, long due)
    {
        var sequence = ++_sequence;
        _due.Enqueue(timer, (due, sequence));
        return sequence;
    }

    /// <summary>A timer on the simulated clock; a change or disposal leaves its old entry in the queue, skipped as stale.</summary>
    private sealed class SimulatedTimer(SimulatedClock clock, TimerCallback callback, object? state) : ITimer
    {
        private long _scheduled;
        private long _period;

        public bool IsScheduledFor(long sequence) => _scheduled == sequence;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks * 100;
            _scheduled = dueTime == Timeout.InfiniteTimeSpan ? 0 : clock.Schedule(this, clock.Now + (Math.Max(dueTime.Ticks, 0) * 100));
            return true;
        }

        public void Fire()
        {
            _scheduled = _period > 0 ? clock.Schedule(this, clock.Now + _period) : 0;
            callback(state);
        }

        public void Dispose() => _scheduled = 0;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
