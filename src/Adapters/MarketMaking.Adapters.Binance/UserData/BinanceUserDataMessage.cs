using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// Reads user data stream events into the platform's events. Spot: <c>executionReport</c> into an
/// <see cref="OrderUpdate"/> (and a <see cref="FillEvent"/> when it reports a trade), <c>outboundAccountPosition</c> into
/// a <see cref="BalanceUpdate"/> per asset. Futures: <c>ORDER_TRADE_UPDATE</c> likewise (post-only is time in force
/// <c>GTX</c>, the average price <c>ap</c>), <c>ACCOUNT_UPDATE</c> into a <see cref="BalanceUpdate"/> per wallet balance,
/// a <see cref="PositionUpdate"/> per one-way position in <c>P</c> (amount <c>pa</c>, entry <c>ep</c>; the stream gives no
/// mark or liquidation price) and, when its reason is <c>FUNDING_FEE</c>, a <see cref="FundingPayment"/> per balance change. The WebSocket API's
/// envelope (<c>{"subscriptionId", "event"}</c>) or the bare event are both taken; any other event gives nothing.
/// </summary>
/// <remarks>
/// Sources: https://developers.binance.com/docs/binance-spot-api-docs/user-data-stream ("Order Update", "Account
/// Update"); https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams (Event: Order Update,
/// Event: Balance and Position Update). A canceled order's report names the cancel request in <c>c</c> and the order in <c>C</c>: the order's
/// client id is taken from <c>C</c> when it is not empty. The average price is cumulative quote / cumulative quantity.
/// </remarks>
public static class BinanceUserDataMessage
{
    /// <summary>Reads one message.</summary>
    /// <param name="json">The message's UTF-8 JSON.</param>
    /// <param name="venue">The venue id the events carry.</param>
    /// <param name="receivedAt">When it was received, in ns since the Unix epoch (<see cref="VenueEvent.TsInit"/>).</param>
    /// <returns>The events, in the order to apply them (the order's update before its fill); empty for an event not read here.</returns>
    /// <exception cref="JsonException">A field the event needs is missing or of the wrong kind (the text names it).</exception>
    public static IReadOnlyList<VenueEvent> Parse(ReadOnlySpan<byte> json, VenueId venue, long receivedAt)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var message = root.TryGetProperty("event", out var wrapped) ? wrapped : root;
        return (message.TryGetProperty("e", out var type) ? type.GetString() : null) switch
        {
            "executionReport" => ExecutionReport(message, Number(message, "E") * 1_000_000, futures: false, venue, receivedAt),
            "ORDER_TRADE_UPDATE" => message.TryGetProperty("o", out var order)
                ? ExecutionReport(order, Number(message, "E") * 1_000_000, futures: true, venue, receivedAt)
                : throw new JsonException("ORDER_TRADE_UPDATE needs the object o"),
            "outboundAccountPosition" => AccountPosition(message, venue, receivedAt),
            "ACCOUNT_UPDATE" => AccountUpdate(message, venue, receivedAt),
            _ => [],
        };
    }

    private static List<VenueEvent> ExecutionReport(JsonElement report, long eventTime, bool futures, VenueId venue, long receivedAt)
    {
        var instrument = InstrumentId.Create(Text(report, "s"));
        var orderId = VenueOrderId.Create(Number(report, "i").ToString(CultureInfo.InvariantCulture));
        var side = Text(report, "S") == "BUY" ? Side.Buy : Side.Sell;
        var status = Status(Text(report, "X"));
        // Spot names a cancel's request in c and the order in C; futures keep the order's own id in c.
        var original = report.TryGetProperty("C", out var c) ? c.GetString() : null;
        ClientOrderId? clientId = ClientOrderId.TryCreate(string.IsNullOrEmpty(original) ? Text(report, "c") : original, out var id) ? id : null;
        var filled = Decimal(report, "z");
        var averagePrice = futures ? Decimal(report, "ap") : filled > 0 ? Decimal(report, "Z") / filled : 0m;
        var update = new OrderUpdate(venue, orderId, status, eventTime, receivedAt)
        {
            ClientOrderId = clientId,
            Instrument = instrument,
            Side = side,
            OrderType = Text(report, "o") == "MARKET" ? OrderType.Market : OrderType.Limit,
            LimitPrice = Decimal(report, "p") is > 0 and var price ? new Price(price) : null,
            Quantity = new Quantity(Decimal(report, "q")),
            FilledQuantity = new Quantity(filled),
            AveragePrice = filled > 0 && averagePrice > 0 ? new Price(averagePrice) : null,
            PostOnly = futures ? Text(report, "f") == "GTX" : Text(report, "o") == "LIMIT_MAKER",
            Reason = futures || Text(report, "r") is "NONE" ? null : Text(report, "r"),
        };
        List<VenueEvent> events = [update];
        if (Text(report, "x") == "TRADE")
        {
            events.Add(new FillEvent(venue, instrument, orderId, TradeId.Create(Number(report, "t").ToString(CultureInfo.InvariantCulture)), side, new Price(Decimal(report, "L")), new Quantity(Decimal(report, "l")), Number(report, "T") * 1_000_000, receivedAt)
            {
                ClientOrderId = clientId,
                Liquidity = report.TryGetProperty("m", out var maker) && maker.ValueKind == JsonValueKind.True ? LiquiditySide.Maker : LiquiditySide.Taker,
                Fee = Decimal(report, "n"),
                FeeAsset = report.TryGetProperty("N", out var asset) && asset.ValueKind == JsonValueKind.String ? AssetId.Create(asset.GetString()!) : null,
                OrderStatus = status,
            });
        }

        return events;
    }

    private static List<VenueEvent> AccountPosition(JsonElement position, VenueId venue, long receivedAt)
    {
        var eventTime = Number(position, "E") * 1_000_000;
        if (!position.TryGetProperty("B", out var balances) || balances.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("outboundAccountPosition needs the array B");
        }

        return [.. balances.EnumerateArray().Select(b =>
        {
            var free = Decimal(b, "f");
            return (VenueEvent)new BalanceUpdate(venue, AssetId.Create(Text(b, "a")), free + Decimal(b, "l"), eventTime, receivedAt) { Available = free };
        })];
    }

    private static List<VenueEvent> AccountUpdate(JsonElement message, VenueId venue, long receivedAt)
    {
        var eventTime = Number(message, "E") * 1_000_000;
        if (!message.TryGetProperty("a", out var account) || !account.TryGetProperty("B", out var balances) || balances.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("ACCOUNT_UPDATE needs the object a with the array B");
        }

        List<VenueEvent> events = [.. balances.EnumerateArray().Select(b => (VenueEvent)new BalanceUpdate(venue, AssetId.Create(Text(b, "a")), Decimal(b, "wb"), eventTime, receivedAt))];
        if (account.TryGetProperty("P", out var changed) && changed.ValueKind == JsonValueKind.Array)
        {
            // One-way mode's positions (BOTH); hedge mode's LONG and SHORT legs are two positions the platform does not keep.
            events.AddRange(changed.EnumerateArray()
                .Where(p => !p.TryGetProperty("ps", out var side) || side.GetString() == "BOTH")
                .Select(p => (VenueEvent)new PositionUpdate(venue, InstrumentId.Create(Text(p, "s")), Decimal(p, "pa"), eventTime, receivedAt)
                {
                    EntryPrice = Decimal(p, "ep") is > 0 and var entry ? entry : null,
                }));
        }

        if (account.TryGetProperty("m", out var reason) && reason.GetString() == "FUNDING_FEE")
        {
            // A funding fee names no symbol of its own: the position it was charged on is the one listed.
            var symbol = account.TryGetProperty("P", out var positions) && positions.ValueKind == JsonValueKind.Array && positions.GetArrayLength() > 0
                ? Text(positions[0], "s")
                : throw new JsonException("A FUNDING_FEE ACCOUNT_UPDATE needs the position it was charged on in P");
            events.AddRange(balances.EnumerateArray()
                .Where(b => Decimal(b, "bc") != 0m)
                .Select(b => (VenueEvent)new FundingPayment(venue, InstrumentId.Create(symbol), Decimal(b, "bc"), AssetId.Create(Text(b, "a")), eventTime, receivedAt)));
        }

        return events;
    }

    /// <summary>Binance's order status (<c>X</c> on the stream, <c>status</c> on REST), as the platform's.</summary>
    internal static OrderStatus Status(string status) => status switch
    {
        "NEW" or "PENDING_NEW" => OrderStatus.Accepted,
        "PARTIALLY_FILLED" => OrderStatus.PartiallyFilled,
        "FILLED" => OrderStatus.Filled,
        "PENDING_CANCEL" => OrderStatus.PendingCancel,
        "CANCELED" => OrderStatus.Canceled,
        "REJECTED" => OrderStatus.Rejected,
        "EXPIRED" or "EXPIRED_IN_MATCH" => OrderStatus.Expired,
        _ => throw new JsonException($"an order status, not '{status}'"),
    };

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new JsonException($"The event needs the text field {name}");

    private static long Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : throw new JsonException($"The event needs the whole number {name}");

    private static decimal Decimal(JsonElement element, string name) =>
        decimal.TryParse(Text(element, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new JsonException($"The event's {name} is a decimal number as text");
}
