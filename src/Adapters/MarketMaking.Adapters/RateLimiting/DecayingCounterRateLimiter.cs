using System.Threading.RateLimiting;

namespace MarketMaking.Adapters;

/// <summary>
/// A <see cref="RateLimiter"/> over a <see cref="DecayingCounter"/>: each permit is one unit of the venue's counter, so
/// a call that costs 2 acquires 2 permits. Waits (on the counter's clock) until the cost fits, up to a limit.
/// </summary>
/// <remarks>Plugs into Polly's rate limiter strategy; refused leases carry <see cref="MetadataName.RetryAfter"/>.</remarks>
public sealed class DecayingCounterRateLimiter : RateLimiter
{
    private readonly DecayingCounter _counter;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _maxWait;
    private long _idleSince;

    /// <summary>Initializes a limiter.</summary>
    /// <param name="counter">The counter.</param>
    /// <param name="timeProvider">The clock to wait on; the counter's.</param>
    /// <param name="maxWait">The longest an acquisition waits before it is refused.</param>
    /// <exception cref="ArgumentNullException"><paramref name="counter"/> or <paramref name="timeProvider"/> is null.</exception>
    public DecayingCounterRateLimiter(DecayingCounter counter, TimeProvider timeProvider, TimeSpan maxWait)
    {
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _counter = counter;
        _timeProvider = timeProvider;
        _maxWait = maxWait;
        _idleSince = timeProvider.GetTimestamp();
    }

    /// <summary>Gets the counter.</summary>
    public DecayingCounter Counter => _counter;

    /// <inheritdoc/>
    public override TimeSpan? IdleDuration => _counter.Value == 0 ? _timeProvider.GetElapsedTime(Volatile.Read(ref _idleSince)) : null;

    /// <inheritdoc/>
    public override RateLimiterStatistics? GetStatistics() =>
        new() { CurrentAvailablePermits = (long)Math.Floor(_counter.Remaining) };

    /// <inheritdoc/>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        _counter.TryAdd(permitCount, _counter.Maximum, out var retryAfter) ? Acquired() : new Lease(false, retryAfter);

    /// <inheritdoc/>
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            if (_counter.TryAdd(permitCount, _counter.Maximum, out var retryAfter))
            {
                return Acquired();
            }

            if (waited + retryAfter > _maxWait)
            {
                return new Lease(false, retryAfter);
            }

            await Task.Delay(retryAfter, _timeProvider, cancellationToken).ConfigureAwait(false);
            waited += retryAfter;
        }
    }

    private Lease Acquired()
    {
        Volatile.Write(ref _idleSince, _timeProvider.GetTimestamp());
        return new Lease(true, TimeSpan.Zero);
    }

    private sealed class Lease(bool isAcquired, TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames => isAcquired ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = !isAcquired && metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
