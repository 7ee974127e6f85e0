using System.Globalization;
using System.Text.Json;

namespace MarketMaking.Simulation.KrakenProtocol;

/// <summary>How Kraken writes numbers and times on WebSocket v2: numbers with the pair's precision, RFC 3339 UTC times with microseconds.</summary>
internal static class KrakenWireFormat
{
    /// <summary>Writes a decimal as a JSON number with exactly <paramref name="decimals"/> decimals (<c>0.00100000</c>), as Kraken does.</summary>
    public static void WriteFixed(Utf8JsonWriter writer, string name, decimal value, int decimals)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue(Fixed(value, decimals), skipInputValidation: true);
    }

    /// <summary>Formats a decimal with exactly <paramref name="decimals"/> decimals.</summary>
    public static string Fixed(decimal value, int decimals) =>
        decimal.Round(value, decimals).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>
    /// Formats ns since the Unix epoch as RFC 3339 UTC with nanoseconds, <c>2024-08-08T00:00:00.123456789Z</c> (Kraken
    /// sends microseconds; RFC 3339 allows any fraction, and the replayed recordings have ns receive times).
    /// </summary>
    public static string Timestamp(long unixNanoseconds)
    {
        var seconds = Math.DivRem(unixNanoseconds, 1_000_000_000, out var nanoseconds);
        return DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            + "." + nanoseconds.ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }

    /// <summary>Formats ns since the Unix epoch as Kraken's REST Unix seconds with a fraction.</summary>
    public static decimal UnixSeconds(long unixNanoseconds) => unixNanoseconds / 1_000_000_000m;
}
