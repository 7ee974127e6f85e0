namespace MarketMaking.Models;

/// <summary>Timestamps in the platform's unit, read from a <see cref="TimeProvider"/>.</summary>
public static class TimeProviderExtensions
{
    /// <summary>Returns the provider's current UTC time in ns since the Unix epoch (100 ns resolution).</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>The time in ns since the Unix epoch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    public static long GetUnixNanoseconds(this TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return (timeProvider.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
    }
}
