namespace MarketMaking.Adapters;

/// <summary>
/// A venue's clock as this machine estimates it, for the timestamps a venue checks against its own clock (a signed
/// request's window, a stream's <c>auth</c> expiry): this machine's clock plus the offset last measured from a reading of
/// the venue's. Thread-safe: read on every signed request, written when the venue's clock is read again.
/// </summary>
/// <param name="timeProvider">This machine's clock.</param>
public sealed class VenueClock(TimeProvider timeProvider)
{
    private long _offsetMilliseconds;

    /// <summary>Gets the venue's clock minus this machine's, as last measured (<see cref="Record"/>); zero until then.</summary>
    public TimeSpan Offset => TimeSpan.FromMilliseconds(Interlocked.Read(ref _offsetMilliseconds));

    /// <summary>Gets the venue's time now, as estimated.</summary>
    public DateTimeOffset Now => timeProvider.GetUtcNow() + Offset;

    /// <summary>Gets the venue's time now, as estimated, in ms since the Unix epoch.</summary>
    public long NowMilliseconds => Now.ToUnixTimeMilliseconds();

    /// <summary>
    /// Records a reading of the venue's clock, taken as made halfway between the request's sending and now (the answer's
    /// arrival), and keeps the offset.
    /// </summary>
    /// <param name="sent">When the request for the venue's time was sent, on this machine's clock.</param>
    /// <param name="venueMilliseconds">The time the venue answered, ms since the Unix epoch.</param>
    /// <returns>The offset: the venue's clock minus this machine's.</returns>
    public TimeSpan Record(DateTimeOffset sent, long venueMilliseconds)
    {
        var midpoint = sent + ((timeProvider.GetUtcNow() - sent) / 2);
        var offset = venueMilliseconds - midpoint.ToUnixTimeMilliseconds();
        Interlocked.Exchange(ref _offsetMilliseconds, offset);
        return TimeSpan.FromMilliseconds(offset);
    }
}
