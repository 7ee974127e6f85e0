using System.Globalization;
using MarketMaking.Simulation.Latency;

namespace MarketMaking.Cli.Backtesting;

/// <summary>
/// Reads a latency as given on the command line: a constant (<c>5ms</c>) or a constant plus a uniform jitter
/// (<c>5ms+2ms</c>: 5 to 7 ms), each a number with <c>ns</c>, <c>us</c>, <c>ms</c> or <c>s</c>.
/// </summary>
internal static class LatencySpec
{
    private static readonly (string Unit, double Nanoseconds)[] s_units = [("ns", 1), ("us", 1e3), ("ms", 1e6), ("s", 1e9)];

    /// <summary>The form in words, for an error message.</summary>
    public const string Form = "a time such as 5ms, or a time and the largest jitter such as 5ms+2ms (units ns, us, ms, s; at most 60 s)";

    public static bool TryParse(string text, out LatencyOptions latency)
    {
        latency = new LatencyOptions();
        var parts = text.Split('+');
        if (parts.Length > 2 || !TryTime(parts[0], out var fixedPart))
        {
            return false;
        }

        var jitter = TimeSpan.Zero;
        if (parts.Length == 2 && !TryTime(parts[1], out jitter))
        {
            return false;
        }

        latency = new LatencyOptions { Fixed = fixedPart, Jitter = jitter };
        return true;
    }

    private static bool TryTime(string text, out TimeSpan time)
    {
        time = TimeSpan.Zero;
        text = text.Trim();
        if (text == "0")
        {
            return true;
        }

        // The longest unit that ends the text ("ms" before "s").
        foreach (var (unit, nanoseconds) in s_units.OrderByDescending(u => u.Unit.Length))
        {
            if (text.EndsWith(unit, StringComparison.Ordinal)
                && double.TryParse(text.AsSpan(0, text.Length - unit.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                && value * nanoseconds is var total && total <= 60e9)
            {
                time = TimeSpan.FromTicks((long)Math.Round(total / 100));
                return true;
            }
        }

        return false;
    }
}
