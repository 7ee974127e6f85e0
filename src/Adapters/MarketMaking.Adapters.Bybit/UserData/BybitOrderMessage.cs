using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// Reads a v5 private <c>order</c> message (<c>{"topic":"order","data":[…]}</c>) into order updates: status, quantity,
/// limit price, cumulative fill and average price, post-only, and the reject reason.
/// </summary>
/// <remarks>Source: <see href="https://bybit-exchange.github.io/docs/v5/websocket/private/order"/>.</remarks>
public static class BybitOrderMessage
{
    /// <summary>Parses one message.</summary>
    /// <param name="json">The message.</param>
    /// <param name="venue">The venue id the updates carry.</param>
    /// <param name="receivedAt">When it was received, in ns since the Unix epoch.</param>
    /// <returns>One update per order in <c>data</c>.</returns>
    /// <exception cref="JsonException">A field is missing or not what Bybit sends.</exception>
    public static IReadOnlyList<OrderUpdate> Parse(ReadOnlySpan<byte> json, VenueId venue, long receivedAt)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("An order message needs the array data");
        }

        return [.. data.EnumerateArray().Select(order => Update(order, venue, receivedAt))];
    }

    /// <summary>Bybit's <c>orderStatus</c> as the platform's.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The status.</returns>
    /// <exception cref="JsonException">An unknown status.</exception>
    public static OrderStatus StatusOf(string status) => status switch
    {
        "New" or "Untriggered" or "Triggered" => OrderStatus.Accepted,
        "PartiallyFilled" => OrderStatus.PartiallyFilled,
        "Filled" => OrderStatus.Filled,
        "Cancelled" or "PartiallyFilledCanceled" or "Deactivated" => OrderStatus.Canceled,
        "Rejected" => OrderStatus.Rejected,
        _ => throw new JsonException($"orderStatus is an order status, not '{status}'"),
    };

    /// <summary>Reads one order object of <c>/v5/order/realtime</c> (the same fields as the <c>order</c> topic) as the venue reports it.</summary>
    /// <param name="order">The order object.</param>
    /// <returns>The order.</returns>
    /// <exception cref="JsonException">A field is missing or not what Bybit sends.</exception>
    public static VenueOrder ReadOrder(JsonElement order)
    {
        var update = Update(order, default, 0);
        var status = update.Status;
        return new VenueOrder(update.VenueOrderId, update.Instrument!.Value, update.Side!.Value, update.OrderType!.Value, status, update.Quantity!.Value, update.FilledQuantity!.Value)
        {
            ClientOrderId = update.ClientOrderId,
            LimitPrice = update.LimitPrice,
            AveragePrice = update.AveragePrice,
            PostOnly = update.PostOnly == true,
            OpenedNanoseconds = order.TryGetProperty("createdTime", out var created) && long.TryParse(created.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms * 1_000_000 : 0,
            ClosedNanoseconds = status is OrderStatus.Filled or OrderStatus.Canceled or OrderStatus.Rejected ? update.TsEvent : 0,
            Reason = update.Reason,
        };
    }

    private static OrderUpdate Update(JsonElement order, VenueId venue, long receivedAt)
    {
        var link = order.TryGetProperty("orderLinkId", out var id) ? id.GetString() : null;
        var price = Decimal(order, "price");
        var average = order.TryGetProperty("avgPrice", out var avg) && avg.GetString() is { Length: > 0 } text ? decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : 0m;
        return new OrderUpdate(
            venue,
            VenueOrderId.Create(Text(order, "orderId")),
            StatusOf(Text(order, "orderStatus")),
            long.Parse(Text(order, "updatedTime"), NumberStyles.None, CultureInfo.InvariantCulture) * 1_000_000,
            receivedAt)
        {
            ClientOrderId = ClientOrderId.TryCreate(link, out var clientId) ? clientId : null,
            Instrument = InstrumentId.Create(Text(order, "symbol")),
            Side = Text(order, "side") == "Buy" ? Side.Buy : Side.Sell,
            OrderType = Text(order, "orderType") == "Market" ? Models.OrderType.Market : Models.OrderType.Limit,
            LimitPrice = price > 0 ? new Price(price) : null,
            Quantity = new Quantity(Decimal(order, "qty")),
            FilledQuantity = new Quantity(Decimal(order, "cumExecQty")),
            AveragePrice = average > 0 ? new Price(average) : null,
            PostOnly = order.TryGetProperty("timeInForce", out var tif) && tif.GetString() == "PostOnly",
            Reason = order.TryGetProperty("rejectReason", out var reason) && reason.GetString() is { Length: > 0 } why && why != "EC_NoError" ? why : null,
        };
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new JsonException($"An order needs the text field {name}");

    private static decimal Decimal(JsonElement element, string name) =>
        decimal.TryParse(Text(element, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new JsonException($"An order's {name} is a decimal number as text");
}
