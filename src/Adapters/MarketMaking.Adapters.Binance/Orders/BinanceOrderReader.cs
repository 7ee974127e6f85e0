using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// Reads an order as Binance's REST queries answer it (<c>GET order</c>, <c>GET openOrders</c>), the same object on spot
/// and futures but for the quote amount: spot's <c>cummulativeQuoteQty</c>, USD-M's <c>cumQuote</c>, COIN-M's <c>cumBase</c>.
/// </summary>
/// <remarks>
/// Sources: <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/account-endpoints"/> (Query order),
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Query-Order"/>.
/// </remarks>
internal static class BinanceOrderReader
{
    /// <summary>Reads one order object.</summary>
    /// <exception cref="JsonException">A field is missing or not what Binance sends.</exception>
    public static VenueOrder Read(JsonElement order)
    {
        var type = Text(order, "type");
        var quantity = Decimal(order, "origQty");
        var filled = Decimal(order, "executedQty");
        var price = Decimal(order, "price");
        var average = order.TryGetProperty("avgPrice", out _) ? Decimal(order, "avgPrice")
            : filled > 0 && order.TryGetProperty("cummulativeQuoteQty", out _) ? Decimal(order, "cummulativeQuoteQty") / filled
            : 0m;
        var updated = order.TryGetProperty("updateTime", out var time) && time.ValueKind == JsonValueKind.Number ? time.GetInt64() * 1_000_000 : 0;
        var status = BinanceUserDataMessage.Status(Text(order, "status"));
        return new VenueOrder(
            VenueOrderId.Create(order.GetProperty("orderId").GetInt64().ToString(CultureInfo.InvariantCulture)),
            InstrumentId.Create(Text(order, "symbol")),
            Text(order, "side") == "BUY" ? Side.Buy : Side.Sell,
            type.Contains("MARKET", StringComparison.Ordinal) ? OrderType.Market : OrderType.Limit,
            status,
            new Quantity(quantity),
            new Quantity(filled))
        {
            ClientOrderId = ClientOrderId.Create(Text(order, "clientOrderId")),
            LimitPrice = price > 0 ? new Price(price) : null,
            AveragePrice = average > 0 ? new Price(average) : null,
            PostOnly = type == "LIMIT_MAKER" || (order.TryGetProperty("timeInForce", out var tif) && tif.GetString() == "GTX"),
            OpenedNanoseconds = order.TryGetProperty("time", out var opened) && opened.ValueKind == JsonValueKind.Number ? opened.GetInt64() * 1_000_000 : 0,
            ClosedNanoseconds = status is OrderStatus.Filled or OrderStatus.Canceled or OrderStatus.Expired or OrderStatus.Rejected ? updated : 0,
        };
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new JsonException($"An order needs the text field {name}");

    private static decimal Decimal(JsonElement element, string name) =>
        decimal.Parse(Text(element, name), NumberStyles.Float, CultureInfo.InvariantCulture);
}
