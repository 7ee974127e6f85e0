namespace MarketMaking.Adapters;

/// <summary>
/// A counter that requests raise by their cost and that decays linearly with time: the leaky bucket venues such as
/// Kraken publish (a maximum, a decay per second). Thread-safe; time comes from a <see cref="TimeProvider"/>.
/// </summary>
public sealed class DecayingCounter
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private double _value;
    private long _updatedAt;

    /// <summary>Initializes a counter at zero.</summary>
    /// <param name="maximum">The most the counter may reach; a request that would pass it is refused.</param>
    /// <param name="decayPerSecond">How much the counter falls per second, down to zero.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maximum"/> or <paramref name="decayPerSecond"/> is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    public DecayingCounter(double maximum, double decayPerSecond, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximum);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(decayPerSecond);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Maximum = maximum;
        DecayPerSecond = decayPerSecond;
        _timeProvider = timeProvider;
        _updatedAt = timeProvider.GetTimestamp();
    }

    /// <summary>Gets the most the counter may reach.</summary>
    public double Maximum { get; }

    /// <summary>Gets how much the counter falls per second.</summary>
    public double DecayPerSecond { get; }

    /// <summary>Gets the counter's value now.</summary>
    public double Value
    {
        get
        {
            lock (_lock)
            {
                Decay();
                return _value;
            }
        }
    }

    /// <summary>Gets how much can still be added now before <see cref="Maximum"/>.</summary>
    public double Remaining => Maximum - Value;

    /// <summary>Adds a cost if the counter stays at or below a ceiling.</summary>
    /// <param name="cost">The request's cost; not negative.</param>
    /// <param name="ceiling">The ceiling for this request: <see cref="Maximum"/>, or less to keep headroom for others.</param>
    /// <param name="retryAfter">When refused, how long until the cost fits under the ceiling; zero when added.</param>
    /// <returns><see langword="true"/> when the cost was added.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cost"/> is negative.</exception>
    public bool TryAdd(double cost, double ceiling, out TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        lock (_lock)
        {
            Decay();
            var excess = _value + cost - Math.Min(ceiling, Maximum);
            if (excess <= 1e-9)
            {
                _value += cost;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            // A cost above the ceiling never fits: report the time to drain completely.
            retryAfter = TimeSpan.FromSeconds((cost > ceiling ? _value : excess) / DecayPerSecond);
            return false;
        }
    }

    /// <summary>Adds a cost unconditionally (the venue charged it whatever we decided, for example after a reply).</summary>
    /// <param name="cost">The cost; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cost"/> is negative.</exception>
    public void Add(double cost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        lock (_lock)
        {
            Decay();
            _value += cost;
        }
    }

    /// <summary>Takes back a cost added earlier for a request that never reached the venue; the counter stays at or above zero.</summary>
    /// <param name="cost">The cost to take back; not negative, and not more than was added for the request.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cost"/> is negative.</exception>
    public void Refund(double cost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        lock (_lock)
        {
            // Decay first: what decayed since the charge would have decayed from the lower value as well, floor included.
            Decay();
            _value = Math.Max(0, _value - cost);
        }
    }

    private void Decay()
    {
        var now = _timeProvider.GetTimestamp();
        var elapsed = _timeProvider.GetElapsedTime(_updatedAt, now).TotalSeconds;
        _value = Math.Max(0, _value - (elapsed * DecayPerSecond));
        _updatedAt = now;
    }
}
