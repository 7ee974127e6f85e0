namespace MarketMaking.Strategies;

/// <summary>
/// The mid's volatility estimated online, in price units per √second: an exponentially weighted mean of the squared
/// mid changes per second, <c>σ² ← λ·σ² + (1 − λ)·(Δs)²/Δt</c>, sampled at a fixed interval (so that the book's update
/// rate does not bias it), with <c>λ = 2^(−interval / half-life)</c>.
/// </summary>
/// <remarks>
/// This is the σ of Avellaneda and Stoikov's arithmetic Brownian mid (<c>dS = σ·dW</c>), in the exponentially weighted
/// form of J.P. Morgan/Reuters, "RiskMetrics — Technical Document", 4th ed., 1996, §5.2.1.
/// </remarks>
public sealed class MidVolatilityEstimator
{
    private readonly long _intervalNanoseconds;
    private readonly double _decay;
    private readonly int _warmUp;
    private long _lastSampleAt = long.MinValue;
    private double _lastMid;
    private double _variance;

    /// <summary>Initializes the estimator.</summary>
    /// <param name="sampleInterval">How often the mid is sampled.</param>
    /// <param name="halfLife">How fast old samples lose weight.</param>
    /// <param name="warmUpSamples">How many samples before <see cref="IsReady"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An interval is not positive, or fewer than one warm-up sample.</exception>
    public MidVolatilityEstimator(TimeSpan sampleInterval, TimeSpan halfLife, int warmUpSamples = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sampleInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(halfLife, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(warmUpSamples);
        _intervalNanoseconds = sampleInterval.Ticks * 100;
        _decay = Math.Pow(2, -sampleInterval / halfLife);
        _warmUp = warmUpSamples;
    }

    /// <summary>Gets how many samples were taken.</summary>
    public int Samples { get; private set; }

    /// <summary>Gets whether enough samples were taken to trust <see cref="Value"/>.</summary>
    public bool IsReady => Samples >= _warmUp;

    /// <summary>Gets σ in price units per √second (0 before the first change is sampled).</summary>
    public double Value => Math.Sqrt(_variance);

    /// <summary>Takes the mid at its event time; it is sampled when a sample interval has passed since the last sample.</summary>
    /// <param name="mid">The mid, in quote currency per unit of base.</param>
    /// <param name="timestampNanoseconds">Its event time in ns since the Unix epoch.</param>
    public void Update(double mid, long timestampNanoseconds)
    {
        if (_lastSampleAt == long.MinValue)
        {
            (_lastSampleAt, _lastMid) = (timestampNanoseconds, mid);
            return;
        }

        var elapsed = timestampNanoseconds - _lastSampleAt;
        if (elapsed < _intervalNanoseconds)
        {
            return;
        }

        var change = mid - _lastMid;
        var perSecond = change * change / (elapsed / 1e9);
        _variance = Samples == 0 ? perSecond : (_decay * _variance) + ((1 - _decay) * perSecond);
        Samples++;
        (_lastSampleAt, _lastMid) = (timestampNanoseconds, mid);
    }
}
