using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Testing;

/// <summary>
/// A fake clock that tells a test when the code under test starts waiting on it: every timer created, with its due time
/// and period. Code that waits on the clock for its next step takes no step until the clock moves, so a test that has
/// seen the wait can assert what has not happened yet, without sleeping on a guess.
/// </summary>
/// <param name="start">The clock's first reading.</param>
internal sealed class WatchedClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly List<(TimeSpan Due, TimeSpan Period)> _timers = [];

    /// <summary>Gets how many timers have been created so far.</summary>
    public int TimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>Whether a one-shot timer (a delay or a time-out) due in <paramref name="min"/> to <paramref name="max"/> was created after the first <paramref name="since"/> timers.</summary>
    public bool HasOneShotTimer(int since, TimeSpan min, TimeSpan max)
    {
        lock (_gate)
        {
            for (var i = since; i < _timers.Count; i++)
            {
                var (due, period) = _timers[i];
                if (period == Timeout.InfiniteTimeSpan && due >= min && due <= max)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _timers.Add((dueTime, period));
        }

        return timer;
    }
}
