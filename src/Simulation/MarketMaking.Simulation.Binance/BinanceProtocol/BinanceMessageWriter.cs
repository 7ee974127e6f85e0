using System.Buffers;
using System.Text;
using System.Text.Json;
using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using MarketMaking.Simulation.Matching;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// Writes Binance's messages in each market's shape: stream events (<c>depthUpdate</c>, <c>trade</c>, <c>aggTrade</c>,
/// <c>bookTicker</c>), their combined-stream envelope, request answers, depth snapshots and <c>exchangeInfo</c>.
/// </summary>
/// <remarks>
/// Sources: <see href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams"/>,
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints"/>,
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/general-endpoints"/>.
/// </remarks>
internal static class BinanceMessageWriter
{
    /// <summary>A stream event's <c>data</c> object, or <see langword="null"/> for an event no stream of this kind carries.</summary>
    public static byte[]? Data(MarketDataEvent recorded, BinanceStreamKind kind, BinanceMarket market) => (recorded, kind) switch
    {
        (BookDelta delta, BinanceStreamKind.Depth) => Write(writer => DepthUpdate(writer, delta, market)),
        (Trade trade, BinanceStreamKind.Trade) => Write(writer => TradeEvent(writer, trade)),
        (Trade trade, BinanceStreamKind.AggregateTrade) => Write(writer => AggregateTrade(writer, trade)),
        (TopOfBook top, BinanceStreamKind.BookTicker) => Write(writer => BookTicker(writer, top, market)),
        _ => null,
    };

    /// <summary>A <c>markPriceUpdate</c>: mark <c>p</c>, index <c>i</c>, funding rate <c>r</c>, next funding time <c>T</c>.</summary>
    public static byte[] MarkPrice(InstrumentId instrument, decimal mark, decimal fundingRate, long nextFundingNanoseconds, long eventNanoseconds) => Write(writer =>
    {
        var text = mark.ToString(System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteStartObject();
        writer.WriteString("e", "markPriceUpdate");
        writer.WriteNumber("E", eventNanoseconds / 1_000_000);
        writer.WriteString("s", instrument.Value);
        writer.WriteString("p", text);
        writer.WriteString("ap", text);
        writer.WriteString("i", text);
        writer.WriteString("P", text);
        writer.WriteString("r", fundingRate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteNumber("T", nextFundingNanoseconds / 1_000_000);
        writer.WriteEndObject();
    });

    /// <summary>Wraps a <c>data</c> object as <c>{"stream":name,"data":…}</c>.</summary>
    public static byte[] Combined(string stream, byte[] data)
    {
        var prefix = Encoding.UTF8.GetBytes($"{{\"stream\":{JsonSerializer.Serialize(stream)},\"data\":");
        var message = new byte[prefix.Length + data.Length + 1];
        prefix.CopyTo(message, 0);
        data.CopyTo(message, prefix.Length);
        message[^1] = (byte)'}';
        return message;
    }

    /// <summary>A request's answer: <c>{"result":…,"id":…}</c> with <c>null</c> or the list of streams.</summary>
    public static byte[] Result(JsonElement id, IReadOnlyCollection<string>? streams) => Write(writer =>
    {
        writer.WriteStartObject();
        if (streams is null)
        {
            writer.WriteNull("result");
        }
        else
        {
            writer.WriteStartArray("result");
            foreach (var stream in streams)
            {
                writer.WriteStringValue(stream);
            }

            writer.WriteEndArray();
        }

        writer.WritePropertyName("id");
        id.WriteTo(writer);
        writer.WriteEndObject();
    });

    /// <summary>A refused request: <c>{"error":{"code","msg"},"id":…}</c>.</summary>
    public static byte[] Error(JsonElement? id, int code, string message) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteNumber("code", code);
        writer.WriteString("msg", message);
        writer.WriteEndObject();
        writer.WritePropertyName("id");
        if (id is { } value)
        {
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteEndObject();
    });

    /// <summary>A REST error body <c>{"code":…,"msg":…}</c>.</summary>
    public static byte[] RestError(int code, string message) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("code", code);
        writer.WriteString("msg", message);
        writer.WriteEndObject();
    });

    /// <summary>A depth snapshot: <c>lastUpdateId</c>, on futures <c>E</c> and <c>T</c>, and the levels.</summary>
    public static byte[] Depth(long lastUpdateId, long nowNanoseconds, BookLevel[] bids, BookLevel[] asks, BinanceMarket market) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("lastUpdateId", lastUpdateId);
        if (market != BinanceMarket.Spot)
        {
            writer.WriteNumber("E", nowNanoseconds / 1_000_000);
            writer.WriteNumber("T", nowNanoseconds / 1_000_000);
        }

        Levels(writer, "bids", bids);
        Levels(writer, "asks", asks);
        writer.WriteEndObject();
    });

    /// <summary><c>exchangeInfo</c> for the served instruments, with the filters each market uses.</summary>
    public static byte[] ExchangeInfo(IEnumerable<(SimulatedInstrument Instrument, InstrumentSpec Rules)> instruments, long nowNanoseconds, BinanceMarket market, int weightPerMinute, int ordersPer10Seconds) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("timezone", "UTC");
        writer.WriteNumber("serverTime", nowNanoseconds / 1_000_000);
        writer.WriteStartArray("rateLimits");
        writer.WriteStartObject();
        writer.WriteString("rateLimitType", "REQUEST_WEIGHT");
        writer.WriteString("interval", "MINUTE");
        writer.WriteNumber("intervalNum", 1);
        writer.WriteNumber("limit", weightPerMinute);
        writer.WriteEndObject();
        writer.WriteStartObject();
        writer.WriteString("rateLimitType", "ORDERS");
        writer.WriteString("interval", "SECOND");
        writer.WriteNumber("intervalNum", 10);
        writer.WriteNumber("limit", ordersPer10Seconds);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartArray("symbols");
        foreach (var (instrument, spec) in instruments)
        {
            writer.WriteStartObject();
            writer.WriteString("symbol", spec.Instrument.Value);
            writer.WriteString(market == BinanceMarket.Spot ? "status" : "contractStatus", "TRADING");
            if (market != BinanceMarket.Spot)
            {
                writer.WriteString("contractType", "PERPETUAL");
            }

            writer.WriteString("baseAsset", instrument.BaseAsset.Value);
            writer.WriteString("quoteAsset", instrument.QuoteAsset.Value);
            if (market == BinanceMarket.Spot)
            {
                writer.WriteBoolean("amendAllowed", true);
            }

            writer.WriteStartArray("filters");
            Filter(writer, "PRICE_FILTER", ("minPrice", spec.TickSize.ToString()), ("maxPrice", "1000000"), ("tickSize", spec.TickSize.ToString()));
            Filter(writer, "LOT_SIZE", ("minQty", spec.MinQuantity.ToString()), ("maxQty", (spec.MaxQuantity ?? new Quantity(9000m)).ToString()), ("stepSize", spec.LotSize.ToString()));
            if (spec.MinNotional > 0)
            {
                if (market == BinanceMarket.Spot)
                {
                    Filter(writer, "NOTIONAL", ("minNotional", spec.MinNotional.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
                else
                {
                    Filter(writer, "MIN_NOTIONAL", ("notional", spec.MinNotional.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>An order as <c>POST order</c> (<c>newOrderRespType=RESULT</c>) and <c>DELETE order</c> answer it, in each market's shape.</summary>
    /// <remarks>The quote quantity executed is taken at the order's limit price.</remarks>
    public static byte[] Order(SimulatedOrder order, long orderId, InstrumentSpec spec, System.Collections.Specialized.NameValueCollection query, string status, long nowNanoseconds, BinanceMarket market) =>
        Write(writer => OrderObject(writer, order, orderId, spec, query["symbol"]!, query["type"] ?? "LIMIT", query["timeInForce"] ?? "GTC", status, nowNanoseconds, market, query["origClientOrderId"]));

    /// <summary>
    /// A spot keep-priority amend's answer: <c>{"transactTime","executionId","amendedOrder":{…}}</c>, the order with its
    /// new quantity (<c>qty</c>) and its client order id before (<c>origClientOrderId</c>) and after.
    /// </summary>
    public static byte[] AmendedOrder(SimulatedOrder order, long orderId, long executionId, string originalClientOrderId, InstrumentSpec spec, string status, long nowNanoseconds) => Write(writer =>
    {
        var price = spec.FromTicks(order.PriceTicks).Value;
        var executed = spec.FromLots(order.FilledLots).Value;
        var now = nowNanoseconds / 1_000_000;
        writer.WriteStartObject();
        writer.WriteNumber("transactTime", now);
        writer.WriteNumber("executionId", executionId);
        writer.WriteStartObject("amendedOrder");
        writer.WriteString("symbol", spec.Instrument.Value);
        writer.WriteNumber("orderId", orderId);
        writer.WriteNumber("orderListId", -1);
        writer.WriteString("origClientOrderId", originalClientOrderId);
        writer.WriteString("clientOrderId", order.ClientOrderId.Value);
        writer.WriteString("price", spec.FromTicks(order.PriceTicks).ToString());
        writer.WriteString("qty", spec.FromLots(order.QuantityLots).ToString());
        writer.WriteString("executedQty", spec.FromLots(order.FilledLots).ToString());
        writer.WriteString("preventedQty", "0");
        writer.WriteString("quoteOrderQty", "0");
        writer.WriteString("cumulativeQuoteQty", (price * executed).ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("status", status);
        writer.WriteString("timeInForce", "GTC");
        writer.WriteString("type", order.PostOnly ? "LIMIT_MAKER" : "LIMIT");
        writer.WriteString("side", order.Side == Side.Buy ? "BUY" : "SELL");
        writer.WriteNumber("workingTime", now);
        writer.WriteString("selfTradePreventionMode", "NONE");
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    /// <summary>The orders a spot cancel-all canceled, as an array.</summary>
    public static byte[] Orders(IEnumerable<(SimulatedOrder Order, long OrderId)> orders, InstrumentSpec spec, string status, long nowNanoseconds, BinanceMarket market) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var (order, orderId) in orders)
        {
            OrderObject(writer, order, orderId, spec, spec.Instrument.Value, order.PostOnly && market == BinanceMarket.Spot ? "LIMIT_MAKER" : "LIMIT", "GTC", status, nowNanoseconds, market, order.ClientOrderId.Value);
        }

        writer.WriteEndArray();
    });

    /// <summary>An order as <c>GET order</c> answers it, and <c>GET openOrders</c> (an array) each of them, in its status now.</summary>
    public static byte[] Queried(IEnumerable<(SimulatedOrder Order, long OrderId, string Status)> orders, InstrumentSpec spec, long nowNanoseconds, BinanceMarket market, bool asArray) => Write(writer =>
    {
        if (asArray)
        {
            writer.WriteStartArray();
        }

        foreach (var (order, orderId, status) in orders)
        {
            var spotMaker = order.PostOnly && market == BinanceMarket.Spot;
            OrderObject(writer, order, orderId, spec, spec.Instrument.Value, spotMaker ? "LIMIT_MAKER" : "LIMIT", order.PostOnly && !spotMaker ? "GTX" : "GTC", status, nowNanoseconds, market, null);
        }

        if (asArray)
        {
            writer.WriteEndArray();
        }
    });

    private static void OrderObject(Utf8JsonWriter writer, SimulatedOrder order, long orderId, InstrumentSpec spec, string symbol, string type, string timeInForce, string status, long nowNanoseconds, BinanceMarket market, string? originalClientOrderId)
    {
        var price = spec.FromTicks(order.PriceTicks);
        var quantity = spec.FromLots(order.QuantityLots);
        var executed = spec.FromLots(order.FilledLots);
        var quote = (price.Value * executed.Value).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var now = nowNanoseconds / 1_000_000;
        writer.WriteStartObject();
        writer.WriteString("symbol", symbol);
        writer.WriteNumber("orderId", orderId);
        if (originalClientOrderId is not null)
        {
            writer.WriteString("origClientOrderId", originalClientOrderId);
        }

        writer.WriteString("clientOrderId", order.ClientOrderId.Value);
        writer.WriteString("price", price.ToString());
        writer.WriteString("origQty", quantity.ToString());
        writer.WriteString("executedQty", executed.ToString());
        writer.WriteString("status", status);
        writer.WriteString("timeInForce", timeInForce);
        writer.WriteString("type", type);
        writer.WriteString("side", order.Side == Side.Buy ? "BUY" : "SELL");
        if (market == BinanceMarket.Spot)
        {
            writer.WriteNumber("orderListId", -1);
            writer.WriteNumber("transactTime", now);
            writer.WriteString("cummulativeQuoteQty", quote);
            writer.WriteNumber("workingTime", now);
        }
        else
        {
            writer.WriteString("cumQty", executed.ToString());
            writer.WriteString(market == BinanceMarket.UsdM ? "cumQuote" : "cumBase", quote);
            writer.WriteString("avgPrice", order.FilledLots > 0 ? price.ToString() : "0.00");
            writer.WriteBoolean("reduceOnly", false);
            writer.WriteString("positionSide", "BOTH");
            writer.WriteString("origType", type);
            writer.WriteNumber("updateTime", now);
        }

        writer.WriteString("selfTradePreventionMode", "NONE");
        writer.WriteEndObject();
    }

    private static void DepthUpdate(Utf8JsonWriter writer, BookDelta delta, BinanceMarket market)
    {
        writer.WriteStartObject();
        writer.WriteString("e", "depthUpdate");
        writer.WriteNumber("E", delta.TsEvent / 1_000_000);
        if (market != BinanceMarket.Spot)
        {
            writer.WriteNumber("T", delta.TsEvent / 1_000_000);
        }

        writer.WriteString("s", delta.Instrument.Value);
        writer.WriteNumber("U", delta.FirstUpdateId ?? 0);
        writer.WriteNumber("u", delta.FinalUpdateId ?? 0);
        if (market != BinanceMarket.Spot)
        {
            writer.WriteNumber("pu", delta.PreviousFinalUpdateId ?? 0);
        }

        Levels(writer, "b", delta.Bids);
        Levels(writer, "a", delta.Asks);
        writer.WriteEndObject();
    }

    private static void TradeEvent(Utf8JsonWriter writer, Trade trade)
    {
        writer.WriteStartObject();
        writer.WriteString("e", "trade");
        writer.WriteNumber("E", trade.TsEvent / 1_000_000);
        writer.WriteString("s", trade.Instrument.Value);
        writer.WriteNumber("t", long.Parse(trade.TradeId.Value, System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("p", trade.Price.ToString());
        writer.WriteString("q", trade.Quantity.ToString());
        writer.WriteNumber("T", trade.TsEvent / 1_000_000);

        // The buyer is the maker when the aggressor sold.
        writer.WriteBoolean("m", trade.AggressorSide == Side.Sell);
        writer.WriteBoolean("M", true);
        writer.WriteEndObject();
    }

    private static void AggregateTrade(Utf8JsonWriter writer, Trade trade)
    {
        var id = long.Parse(trade.TradeId.Value, System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteStartObject();
        writer.WriteString("e", "aggTrade");
        writer.WriteNumber("E", trade.TsEvent / 1_000_000);
        writer.WriteString("s", trade.Instrument.Value);
        writer.WriteNumber("a", id);
        writer.WriteString("p", trade.Price.ToString());
        writer.WriteString("q", trade.Quantity.ToString());
        writer.WriteNumber("f", id);
        writer.WriteNumber("l", id);
        writer.WriteNumber("T", trade.TsEvent / 1_000_000);
        writer.WriteBoolean("m", trade.AggressorSide == Side.Sell);
        writer.WriteEndObject();
    }

    private static void BookTicker(Utf8JsonWriter writer, TopOfBook top, BinanceMarket market)
    {
        writer.WriteStartObject();
        if (market != BinanceMarket.Spot)
        {
            writer.WriteString("e", "bookTicker");
        }

        writer.WriteNumber("u", top.UpdateId ?? 0);
        if (market != BinanceMarket.Spot)
        {
            writer.WriteNumber("E", top.TsEvent / 1_000_000);
            writer.WriteNumber("T", top.TsEvent / 1_000_000);
        }

        writer.WriteString("s", top.Instrument.Value);
        writer.WriteString("b", top.BidPrice.ToString());
        writer.WriteString("B", top.BidQuantity.ToString());
        writer.WriteString("a", top.AskPrice.ToString());
        writer.WriteString("A", top.AskQuantity.ToString());
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

    private static void Filter(Utf8JsonWriter writer, string type, params (string Name, string Value)[] fields)
    {
        writer.WriteStartObject();
        writer.WriteString("filterType", type);
        foreach (var (name, value) in fields)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
