namespace MarketMaking.Adapters;

/// <summary>
/// Exponential backoff with "equal jitter": attempt n waits a random time between half and all of
/// min(max, initial × 2^(n−1)), so that clients dropped together do not reconnect together.
/// </summary>
/// <remarks>Source: M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015.</remarks>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Random _random;

    /// <summary>Initializes a backoff.</summary>
    /// <param name="initial">The first attempt's ceiling.</param>
    /// <param name="max">The largest ceiling.</param>
    /// <param name="random">The jitter source (seed it for reproducible tests), or <see langword="null"/> for a shared one.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initial"/> is negative or above <paramref name="max"/>.</exception>
    public ReconnectBackoff(TimeSpan initial, TimeSpan max, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(initial, max);
        _initial = initial;
        _max = max;
        _random = random ?? Random.Shared;
    }

    /// <summary>Returns the largest wait an attempt can get (before jitter): min(max, initial × 2^(attempt−1)).</summary>
    /// <param name="attempt">The attempt, from 1.</param>
    /// <returns>The ceiling.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is below 1.</exception>
    public TimeSpan Ceiling(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var doublings = Math.Min(attempt - 1, 30);
        var ticks = _initial.Ticks * (double)(1L << doublings);
        return ticks >= _max.Ticks ? _max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Returns the wait before an attempt: between half and all of <see cref="Ceiling"/>.</summary>
    /// <param name="attempt">The attempt, from 1.</param>
    /// <returns>The wait.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is below 1.</exception>
    public TimeSpan Delay(int attempt)
    {
        var ceiling = Ceiling(attempt);
        return TimeSpan.FromTicks((long)(ceiling.Ticks * (0.5 + (0.5 * _random.NextDouble()))));
    }
}
