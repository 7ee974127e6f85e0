namespace MarketMaking.Adapters.Binance;

/// <summary>
/// Counts orders in a sliding window (the last <see cref="Window"/>), in 100 segments, and admits one only while the
/// count stays within a ceiling: staying under the limit in every sliding window keeps every fixed window the venue may
/// count in under it too. The segment an order falls in is counted whole until it leaves the window, so the count is
/// never under the truth. Not thread-safe: <see cref="BinanceOrderRate"/> holds its lock.
/// </summary>
internal sealed class OrderCountWindow
{
    private const int Segments = 100;
    private readonly long _segmentTicks;
    private readonly int[] _counts = new int[Segments];
    private long _newestSegment;
    private int _total;

    /// <summary>Initializes a window.</summary>
    /// <param name="window">The window's length.</param>
    /// <param name="limit">The venue's limit in the window.</param>
    /// <param name="ceiling">What this client lets through in the window (at most the limit).</param>
    public OrderCountWindow(TimeSpan window, int limit, int ceiling)
    {
        Window = window;
        Limit = limit;
        Ceiling = Math.Clamp(ceiling, 1, limit);
        _segmentTicks = Math.Max(1, window.Ticks / Segments);
    }

    /// <summary>Gets the window's length.</summary>
    public TimeSpan Window { get; }

    /// <summary>Gets the venue's limit in the window.</summary>
    public int Limit { get; }

    /// <summary>Gets what this client lets through in the window.</summary>
    public int Ceiling { get; }

    /// <summary>Gets how many orders the window holds at a time (ticks of a monotonic clock).</summary>
    public int CountAt(long nowTicks)
    {
        Advance(nowTicks / _segmentTicks);
        return _total;
    }

    /// <summary>How many more orders fit under the ceiling now.</summary>
    public int RoomAt(long nowTicks) => Math.Max(0, Ceiling - CountAt(nowTicks));

    /// <summary>How long until <paramref name="orders"/> more fit under the ceiling: zero when they fit now.</summary>
    public TimeSpan WaitFor(int orders, long nowTicks)
    {
        var segment = nowTicks / _segmentTicks;
        Advance(segment);
        var excess = _total + orders - Ceiling;
        if (excess <= 0)
        {
            return TimeSpan.Zero;
        }

        // The oldest segments leave one by one: find the first moment enough of them have.
        var freed = 0;
        for (var age = Segments - 1; age >= 0; age--)
        {
            freed += _counts[(int)((segment - age) % Segments + Segments) % Segments];
            if (freed >= excess)
            {
                var leaves = (segment - age + Segments) * _segmentTicks;
                return TimeSpan.FromTicks(Math.Max(1, leaves - nowTicks));
            }
        }

        return Window;
    }

    /// <summary>Counts orders sent now.</summary>
    public void Add(int orders, long nowTicks)
    {
        var segment = nowTicks / _segmentTicks;
        Advance(segment);
        _counts[(int)(segment % Segments)] += orders;
        _total += orders;
    }

    /// <summary>Takes back orders counted now that were never sent.</summary>
    public void Remove(int orders, long nowTicks)
    {
        var segment = nowTicks / _segmentTicks;
        Advance(segment);
        var slot = (int)(segment % Segments);
        var taken = Math.Min(orders, _counts[slot]);
        _counts[slot] -= taken;
        _total -= taken;
    }

    /// <summary>Drops the segments that have left the window.</summary>
    private void Advance(long segment)
    {
        if (segment <= _newestSegment)
        {
            return;
        }

        var expired = Math.Min(segment - _newestSegment, Segments);
        for (var i = 1; i <= expired; i++)
        {
            var slot = (int)((_newestSegment + i) % Segments);
            _total -= _counts[slot];
            _counts[slot] = 0;
        }

        _newestSegment = segment;
    }
}
