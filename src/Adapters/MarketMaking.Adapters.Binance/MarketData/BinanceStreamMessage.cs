using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// Reads one message of a Binance combined-stream connection: a stream envelope <c>{"stream":…,"data":…}</c> into a
/// venue-neutral event, or the answer to a request (<c>{"result":…,"id":…}</c>, <c>{"error":{"code","msg"},"id":…}</c>).
/// </summary>
/// <remarks>
/// <c>depthUpdate</c> becomes a <see cref="BookDelta"/> with <c>U</c>, <c>u</c> and, on futures, <c>pu</c>; <c>trade</c> and
/// <c>aggTrade</c> a <see cref="Trade"/> (<c>m</c> true: the buyer was the maker, so the aggressor sold); <c>bookTicker</c>
/// a <see cref="TopOfBook"/> with its update id <c>u</c>; futures' <c>markPriceUpdate</c> a <see cref="MarkPriceUpdate"/>
/// (mark <c>p</c>, index <c>i</c>, funding rate <c>r</c>, next funding time <c>T</c>). The symbol is the instrument id (<c>BTCUSDT</c>). Sources:
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams"/>.
/// </remarks>
internal readonly record struct BinanceStreamMessage(MarketDataEvent? Event, long? ReplyId, VenueError? ReplyError, string? Problem)
{
    /// <summary>Reads a message.</summary>
    /// <param name="message">The UTF-8 JSON text.</param>
    /// <param name="venue">The venue to stamp on events.</param>
    /// <param name="tsInit">The receive time, ns since the Unix epoch.</param>
    /// <returns>The event, the answer, nothing (a stream the adapter does not read), or the problem with the message.</returns>
    public static BinanceStreamMessage Read(ReadOnlySpan<byte> message, VenueId venue, long tsInit)
    {
        try
        {
            var reader = new Utf8JsonReader(message);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail("not a JSON object");
            }

            if (root.TryGetProperty("stream", out var stream) && root.TryGetProperty("data", out var data))
            {
                return new BinanceStreamMessage(ReadStream(stream.GetString() ?? string.Empty, data, venue, tsInit), null, null, null);
            }

            if (root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number)
            {
                var error = root.TryGetProperty("error", out var failure) && failure.ValueKind == JsonValueKind.Object
                    ? BinanceErrors.Map(Require(failure, "code").GetInt32(), failure.TryGetProperty("msg", out var text) ? text.GetString() : null)
                    : null;
                return new BinanceStreamMessage(null, id.GetInt64(), error, null);
            }

            return Fail("neither a stream envelope nor an answer");
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or OverflowException or ArgumentException)
        {
            return Fail(exception.Message);
        }
    }

    private static BinanceStreamMessage Fail(string problem) => new(null, null, null, problem);

    private static MarketDataEvent? ReadStream(string stream, JsonElement data, VenueId venue, long tsInit)
    {
        var instrument = InstrumentId.Create(Require(data, "s").GetString()!);
        if (stream.Contains("@depth", StringComparison.Ordinal))
        {
            return new BookDelta(venue, instrument, Levels(Require(data, "b")), Levels(Require(data, "a")), Milliseconds(data, "E"), tsInit)
            {
                FirstUpdateId = Require(data, "U").GetInt64(),
                FinalUpdateId = Require(data, "u").GetInt64(),
                PreviousFinalUpdateId = data.TryGetProperty("pu", out var previous) ? previous.GetInt64() : null,
            };
        }

        if (stream.EndsWith("@trade", StringComparison.Ordinal) || stream.EndsWith("@aggTrade", StringComparison.Ordinal))
        {
            var id = data.TryGetProperty("t", out var tradeId) ? tradeId : Require(data, "a");
            return new Trade(
                venue,
                instrument,
                Price.Parse(Require(data, "p").GetString()!),
                Quantity.Parse(Require(data, "q").GetString()!),
                Require(data, "m").GetBoolean() ? Side.Sell : Side.Buy,
                new TradeId(id.GetInt64().ToString(CultureInfo.InvariantCulture)),
                Milliseconds(data, "T"),
                tsInit);
        }

        if (stream.EndsWith("@bookTicker", StringComparison.Ordinal))
        {
            return new TopOfBook(
                venue,
                instrument,
                Price.Parse(Require(data, "b").GetString()!),
                Quantity.Parse(Require(data, "B").GetString()!),
                Price.Parse(Require(data, "a").GetString()!),
                Quantity.Parse(Require(data, "A").GetString()!),
                Milliseconds(data, "T"),
                tsInit)
            {
                UpdateId = Require(data, "u").GetInt64(),
            };
        }

        if (stream.Contains("@markPrice", StringComparison.Ordinal))
        {
            var index = data.TryGetProperty("i", out var indexPrice) && indexPrice.GetString() is { Length: > 0 } text ? Price.Parse(text) : (Price?)null;
            return new MarkPriceUpdate(
                venue,
                instrument,
                Price.Parse(Require(data, "p").GetString()!),
                index,
                decimal.Parse(Require(data, "r").GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
                Milliseconds(data, "T"),
                Milliseconds(data, "E"),
                tsInit);
        }

        return null;
    }

    /// <summary>Reads <c>[["price","quantity"],…]</c>.</summary>
    public static ImmutableArray<BookLevel> Levels(JsonElement levels)
    {
        var builder = ImmutableArray.CreateBuilder<BookLevel>(levels.GetArrayLength());
        foreach (var level in levels.EnumerateArray())
        {
            builder.Add(new BookLevel(Price.Parse(level[0].GetString()!), Quantity.Parse(level[1].GetString()!)));
        }

        return builder.MoveToImmutable();
    }

    /// <summary>A millisecond timestamp field in ns, or 0 when absent (spot's <c>bookTicker</c> carries none).</summary>
    public static long Milliseconds(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() * 1_000_000L : 0;

    /// <summary>A field that must be there.</summary>
    public static JsonElement Require(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : throw new FormatException($"missing '{name}'");
}
