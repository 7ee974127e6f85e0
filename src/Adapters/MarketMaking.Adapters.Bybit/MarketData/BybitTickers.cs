using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// Keeps a linear <c>tickers.{symbol}</c> topic's fields and reads each message into the perpetual's mark price and
/// funding. Bybit sends a <c>snapshot</c> with every field, then <c>delta</c>s holding only the fields that changed, so
/// a delta is read over what came before; a delta before any snapshot, or without a mark price yet, gives nothing.
/// </summary>
/// <remarks>
/// Fields read: <c>symbol</c>, <c>markPrice</c>, <c>indexPrice</c>, <c>fundingRate</c>, <c>nextFundingTime</c> (ms);
/// the message's <c>ts</c> (ms) is the event time. Source: https://bybit-exchange.github.io/docs/v5/websocket/public/ticker.
/// Not thread-safe: one reader (the stream's receive loop).
/// </remarks>
internal sealed class BybitTickers
{
    private readonly Dictionary<string, Fields> _bySymbol = new(StringComparer.Ordinal);

    /// <summary>Reads a ticker message over the symbol's fields so far.</summary>
    /// <param name="json">The message's UTF-8 JSON.</param>
    /// <param name="venue">The venue id the event carries.</param>
    /// <param name="receivedAt">When it was received, in ns since the Unix epoch.</param>
    /// <returns>The mark price and funding as they now stand, or <see langword="null"/> while the mark price is not known.</returns>
    /// <exception cref="JsonException">The message is not a ticker message, or a field is not a number as text.</exception>
    public MarkPriceUpdate? Read(ReadOnlySpan<byte> json, VenueId venue, long receivedAt)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("symbol", out var symbolField) || symbolField.GetString() is not { Length: > 0 } symbol)
        {
            throw new JsonException("A ticker message needs a data object with its symbol");
        }

        var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type == "snapshot")
        {
            _bySymbol[symbol] = new Fields();
        }
        else if (type != "delta")
        {
            throw new JsonException($"A ticker message's type is snapshot or delta, not '{type}'");
        }

        if (!_bySymbol.TryGetValue(symbol, out var fields))
        {
            return null;
        }

        fields.Mark = Decimal(data, "markPrice") ?? fields.Mark;
        fields.Index = Decimal(data, "indexPrice") ?? fields.Index;
        fields.FundingRate = Decimal(data, "fundingRate") ?? fields.FundingRate;
        fields.NextFunding = Decimal(data, "nextFundingTime") is { } next ? (long)next * 1_000_000 : fields.NextFunding;
        var time = root.TryGetProperty("ts", out var ts) && ts.TryGetInt64(out var milliseconds) ? milliseconds * 1_000_000 : receivedAt;
        return fields.Mark is { } mark
            ? new MarkPriceUpdate(venue, InstrumentId.Create(symbol), new Price(mark), fields.Index is { } index ? new Price(index) : null, fields.FundingRate, fields.NextFunding, time, receivedAt)
            : null;
    }

    /// <summary>Forgets every symbol's fields: after a reconnection, each topic starts again with a snapshot.</summary>
    public void Clear() => _bySymbol.Clear();

    private static decimal? Decimal(JsonElement data, string name) => BybitJson.OptionalDecimal(data, name, "A ticker");

    private sealed class Fields
    {
        public decimal? Mark { get; set; }

        public decimal? Index { get; set; }

        public decimal FundingRate { get; set; }

        public long NextFunding { get; set; }
    }
}
