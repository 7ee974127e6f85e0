namespace MarketMaking.Oms;

/// <summary>
/// Rate-limits a repeated warning to one line per key per window, with the count of those left out since the last
/// line: a strategy that keeps asking for what risk keeps denying should not fill the log with one line each time.
/// Not thread-safe: the OMS calls it under its lock.
/// </summary>
/// <param name="clock">The clock of the windows.</param>
/// <param name="window">One line per key per this long.</param>
internal sealed class LogThrottle(TimeProvider clock, TimeSpan window)
{
    private readonly Dictionary<string, (long LoggedAt, int Skipped)> _keys = new(StringComparer.Ordinal);

    /// <summary>Decides whether a warning with this key is written now.</summary>
    /// <param name="key">What makes two warnings the same.</param>
    /// <param name="skipped">When written: how many like it were left out since the last line.</param>
    /// <returns>Whether to write it.</returns>
    public bool ShouldLog(string key, out int skipped)
    {
        var now = clock.GetTimestamp();
        if (_keys.TryGetValue(key, out var seen) && clock.GetElapsedTime(seen.LoggedAt, now) < window)
        {
            _keys[key] = seen with { Skipped = seen.Skipped + 1 };
            skipped = 0;
            return false;
        }

        skipped = seen.Skipped;
        _keys[key] = (now, 0);
        return true;
    }
}
