using System.Buffers;
using System.Collections.Specialized;
using System.Globalization;
using System.Text.Json;
using MarketMaking.Adapters.Binance;
using Microsoft.AspNetCore.Http;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// Serves the WebSocket API (spot's on <c>/ws-api/v3</c>, USD-M's on <c>/ws-fapi/v1</c>): <c>ping</c> and <c>time</c>;
/// signed order entry, each request's <c>params</c> signed as Binance's WebSocket API signs them and then served by
/// <see cref="BinanceOrderEndpoint"/> as over REST (<c>order.place</c>, <c>order.cancel</c>, <c>order.status</c>; spot's
/// <c>openOrders.cancelAll</c> and <c>openOrders.status</c>; futures' <c>order.modify</c>); and on spot the user data
/// stream (<c>userDataStream.subscribe.signature</c>: an HMAC-signed subscription, after which the account's events
/// arrive on the connection as <c>{"subscriptionId","event"}</c>; <c>userDataStream.unsubscribe</c>). Every answer is
/// <c>{"id","status","result"}</c> or <c>{"id","status","error":{"code","msg"}}</c>, with the request weight used in
/// <c>rateLimits</c> (and the new orders in the last 10 s, after an order); a request over the minute's weight or the
/// 10 s order count is answered 429 with <c>error.data.retryAfter</c>, the time (ms) from which requests are taken again.
/// </summary>
/// <remarks>
/// Spot's listen keys were withdrawn on 2026-02-20: the WebSocket API is how a spot account's events are read. Sources:
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/response-format"/>,
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/trading-requests"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/websocket-api"/>,
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-api/user-data-stream-requests"/>.
/// </remarks>
internal sealed class BinanceWebSocketApiEndpoint(BinanceSimulatorCore core, BinanceOrderEndpoint orders)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var connection = new BinanceSimulatorConnection(socket, (context.Request.PathBase + context.Request.Path).Value ?? "/ws-api/v3");
        await core.ServeAsync(connection, socket, context.RequestAborted, message => OnRequestAsync(connection, message)).ConfigureAwait(false);
    }

    private async Task OnRequestAsync(BinanceSimulatorConnection connection, ReadOnlyMemory<byte> message)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException)
        {
            await connection.SendAsync(Error(null, 400, -1000, "Malformed request: not JSON")).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var given) ? given.Clone() : (JsonElement?)null;
            var method = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("method", out var m) ? m.GetString() : null;
            var parameters = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object
                ? p.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText(), StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            byte[] answer;
            switch (method)
            {
                case "ping":
                    answer = Result(id, writer => writer.WriteStartObject("result"));
                    break;
                case "time":
                    answer = Result(id, writer =>
                    {
                        writer.WriteStartObject("result");
                        writer.WriteNumber("serverTime", core.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());
                    });
                    break;
                case "order.place" or "order.cancel" or "order.status":
                case "openOrders.cancelAll" or "openOrders.status" when core.Market == BinanceMarket.Spot:
                case "order.modify" when core.Market != BinanceMarket.Spot:
                    answer = await OrderEntryAsync(id, method, parameters).ConfigureAwait(false);
                    break;
                case "userDataStream.subscribe.signature" when core.Market == BinanceMarket.Spot:
                    if (!core.Authenticator.TryAccept(parameters, out var refusal))
                    {
                        answer = Error(id, refusal.Code is -2015 or -1022 ? 401 : 400, refusal.Code, refusal.Message);
                        break;
                    }

                    var subscription = core.NextSubscriptionId();
                    await core.UpdateSubscriptionsAsync(() => connection.UserStreamSubscription = subscription).ConfigureAwait(false);
                    answer = Result(id, writer =>
                    {
                        writer.WriteStartObject("result");
                        writer.WriteNumber("subscriptionId", subscription);
                    });
                    break;
                case "userDataStream.unsubscribe" when core.Market == BinanceMarket.Spot:
                    await core.UpdateSubscriptionsAsync(() => connection.UserStreamSubscription = null).ConfigureAwait(false);
                    answer = Result(id, writer => writer.WriteStartObject("result"));
                    break;
                default:
                    answer = Error(id, 400, -1000, $"Unknown method '{method}'.");
                    break;
            }

            await connection.SendAsync(answer).ConfigureAwait(false);
        }
    }

    /// <summary>A signed order request: the signature and time checked, weight 1 charged, then served as over REST.</summary>
    private async Task<byte[]> OrderEntryAsync(JsonElement? id, string method, Dictionary<string, string> parameters)
    {
        core.CountWebSocketApiOrderRequest();
        if (!core.Authenticator.TryAccept(parameters, out var refusal))
        {
            return Error(id, refusal.Code is -2015 or -1022 ? 401 : 400, refusal.Code, refusal.Message);
        }

        if (!core.Weight.TryCharge(1, core.Options.EnforceRateLimits, out var used, out var retryAfterSeconds))
        {
            core.CountRateLimited();
            return Answer(id, BinanceAnswer.Refused((-1003, $"Too much request weight used; current limit is {core.Weight.Limit} request weight per 1 MINUTE."), 429) with { RetryAfterSeconds = retryAfterSeconds }, used);
        }

        var query = new NameValueCollection();
        foreach (var (name, value) in parameters)
        {
            query[name] = value;
        }

        var served = method switch
        {
            "order.place" => await orders.PlaceAsync(query).ConfigureAwait(false),
            "order.cancel" => await orders.CancelAsync(query).ConfigureAwait(false),
            "order.modify" => await orders.AmendAsync(query).ConfigureAwait(false),
            "openOrders.cancelAll" => await orders.CancelAllAsync(query).ConfigureAwait(false),
            "openOrders.status" => await orders.OpenOrdersAsync(query).ConfigureAwait(false),
            _ => await orders.QueryAsync(query).ConfigureAwait(false),
        };
        return Answer(id, served, used);
    }

    /// <summary>
    /// An order endpoint's answer in the envelope: its body as <c>result</c> or <c>error</c>; a limit's refusal (one with
    /// a wait) gets <c>error.data</c>, the server's time and the time (ms) the limit lifts.
    /// </summary>
    private byte[] Answer(JsonElement? id, BinanceAnswer served, int weightUsed)
    {
        if (served.RetryAfterSeconds is not { } seconds)
        {
            return Envelope(id, served.Status, writer => writer.WriteRawValue(served.Body), weightUsed, served.IsSuccess ? "result" : "error", served.OrderCount);
        }

        var now = core.TimeProvider.GetUtcNow();
        using var limited = JsonDocument.Parse(served.Body);
        return Envelope(id, served.Status, writer =>
        {
            writer.WriteStartObject("error");
            foreach (var property in limited.RootElement.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteStartObject("data");
            writer.WriteNumber("serverTime", now.ToUnixTimeMilliseconds());
            writer.WriteNumber("retryAfter", now.AddSeconds(seconds).ToUnixTimeMilliseconds());
            writer.WriteEndObject();
            writer.WriteEndObject();
        }, weightUsed, orderCount: served.OrderCount);
    }

    /// <summary>A success: <c>{"id","status":200,"result":{…}}</c>; <paramref name="writeResult"/> opens the result object.</summary>
    private static byte[] Result(JsonElement? id, Action<Utf8JsonWriter> writeResult) => Envelope(id, 200, writer =>
    {
        writeResult(writer);
        writer.WriteEndObject();
    });

    private static byte[] Error(JsonElement? id, int status, int code, string message) => Envelope(id, status, writer =>
    {
        writer.WriteStartObject("error");
        writer.WriteNumber("code", code);
        writer.WriteString("msg", message);
        writer.WriteEndObject();
    });

    /// <summary>The answer's envelope; with <paramref name="weightUsed"/>, the <c>rateLimits</c>; with <paramref name="bodyName"/>, the body written raw under that name.</summary>
    private byte[] Envelope(JsonElement? id, int status, Action<Utf8JsonWriter> body, int weightUsed, string? bodyName = null, int? orderCount = null) =>
        Envelope(id, status, writer =>
        {
            if (bodyName is not null)
            {
                writer.WritePropertyName(bodyName);
            }

            body(writer);
            writer.WriteStartArray("rateLimits");
            RateLimit(writer, "REQUEST_WEIGHT", "MINUTE", 1, core.Weight.Limit, weightUsed);
            if (orderCount is { } orders)
            {
                RateLimit(writer, "ORDERS", "SECOND", 10, core.Orders.Limit, orders);
            }

            writer.WriteEndArray();
        });

    /// <summary>One entry of <c>rateLimits</c>: the limit, its window and what is used of it.</summary>
    private static void RateLimit(Utf8JsonWriter writer, string type, string interval, int intervalNum, int limit, int count)
    {
        writer.WriteStartObject();
        writer.WriteString("rateLimitType", type);
        writer.WriteString("interval", interval);
        writer.WriteNumber("intervalNum", intervalNum);
        writer.WriteNumber("limit", limit);
        writer.WriteNumber("count", count);
        writer.WriteEndObject();
    }

    private static byte[] Envelope(JsonElement? id, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("id");
            if (id is { } value)
            {
                value.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteNumber("status", status);
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
