using System.Globalization;

namespace MarketMaking.Cli.Backtesting;

/// <summary>
/// Reads a time of a run given on the command line: a UTC time (<c>2024-08-08T23:56:00Z</c>; without an offset it is
/// taken as UTC) or a time after the recording's first event (<c>+90s</c>, <c>+2m</c>, <c>+1h</c>, <c>+500ms</c>).
/// </summary>
internal static class TimeArgument
{
    /// <summary>The forms in words, for an error message.</summary>
    public const string Form = "a UTC time such as 2024-08-08T23:56:00Z, or a time after the recording's first event such as +90s (units ms, s, m, h)";

    private static readonly (string Unit, long Nanoseconds)[] s_units = [("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000)];

    /// <summary>Reads the time.</summary>
    /// <param name="text">The argument.</param>
    /// <param name="firstEvent">The recording's first event's receive time, in ns since the Unix epoch.</param>
    /// <param name="nanoseconds">The time, in ns since the Unix epoch.</param>
    /// <returns>Whether it was read.</returns>
    public static bool TryParse(string text, long firstEvent, out long nanoseconds)
    {
        nanoseconds = 0;
        text = text.Trim();
        if (text.StartsWith('+'))
        {
            foreach (var (unit, scale) in s_units.OrderByDescending(u => u.Unit.Length))
            {
                if (text.EndsWith(unit, StringComparison.Ordinal)
                    && decimal.TryParse(text.AsSpan(1, text.Length - 1 - unit.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                    && amount * scale is var offset && offset <= long.MaxValue - firstEvent)
                {
                    nanoseconds = firstEvent + (long)offset;
                    return true;
                }
            }

            return false;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) && time >= DateTimeOffset.UnixEpoch)
        {
            nanoseconds = (time - DateTimeOffset.UnixEpoch).Ticks * 100;
            return true;
        }

        return false;
    }
}
