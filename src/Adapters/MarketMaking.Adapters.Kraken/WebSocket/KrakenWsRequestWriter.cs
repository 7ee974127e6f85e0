using System.Buffers;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Writes Kraken WebSocket v2 requests, <c>{"method":...,"params":{...},"req_id":n}</c>, as UTF-8 JSON. Prices and
/// quantities are written as JSON numbers with their exact decimal digits.
/// </summary>
/// <remarks>Sources: <see href="https://docs.kraken.com/api/docs/websocket-v2/add_order"/> and the pages of the other methods; notes in <c>docs/protocol/kraken.md</c>, behaviour in <c>docs/adapters/kraken.md</c> §7.5.</remarks>
internal static class KrakenWsRequestWriter
{
    private const int MaxKeptBufferBytes = 16 * 1024;
    private static readonly JsonEncodedText s_method = JsonEncodedText.Encode("method");
    private static readonly JsonEncodedText s_params = JsonEncodedText.Encode("params");
    private static readonly JsonEncodedText s_requestId = JsonEncodedText.Encode("req_id");

    // The order path's names and fixed values, encoded once (a name given as a string is transcoded and checked for
    // escapes on every request).
    private static readonly JsonEncodedText s_addOrder = JsonEncodedText.Encode("add_order");
    private static readonly JsonEncodedText s_amendOrder = JsonEncodedText.Encode("amend_order");
    private static readonly JsonEncodedText s_cancelOrder = JsonEncodedText.Encode("cancel_order");
    private static readonly JsonEncodedText s_orderId = JsonEncodedText.Encode("order_id");
    private static readonly JsonEncodedText s_clientOrderId = JsonEncodedText.Encode("cl_ord_id");
    private static readonly JsonEncodedText s_orders = JsonEncodedText.Encode("orders");
    private static readonly JsonEncodedText s_orderType = JsonEncodedText.Encode("order_type");
    private static readonly JsonEncodedText s_side = JsonEncodedText.Encode("side");
    private static readonly JsonEncodedText s_quantity = JsonEncodedText.Encode("order_qty");
    private static readonly JsonEncodedText s_limitPrice = JsonEncodedText.Encode("limit_price");
    private static readonly JsonEncodedText s_timeInForce = JsonEncodedText.Encode("time_in_force");
    private static readonly JsonEncodedText s_postOnly = JsonEncodedText.Encode("post_only");
    private static readonly JsonEncodedText s_reduceOnly = JsonEncodedText.Encode("reduce_only");
    private static readonly JsonEncodedText s_symbol = JsonEncodedText.Encode("symbol");
    private static readonly JsonEncodedText s_token = JsonEncodedText.Encode("token");
    private static readonly JsonEncodedText s_limit = JsonEncodedText.Encode("limit");
    private static readonly JsonEncodedText s_market = JsonEncodedText.Encode("market");
    private static readonly JsonEncodedText s_buy = JsonEncodedText.Encode("buy");
    private static readonly JsonEncodedText s_sell = JsonEncodedText.Encode("sell");
    private static readonly JsonEncodedText s_goodTillCanceled = JsonEncodedText.Encode("gtc");
    private static readonly JsonEncodedText s_immediateOrCancel = JsonEncodedText.Encode("ioc");
    private static readonly JsonEncodedText s_fillOrKill = JsonEncodedText.Encode("fok");
    private static readonly JsonEncodedText s_goodTillDate = JsonEncodedText.Encode("gtd");

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? s_threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? s_threadWriter;

    /// <summary>Writes a <c>subscribe</c> or <c>unsubscribe</c> request for one channel.</summary>
    public static byte[] Subscription(string method, string channel, long requestId, string? symbol = null, int? depth = null, string? token = null,
        IReadOnlyList<KeyValuePair<string, bool>>? flags = null, string? eventTrigger = null) =>
        Write(method, requestId, writer =>
        {
            writer.WriteString("channel", channel);
            if (symbol is not null)
            {
                writer.WriteStartArray("symbol");
                writer.WriteStringValue(symbol);
                writer.WriteEndArray();
            }

            if (depth is { } levels)
            {
                writer.WriteNumber("depth", levels);
            }

            if (eventTrigger is not null)
            {
                writer.WriteString("event_trigger", eventTrigger);
            }

            foreach (var (name, value) in flags ?? [])
            {
                writer.WriteBoolean(name, value);
            }

            if (token is not null)
            {
                writer.WriteString("token", token);
            }
        });

    /// <summary>Writes an <c>add_order</c> request.</summary>
    public static byte[] AddOrder(OrderRequest request, string token, long requestId) =>
        ToArray((request, token, requestId), static (buffer, s) => AddOrder(buffer, s.request, s.token, s.requestId));

    /// <summary>Writes an <c>add_order</c> request into a buffer (a connection's send buffer): nothing is allocated.</summary>
    public static void AddOrder(IBufferWriter<byte> output, OrderRequest request, string token, long requestId) =>
        Write(output, s_addOrder, requestId, (request, token), static (writer, s) =>
        {
            WriteOrderFields(writer, s.request);
            writer.WriteString(s_symbol, s.request.Instrument.Value);
            if (s.request.ValidateOnly)
            {
                writer.WriteBoolean("validate", true);
            }

            writer.WriteString(s_token, s.token);
        });

    /// <summary>Writes a <c>batch_add</c> request (2 to 15 orders on one symbol).</summary>
    public static byte[] BatchAdd(IReadOnlyList<OrderRequest> requests, string token, long requestId) =>
        Write("batch_add", requestId, writer =>
        {
            writer.WriteStartArray("orders");
            foreach (var request in requests)
            {
                writer.WriteStartObject();
                WriteOrderFields(writer, request);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("symbol", requests[0].Instrument.Value);
            if (requests[0].ValidateOnly)
            {
                writer.WriteBoolean("validate", true);
            }

            writer.WriteString("token", token);
        });

    /// <summary>Writes an <c>amend_order</c> request.</summary>
    public static byte[] AmendOrder(AmendRequest request, string token, long requestId) =>
        ToArray((request, token, requestId), static (buffer, s) => AmendOrder(buffer, s.request, s.token, s.requestId));

    /// <summary>Writes an <c>amend_order</c> request into a buffer (a connection's send buffer): nothing is allocated.</summary>
    public static void AmendOrder(IBufferWriter<byte> output, AmendRequest request, string token, long requestId) =>
        Write(output, s_amendOrder, requestId, (request, token), static (writer, s) =>
        {
            WriteOrderId(writer, s.request.Order, asArray: false);
            if (s.request.NewQuantity is { } quantity)
            {
                writer.WriteNumber(s_quantity, quantity.Value);
            }

            if (s.request.NewLimitPrice is { } price)
            {
                writer.WriteNumber(s_limitPrice, price.Value);
            }

            if (s.request.PostOnly)
            {
                writer.WriteBoolean(s_postOnly, true);
            }

            writer.WriteString(s_token, s.token);
        });

    /// <summary>Writes a <c>cancel_order</c> request for one order.</summary>
    public static byte[] CancelOrder(OrderReference order, string token, long requestId) =>
        ToArray((order, token, requestId), static (buffer, s) => CancelOrder(buffer, s.order, s.token, s.requestId));

    /// <summary>Writes a <c>cancel_order</c> request for one order into a buffer (a connection's send buffer): nothing is allocated.</summary>
    public static void CancelOrder(IBufferWriter<byte> output, OrderReference order, string token, long requestId) =>
        Write(output, s_cancelOrder, requestId, (order, token), static (writer, s) =>
        {
            WriteOrderId(writer, s.order, asArray: true);
            writer.WriteString(s_token, s.token);
        });

    /// <summary>Writes a <c>batch_cancel</c> request (2 to 50 orders).</summary>
    public static byte[] BatchCancel(IReadOnlyList<OrderReference> orders, string token, long requestId) =>
        Write("batch_cancel", requestId, writer =>
        {
            var byVenueId = orders.Where(o => o.VenueOrderId is { Value: not null }).Select(o => o.VenueOrderId!.Value.Value).ToArray();
            var byClientId = orders.Where(o => o.VenueOrderId is not { Value: not null }).Select(o => o.ClientOrderId!.Value.Value).ToArray();
            WriteStrings(writer, s_orders, byVenueId);
            WriteStrings(writer, s_clientOrderId, byClientId);
            writer.WriteString(s_token, token);
        });

    /// <summary>Writes a <c>cancel_all</c> request.</summary>
    public static byte[] CancelAll(string token, long requestId) =>
        Write("cancel_all", requestId, writer => writer.WriteString("token", token));

    /// <summary>Writes a <c>cancel_all_orders_after</c> request (the dead-man switch; 0 s disarms it).</summary>
    public static byte[] CancelAllOrdersAfter(int timeoutSeconds, string token, long requestId) =>
        Write("cancel_all_orders_after", requestId, writer =>
        {
            writer.WriteNumber("timeout", timeoutSeconds);
            writer.WriteString("token", token);
        });

    /// <summary>Writes an application-level <c>ping</c>.</summary>
    public static byte[] Ping(long requestId) => Write("ping", requestId, writeParams: null);

    private static void WriteOrderFields(Utf8JsonWriter writer, OrderRequest request)
    {
        writer.WriteString(s_orderType, request.Type == OrderType.Limit ? s_limit : s_market);
        writer.WriteString(s_side, request.Side == Side.Buy ? s_buy : s_sell);
        writer.WriteNumber(s_quantity, request.Quantity.Value);
        if (request.LimitPrice is { } price)
        {
            writer.WriteNumber(s_limitPrice, price.Value);
        }

        writer.WriteString(s_timeInForce, request.TimeInForce switch
        {
            TimeInForce.ImmediateOrCancel => s_immediateOrCancel,
            TimeInForce.FillOrKill => s_fillOrKill,
            TimeInForce.GoodTillDate => s_goodTillDate,
            _ => s_goodTillCanceled,
        });
        if (request.ExpireTimeNanoseconds is { } expiry)
        {
            writer.WriteString("expire_time", DateTimeOffset.UnixEpoch.AddTicks(expiry / 100).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (request.PostOnly)
        {
            writer.WriteBoolean(s_postOnly, true);
        }

        if (request.ReduceOnly)
        {
            writer.WriteBoolean(s_reduceOnly, true);
        }

        writer.WriteString(s_clientOrderId, request.ClientOrderId.Value);
    }

    private static void WriteOrderId(Utf8JsonWriter writer, OrderReference order, bool asArray)
    {
        var (name, value) = order.VenueOrderId is { Value: not null } venueId ? (s_orderId, venueId.Value) : (s_clientOrderId, order.ClientOrderId!.Value.Value);
        if (asArray)
        {
            WriteStrings(writer, name, [value]);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, JsonEncodedText name, string[] values)
    {
        if (values.Length == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static byte[] Write(string method, long requestId, Action<Utf8JsonWriter>? writeParams) =>
        ToArray((method, requestId, writeParams), static (buffer, s) =>
            Write(buffer, JsonEncodedText.Encode(s.method), s.requestId, s.writeParams, s.writeParams is null ? null : static (writer, write) => write!(writer)));

    /// <summary>Writes a request into this thread's buffer and copies it out: the request's own bytes are all that is allocated.</summary>
    private static byte[] ToArray<TState>(TState state, Action<ArrayBufferWriter<byte>, TState> write)
    {
        var buffer = s_threadBuffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        write(buffer, state);
        var bytes = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > MaxKeptBufferBytes)
        {
            // A rare large request (a long batch) does not keep its buffer.
            s_threadBuffer = null;
        }

        return bytes;
    }

    /// <summary>Writes a request whose parameters a static writer takes from a state (the order path's requests: no closure allocated).</summary>
    private static void Write<TState>(IBufferWriter<byte> output, JsonEncodedText method, long requestId, TState state, Action<Utf8JsonWriter, TState>? writeParams)
    {
        // One JSON writer per thread, pointed at each request's output.
        var writer = s_threadWriter ??= new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WriteString(s_method, method);
        if (writeParams is not null)
        {
            writer.WriteStartObject(s_params);
            writeParams(writer, state);
            writer.WriteEndObject();
        }

        writer.WriteNumber(s_requestId, requestId);
        writer.WriteEndObject();
        writer.Flush();
    }
}
