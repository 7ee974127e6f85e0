using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Simulation.BybitProtocol;

/// <summary>Bybit v5's JSON: the REST envelope, the order book, trade and ticker pushes and the private <c>order</c>, <c>execution</c> and <c>wallet</c> pushes.</summary>
/// <remarks>Sources: <see href="https://bybit-exchange.github.io/docs/v5/guide"/> (envelope), <see href="https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook"/>,
/// <see href="https://bybit-exchange.github.io/docs/v5/websocket/public/trade"/>, <see href="https://bybit-exchange.github.io/docs/v5/websocket/public/ticker"/>,
/// <see href="https://bybit-exchange.github.io/docs/v5/websocket/private/order"/>, <see href="https://bybit-exchange.github.io/docs/v5/websocket/private/execution"/>.</remarks>
internal static class BybitMessageWriter
{
    /// <summary>The REST envelope: <c>{"retCode","retMsg","result","retExtInfo","time"}</c>, HTTP 200 whatever the code.</summary>
    public static byte[] Envelope(int code, string message, long nowNanoseconds, Action<Utf8JsonWriter>? result = null, Action<Utf8JsonWriter>? extInfo = null) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("retCode", code);
        writer.WriteString("retMsg", message);
        writer.WritePropertyName("result");
        Object(writer, result);
        writer.WritePropertyName("retExtInfo");
        Object(writer, extInfo);
        writer.WriteNumber("time", nowNanoseconds / 1_000_000);
        writer.WriteEndObject();
    });

    /// <summary>An order book push: the whole book as a snapshot, or a replayed diff as a delta, with its <c>u</c>.</summary>
    public static byte[] Book(string topic, string type, InstrumentId instrument, IEnumerable<BookLevel> bids, IEnumerable<BookLevel> asks, long updateId, long nowNanoseconds) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("topic", topic);
        writer.WriteString("type", type);
        writer.WriteNumber("ts", nowNanoseconds / 1_000_000);
        writer.WriteStartObject("data");
        writer.WriteString("s", instrument.Value);
        Levels(writer, "b", bids);
        Levels(writer, "a", asks);
        writer.WriteNumber("u", updateId);
        writer.WriteNumber("seq", updateId);
        writer.WriteEndObject();
        writer.WriteNumber("cts", nowNanoseconds / 1_000_000);
        writer.WriteEndObject();
    });

    /// <summary>A private <c>order</c> push of one order.</summary>
    public static byte[] Order(string category, BybitSimulatedOrder order, long nowNanoseconds) => Private("order", nowNanoseconds, writer => OrderObject(writer, category, order));

    /// <summary>An order object, as the <c>order</c> topic and <c>/v5/order/realtime</c> write it.</summary>
    public static void OrderObject(Utf8JsonWriter writer, string category, BybitSimulatedOrder order)
    {
        writer.WriteStartObject();
        writer.WriteString("category", category);
        writer.WriteString("orderId", order.OrderId);
        writer.WriteString("orderLinkId", order.OrderLinkId);
        writer.WriteString("symbol", order.Symbol);
        writer.WriteString("side", order.Side == Side.Buy ? "Buy" : "Sell");
        writer.WriteString("orderType", order.IsMarket ? "Market" : "Limit");
        writer.WriteString("price", order.IsMarket ? "0" : order.Price);
        writer.WriteString("qty", Text(order.Quantity));
        writer.WriteString("timeInForce", order.TimeInForce);
        writer.WriteString("orderStatus", order.Status);
        writer.WriteString("rejectReason", order.RejectReason);
        writer.WriteString("avgPrice", order.FilledQuantity > 0 ? Text(order.FilledValue / order.FilledQuantity) : string.Empty);
        writer.WriteString("leavesQty", Text(order.IsOpen ? order.Quantity - order.FilledQuantity : 0m));
        writer.WriteString("cumExecQty", Text(order.FilledQuantity));
        writer.WriteString("cumExecValue", Text(order.FilledValue));
        writer.WriteString("cumExecFee", Text(order.Fees));
        writer.WriteString("createdTime", Text(order.CreatedNanoseconds / 1_000_000));
        writer.WriteString("updatedTime", Text(order.UpdatedNanoseconds / 1_000_000));
        writer.WriteEndObject();
    }

    /// <summary>A private <c>execution</c> push of one fill.</summary>
    public static byte[] Execution(string category, BybitSimulatedOrder order, FillEvent fill, string executionId, long nowNanoseconds) => Private("execution", nowNanoseconds, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("category", category);
        writer.WriteString("symbol", order.Symbol);
        writer.WriteString("orderId", order.OrderId);
        writer.WriteString("orderLinkId", order.OrderLinkId);
        writer.WriteString("side", order.Side == Side.Buy ? "Buy" : "Sell");
        writer.WriteString("execId", executionId);
        writer.WriteString("execPrice", fill.Price.ToString());
        writer.WriteString("execQty", fill.Quantity.ToString());
        writer.WriteString("execValue", Text(fill.Price.Value * fill.Quantity.Value));
        writer.WriteString("execFee", Text(fill.Fee));
        writer.WriteString("feeRate", "0");
        writer.WriteString("feeCurrency", fill.FeeAsset?.Value ?? string.Empty);
        writer.WriteString("execType", "Trade");
        writer.WriteBoolean("isMaker", fill.Liquidity == LiquiditySide.Maker);
        writer.WriteString("execTime", Text(fill.TsEvent / 1_000_000));
        writer.WriteString("leavesQty", Text(order.IsOpen ? order.Quantity - order.FilledQuantity : 0m));
        writer.WriteString("markPrice", fill.Price.ToString());
        writer.WriteEndObject();
    });

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>A <c>publicTrade</c> push of one trade: time <c>T</c>, symbol, taker side <c>S</c>, quantity <c>v</c>, price <c>p</c>, id <c>i</c>.</summary>
    public static byte[] PublicTrade(Trade trade, long nowNanoseconds) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("topic", $"publicTrade.{trade.Instrument.Value}");
        writer.WriteString("type", "snapshot");
        writer.WriteNumber("ts", nowNanoseconds / 1_000_000);
        writer.WriteStartArray("data");
        writer.WriteStartObject();
        writer.WriteNumber("T", (trade.TsEvent > 0 ? trade.TsEvent : nowNanoseconds) / 1_000_000);
        writer.WriteString("s", trade.Instrument.Value);
        writer.WriteString("S", trade.AggressorSide == Side.Buy ? "Buy" : "Sell");
        writer.WriteString("v", trade.Quantity.ToString());
        writer.WriteString("p", trade.Price.ToString());
        writer.WriteString("i", trade.TradeId.Value);
        writer.WriteBoolean("BT", false);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>
    /// A linear <c>tickers</c> push: a snapshot with the mark and index price, funding rate and next funding time, or a
    /// delta with the mark and index price alone (the fields that change between fundings), as Bybit sends them.
    /// </summary>
    public static byte[] Ticker(InstrumentId instrument, bool snapshot, decimal mark, decimal fundingRate, long nextFundingNanoseconds, long nowNanoseconds) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("topic", $"tickers.{instrument.Value}");
        writer.WriteString("type", snapshot ? "snapshot" : "delta");
        writer.WriteStartObject("data");
        writer.WriteString("symbol", instrument.Value);
        writer.WriteString("markPrice", Text(mark));
        writer.WriteString("indexPrice", Text(mark));
        if (snapshot)
        {
            writer.WriteString("fundingRate", Text(fundingRate));
            writer.WriteString("nextFundingTime", Text(nextFundingNanoseconds / 1_000_000));
        }

        writer.WriteEndObject();
        writer.WriteNumber("cs", nowNanoseconds / 1_000_000);
        writer.WriteNumber("ts", nowNanoseconds / 1_000_000);
        writer.WriteEndObject();
    });

    /// <summary>A <c>wallet</c> push of a unified account's coins: each <c>walletBalance</c>, what open orders hold (<c>locked</c>) and its <c>equity</c>.</summary>
    public static byte[] Wallet(IReadOnlyList<(string Coin, decimal Balance, decimal Locked, decimal Equity)> coins, long nowNanoseconds) => Private("wallet", nowNanoseconds, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("accountType", "UNIFIED");
        writer.WriteStartArray("coin");
        foreach (var (coin, balance, locked, equity) in coins)
        {
            writer.WriteStartObject();
            writer.WriteString("coin", coin);
            writer.WriteString("walletBalance", Text(balance));
            writer.WriteString("equity", Text(equity));
            writer.WriteString("locked", Text(locked));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>A linear <c>position</c> push: side and size, entry, mark and liquidation price (side empty when flat, as Bybit sends it).</summary>
    public static byte[] Position(InstrumentId instrument, BybitSimulatedPosition position, long nowNanoseconds) => Private("position", nowNanoseconds, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("category", "linear");
        PositionFields(writer, instrument, position, entryPriceField: "entryPrice");
        writer.WriteString("updatedTime", Text(nowNanoseconds / 1_000_000));
        writer.WriteEndObject();
    });

    /// <summary>
    /// A position's fields as both the stream and <c>/v5/position/list</c> give them, the entry price under the name each
    /// uses (<c>entryPrice</c>, <c>avgPrice</c>); a flat position's side and liquidation price empty.
    /// </summary>
    public static void PositionFields(Utf8JsonWriter writer, InstrumentId instrument, BybitSimulatedPosition position, string entryPriceField)
    {
        writer.WriteString("symbol", instrument.Value);
        writer.WriteString("side", position.Quantity > 0 ? "Buy" : position.Quantity < 0 ? "Sell" : string.Empty);
        writer.WriteString("size", Text(Math.Abs(position.Quantity)));
        writer.WriteNumber("positionIdx", 0);
        writer.WriteString(entryPriceField, Text(position.EntryPrice));
        writer.WriteString("markPrice", Text(position.MarkPrice));
        writer.WriteString("leverage", Text(position.Leverage));
        writer.WriteString("liqPrice", position.Quantity == 0 ? string.Empty : Text(position.LiquidationPrice));
        writer.WriteString("unrealisedPnl", Text((position.MarkPrice - position.EntryPrice) * position.Quantity));
    }

    public static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static byte[] Private(string topic, long nowNanoseconds, Action<Utf8JsonWriter> item) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("id", Guid.NewGuid().ToString("N"));
        writer.WriteString("topic", topic);
        writer.WriteNumber("creationTime", nowNanoseconds / 1_000_000);
        writer.WriteStartArray("data");
        item(writer);
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private static void Object(Utf8JsonWriter writer, Action<Utf8JsonWriter>? body)
    {
        writer.WriteStartObject();
        body?.Invoke(writer);
        writer.WriteEndObject();
    }

    private static void Levels(Utf8JsonWriter writer, string name, IEnumerable<BookLevel> levels)
    {
        writer.WriteStartArray(name);
        foreach (var level in levels)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(level.Price.ToString());
            writer.WriteStringValue(level.Quantity.ToString());
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }
}
