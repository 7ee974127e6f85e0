using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// Reads a v5 private <c>position</c> message (<c>{"topic": "position", "creationTime", "data": [...]}</c>): each
/// entry into a <see cref="PositionUpdate"/>, its quantity the <c>size</c> signed by <c>side</c> (<c>Buy</c> long,
/// <c>Sell</c> short, empty when flat), with <c>entryPrice</c>, <c>markPrice</c> and <c>liqPrice</c> (empty: none).
/// </summary>
/// <remarks>
/// Bybit pushes one after every order created, amended or canceled, changed or not. Source:
/// https://bybit-exchange.github.io/docs/v5/websocket/private/position.
/// </remarks>
internal static class BybitPositionMessage
{
    /// <summary>Reads one message.</summary>
    /// <param name="json">The message's UTF-8 JSON.</param>
    /// <param name="venue">The venue id the positions carry.</param>
    /// <param name="receivedAt">When it was received, in ns since the Unix epoch; an entry's <c>updatedTime</c> (ms), else <c>creationTime</c>, is the event time.</param>
    /// <returns>The positions, in the message's order.</returns>
    /// <exception cref="JsonException">An entry's symbol or size is missing, or a number is not one (the text names it).</exception>
    public static IReadOnlyList<PositionUpdate> Parse(ReadOnlySpan<byte> json, VenueId venue, long receivedAt)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var (data, created) = BybitJson.PrivateData(root, "position", receivedAt);
        var positions = new List<PositionUpdate>();
        foreach (var entry in data.EnumerateArray())
        {
            var symbol = entry.TryGetProperty("symbol", out var name) && name.GetString() is { Length: > 0 } text ? text : throw new JsonException("A position needs its symbol");
            var size = Decimal(entry, "size") ?? throw new JsonException($"The position on {symbol} needs its size");
            var quantity = entry.TryGetProperty("side", out var side) && side.GetString() == "Sell" ? -size : size;
            var updated = Decimal(entry, "updatedTime") is { } time and > 0 ? (long)time * 1_000_000 : created;
            positions.Add(new PositionUpdate(venue, InstrumentId.Create(symbol), quantity, updated, receivedAt)
            {
                EntryPrice = Decimal(entry, "entryPrice") is { } entryPrice and > 0 ? entryPrice : null,
                MarkPrice = Decimal(entry, "markPrice") is { } mark and > 0 ? mark : null,
                LiquidationPrice = quantity != 0 && Decimal(entry, "liqPrice") is { } liquidation and > 0 ? liquidation : null,
            });
        }

        return positions;
    }

    private static decimal? Decimal(JsonElement entry, string name) => BybitJson.OptionalDecimal(entry, name, "A position");
}
