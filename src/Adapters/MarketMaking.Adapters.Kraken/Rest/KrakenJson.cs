using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Reads Kraken's JSON values exactly: decimals sent as strings or numbers (never through <see cref="double"/>), and
/// Unix times in seconds with a fraction. Each reader throws <see cref="FormatException"/> naming the property.
/// </summary>
internal static class KrakenJson
{
    public static JsonElement Required(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new FormatException($"'{name}' is missing");

    public static decimal GetDecimal(JsonElement element, string name) => ToDecimal(Required(element, name), $"'{name}'");

    public static decimal? GetOptionalDecimal(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? GetDecimal(element, name)
            : null;

    public static decimal ToDecimal(JsonElement value, string what) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDecimal(out var number) => number,
        JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var text) => text,
        _ => throw new FormatException($"{what} must be a decimal number, not {value.GetRawText()}"),
    };

    public static string GetString(JsonElement element, string name)
    {
        var value = Required(element, name);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"'{name}' must be a string, not {value.GetRawText()}");
    }

    public static string? GetOptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Unix seconds with a fraction (REST's <c>opentm</c>) to ns since the Unix epoch.</summary>
    public static long GetUnixSecondsAsNanoseconds(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? (long)decimal.Round(ToDecimal(value, $"'{name}'") * 1_000_000_000m)
            : 0;

    /// <summary>An RFC 3339 time (<c>2023-03-24T17:41:56Z</c>) to ns since the Unix epoch.</summary>
    public static long GetRfc3339AsNanoseconds(JsonElement element, string name)
    {
        var text = GetString(element, name);
        return KrakenTimestamp.TryParseUnixNanoseconds(System.Text.Encoding.UTF8.GetBytes(text), out var nanoseconds)
            ? nanoseconds
            : throw new FormatException($"'{name}' must be an RFC 3339 time, not '{text}'");
    }

    public static Side GetSide(JsonElement element, string name) => GetString(element, name) switch
    {
        "buy" => Side.Buy,
        "sell" => Side.Sell,
        var other => throw new FormatException($"'{name}' must be buy or sell, not '{other}'"),
    };
}
