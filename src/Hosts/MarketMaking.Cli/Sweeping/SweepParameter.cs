using System.Globalization;

namespace MarketMaking.Cli.Sweeping;

/// <summary>
/// One setting a sweep varies: a configuration key (sections joined by ':') and its values, listed
/// (<c>MarketMaker:SpreadBps=5,10,20</c>) or, for random samples, a range (<c>MarketMaker:SpreadBps=5..20</c>, drawn
/// uniformly and rounded to the bounds' decimals).
/// </summary>
internal sealed record SweepParameter(string Key, IReadOnlyList<string> Values, (decimal Low, decimal High, int Decimals)? Range)
{
    /// <summary>Parses <c>KEY=V1,V2,…</c> or <c>KEY=LOW..HIGH</c>.</summary>
    /// <exception cref="FormatException">Not of either shape; the message says what was expected.</exception>
    public static SweepParameter Parse(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new FormatException($"--param {text}: expected KEY=V1,V2,... or KEY=LOW..HIGH, such as MarketMaker:SpreadBps=5,10,20");
        }

        var key = text[..equals].Trim();
        var values = text[(equals + 1)..].Trim();
        var dots = values.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0)
        {
            var list = values.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return list.Distinct(StringComparer.Ordinal).Count() == list.Length
                ? new SweepParameter(key, list, null)
                : throw new FormatException($"--param {text}: a value is listed twice");
        }

        if (!decimal.TryParse(values[..dots], NumberStyles.Number, CultureInfo.InvariantCulture, out var low)
            || !decimal.TryParse(values[(dots + 2)..], NumberStyles.Number, CultureInfo.InvariantCulture, out var high) || high <= low)
        {
            throw new FormatException($"--param {text}: a range is LOW..HIGH with LOW < HIGH, such as 5..20");
        }

        return new SweepParameter(key, [], (low, high, Math.Max(low.Scale, high.Scale)));
    }

    /// <summary>Draws a value of the range, or of the list.</summary>
    public string Draw(Random random) => Range is var (low, high, decimals)
        ? decimal.Round(low + ((high - low) * (decimal)random.NextDouble()), decimals).ToString(CultureInfo.InvariantCulture)
        : Values[random.Next(Values.Count)];
}
