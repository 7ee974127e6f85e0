using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// Reads a v5 public <c>orderbook.{depth}.{symbol}</c> message:
/// <c>{"topic", "type": "snapshot"|"delta", "ts", "data": {"s", "b": [[price, size]], "a": [...], "u", "seq"}, "cts"}</c>,
/// a size of <c>"0"</c> deleting its level.
/// </summary>
/// <remarks>Source: https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook. The fields are read by name, not order (spot sends them in another order).</remarks>
public static class BybitOrderBookMessage
{
    /// <summary>Reads a message as a snapshot (<see cref="BookSnapshot.LastUpdateId"/> = <c>u</c>) or a delta (first and final update id = <c>u</c>).</summary>
    /// <param name="json">The message's UTF-8 JSON.</param>
    /// <param name="venue">The venue id the event carries.</param>
    /// <param name="receivedAt">When it was received, in ns since the Unix epoch (<see cref="VenueEvent.TsInit"/>); <c>ts</c> (ms) is its <see cref="VenueEvent.TsEvent"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="JsonException">The message is not an order book message (the text says which field).</exception>
    public static MarketDataEvent Parse(ReadOnlySpan<byte> json, VenueId venue, long receivedAt)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var type = Text(root, "type");
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("An order book message needs a data object");
        }

        var instrument = InstrumentId.Create(Text(data, "s"));
        var bids = Levels(data, "b");
        var asks = Levels(data, "a");
        var updateId = Number(data, "u");
        var exchangeTime = Number(root, "ts") * 1_000_000;
        return type switch
        {
            "snapshot" => new BookSnapshot(venue, instrument, bids, asks, exchangeTime, receivedAt) { LastUpdateId = updateId },
            "delta" => new BookDelta(venue, instrument, bids, asks, exchangeTime, receivedAt) { FirstUpdateId = updateId, FinalUpdateId = updateId },
            _ => throw new JsonException($"An order book message's type is snapshot or delta, not '{type}'"),
        };
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new JsonException($"An order book message needs the text field {name}");

    private static long Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : throw new JsonException($"An order book message needs the whole number {name}");

    private static ImmutableArray<BookLevel> Levels(JsonElement data, string name)
    {
        if (!data.TryGetProperty(name, out var levels) || levels.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"An order book message needs the array {name}");
        }

        var builder = ImmutableArray.CreateBuilder<BookLevel>(levels.GetArrayLength());
        foreach (var level in levels.EnumerateArray())
        {
            if (level.ValueKind != JsonValueKind.Array || level.GetArrayLength() < 2
                || !decimal.TryParse(level[0].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var price)
                || !decimal.TryParse(level[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var size))
            {
                throw new JsonException($"A level of {name} is [\"price\", \"size\"] as text, not {level.GetRawText()}");
            }

            builder.Add(new BookLevel(new Price(price), new Quantity(size)));
        }

        return builder.MoveToImmutable();
    }
}
