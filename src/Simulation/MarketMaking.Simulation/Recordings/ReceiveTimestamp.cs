using System.Globalization;

namespace MarketMaking.Simulation.Recordings;

/// <summary>Parses the local receive timestamp recorders put in front of each raw frame.</summary>
internal static class ReceiveTimestamp
{
    /// <summary>
    /// Splits <c>&lt;integer ts&gt; &lt;payload&gt;</c>: 19 digits are ns since the Unix epoch and 16 digits are µs
    /// (hftbacktest's collector writes either). A line that starts with the payload has no timestamp.
    /// </summary>
    public static bool TrySplitInteger(string line, out long unixNanoseconds, out int payloadStart)
    {
        unixNanoseconds = 0;
        payloadStart = 0;
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !char.IsAsciiDigit(line[0]))
        {
            return true;
        }

        if (!long.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        switch (space)
        {
            case 19:
                unixNanoseconds = value;
                break;
            case 16:
                unixNanoseconds = value * 1_000;
                break;
            default:
                return false;
        }

        payloadStart = space + 1;
        return true;
    }

    /// <summary>Converts Unix seconds with a fraction (<c>1618678134.215185</c>) to ns, exactly.</summary>
    public static bool TryParseSeconds(ReadOnlySpan<char> text, out long unixNanoseconds)
    {
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            unixNanoseconds = (long)(seconds * 1_000_000_000m);
            return true;
        }

        unixNanoseconds = 0;
        return false;
    }
}
