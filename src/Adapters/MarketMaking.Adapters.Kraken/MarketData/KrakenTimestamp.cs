namespace MarketMaking.Adapters.Kraken;

/// <summary>Parses the RFC 3339 timestamps of Kraken WebSocket v2 (<c>2023-07-30T15:29:58.343415Z</c>) to ns since the Unix epoch, without allocating.</summary>
public static class KrakenTimestamp
{
    /// <summary>Tries to parse an RFC 3339 UTC timestamp with an optional fraction of up to 9 digits and a <c>Z</c> or <c>±hh:mm</c> offset.</summary>
    /// <param name="utf8Text">The UTF-8 text.</param>
    /// <param name="unixNanoseconds">The instant in ns since the Unix epoch.</param>
    /// <returns><see langword="false"/> when the text is not such a timestamp.</returns>
    public static bool TryParseUnixNanoseconds(ReadOnlySpan<byte> utf8Text, out long unixNanoseconds)
    {
        unixNanoseconds = 0;
        if (utf8Text.Length < 20
            || utf8Text[4] != '-' || utf8Text[7] != '-' || (utf8Text[10] | 0x20) != 't' || utf8Text[13] != ':' || utf8Text[16] != ':'
            || !TryDigits(utf8Text[..4], out var year) || !TryDigits(utf8Text.Slice(5, 2), out var month)
            || !TryDigits(utf8Text.Slice(8, 2), out var day) || !TryDigits(utf8Text.Slice(11, 2), out var hour)
            || !TryDigits(utf8Text.Slice(14, 2), out var minute) || !TryDigits(utf8Text.Slice(17, 2), out var second)
            || year < 1970 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var position = 19;
        long fractionNanoseconds = 0;
        if (utf8Text[position] == '.')
        {
            position++;
            var digits = 0;
            while (position < utf8Text.Length && (uint)(utf8Text[position] - '0') <= 9)
            {
                if (digits < 9)
                {
                    fractionNanoseconds = (fractionNanoseconds * 10) + (utf8Text[position] - '0');
                    digits++;
                }

                position++;
            }

            if (digits == 0)
            {
                return false;
            }

            for (; digits < 9; digits++)
            {
                fractionNanoseconds *= 10;
            }
        }

        if (!TryOffsetSeconds(utf8Text[position..], out var offsetSeconds))
        {
            return false;
        }

        var utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        var seconds = ((utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond) - offsetSeconds;
        unixNanoseconds = (seconds * 1_000_000_000L) + fractionNanoseconds;
        return true;
    }

    private static bool TryOffsetSeconds(ReadOnlySpan<byte> text, out long offsetSeconds)
    {
        offsetSeconds = 0;
        if (text.Length == 1 && (text[0] | 0x20) == 'z')
        {
            return true;
        }

        if (text.Length != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':'
            || !TryDigits(text.Slice(1, 2), out var hours) || !TryDigits(text.Slice(4, 2), out var minutes))
        {
            return false;
        }

        offsetSeconds = ((hours * 60L) + minutes) * 60L * (text[0] == '-' ? -1 : 1);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }
}
