using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// How MEXC writes values in JSON, for the Spot and Futures readers: decimals as strings or numbers (read with the
/// invariant culture; <c>""</c> and <c>null</c> are zero), ids as strings or numbers (kept as text, never through a
/// double), levels as <c>[price, quantity, ...]</c>.
/// </summary>
internal static class MexcJson
{
    /// <summary>Runs a read, turning a shape MEXC was not expected to answer with into a malformed-response failure.</summary>
    public static VenueResult<T> Read<T>(string who, Func<T> read)
    {
        try
        {
            return VenueResult<T>.Success(read());
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
        {
            return VenueResult<T>.Failure(VenueError.MalformedResponse($"{who} answered in an unexpected shape: {exception.Message}"));
        }
    }

    public static string Text(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString()!;

    public static long Int64(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetInt64() : long.Parse(value.GetString()!, CultureInfo.InvariantCulture);

    public static decimal Decimal(JsonElement parent, string name) => parent.TryGetProperty(name, out var value) ? Decimal(value) : 0m;

    public static decimal Decimal(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => decimal.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.String when value.GetString() is { Length: > 0 } text => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.String or JsonValueKind.Null => 0m,
        _ => throw new FormatException($"expected a decimal, got {value.ValueKind}"),
    };

    public static ImmutableArray<BookLevel> Levels(JsonElement levels) =>
        levels.EnumerateArray().Select(l => new BookLevel(new Price(Decimal(l[0])), new Quantity(Decimal(l[1])))).ToImmutableArray();
}
