using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// Reads a v5 public <c>publicTrade.{symbol}</c> message:
/// <c>{"topic", "type": "snapshot", "ts", "data": [{"T", "s", "S", "v", "p", "i", …}]}</c>, one trade per item:
/// <c>T</c> its time (ms), <c>S</c> the taker's side, <c>v</c> the quantity, <c>p</c> the price, <c>i</c> its id.
/// </summary>
/// <remarks>Source: https://bybit-exchange.github.io/docs/v5/websocket/public/trade.</remarks>
internal static class BybitPublicTradeMessage
{
    /// <summary>Reads a message's trades, in the order given.</summary>
    /// <param name="json">The message's UTF-8 JSON.</param>
    /// <param name="venue">The venue id the trades carry.</param>
    /// <param name="receivedAt">When it was received, in ns since the Unix epoch (<see cref="VenueEvent.TsInit"/>); each trade's <c>T</c> (ms) is its <see cref="VenueEvent.TsEvent"/>.</param>
    /// <returns>The trades.</returns>
    /// <exception cref="JsonException">The message is not a trade message (the text says which field).</exception>
    public static IReadOnlyList<Trade> Parse(ReadOnlySpan<byte> json, VenueId venue, long receivedAt)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("A trade message needs a data array");
        }

        var trades = new List<Trade>(data.GetArrayLength());
        foreach (var item in data.EnumerateArray())
        {
            var side = Text(item, "S") switch
            {
                "Buy" => Side.Buy,
                "Sell" => Side.Sell,
                var other => throw new JsonException($"A trade's S is Buy or Sell, not '{other}'"),
            };
            var time = item.TryGetProperty("T", out var t) && t.TryGetInt64(out var milliseconds) ? milliseconds : throw new JsonException("A trade needs the whole number T");
            trades.Add(new Trade(venue, InstrumentId.Create(Text(item, "s")), new Price(Decimal(item, "p")), new Quantity(Decimal(item, "v")), side, TradeId.Create(Text(item, "i")), time * 1_000_000, receivedAt));
        }

        return trades;
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new JsonException($"A trade needs the text field {name}");

    private static decimal Decimal(JsonElement element, string name) =>
        decimal.TryParse(Text(element, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new JsonException($"A trade's {name} is a decimal as text");
}
