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
/// <c>openOrders.cancelAll</c>, <c>openOrders.status</c> and <c>order.amend.keepPriority</c>; futures' <c>order.modify</c>);
/// and on spot the session (<c>session.logon</c>, Ed25519 keys only, after which requests on the connection may leave
/// out <c>apiKey</c> and <c>signature</c>; <c>session.status</c>; <c>session.logout</c>) and the user data stream
/// (<c>userDataStream.subscribe.signature</c>, a signed subscription on any connection, or <c>userDataStream.subscribe</c>
/// on a logged-on one, after which the account's events arrive on the connection as <c>{"subscriptionId","event"}</c>;
/// <c>userDataStream.unsubscribe</c>). Every answer is <c>{"id","status","result"}</c> or
/// <c>{"id","status","error":{"code","msg"}}</c>, with the request weight used in <c>rateLimits</c> (and the new orders
/// in the last 10 s, after an order); a request over the minute's weight or the 10 s order count is answered 429 with
/// <c>error.data.retryAfter</c>, the time (ms) from which requests are taken again.
/// </summary>
/// <remarks>
/// Spot's listen keys were withdrawn on 2026-02-20: the WebSocket API is how a spot account's events are read. Sources:
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/response-format"/>,
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/trading-requests"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/websocket-api"/>,
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-api/user-data-stream-requests"/>,
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/authentication-requests"/>. Two
/// answers are this simulator's choice, Binance documenting neither: <c>session.logon</c> for an account whose key is not
/// Ed25519 is refused as a bad signature (<c>-1022</c>, what clients report seeing), and <c>userDataStream.subscribe</c>
/// on a connection not logged on as unauthorized (<c>-1002</c>).
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
        var connection = new BinanceSimulatorConnection(socket, (context.Request.PathBase + context.Request.Path).Value ?? "/ws-api/v3")
        {
            ConnectedSince = core.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };
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
                case "order.amend.keepPriority" when core.Market == BinanceMarket.Spot:
                    answer = await OrderEntryAsync(connection, id, method, parameters).ConfigureAwait(false);
                    break;
                case "session.logon" when core.Market == BinanceMarket.Spot:
                    answer = LogOn(connection, id, parameters);
                    break;
                case "session.status" when core.Market == BinanceMarket.Spot:
                    answer = SessionStatus(connection, id);
                    break;
                case "session.logout" when core.Market == BinanceMarket.Spot:
                    connection.AuthorizedSince = null;
                    if (connection.UserStreamFromSession)
                    {
                        await core.UpdateSubscriptionsAsync(() => (connection.UserStreamSubscription, connection.UserStreamFromSession) = (null, false)).ConfigureAwait(false);
                    }

                    answer = SessionStatus(connection, id);
                    break;
                case "userDataStream.subscribe" when core.Market == BinanceMarket.Spot:
                    if (parameters.Count > 0)
                    {
                        answer = Error(id, 400, -1104, $"Not all sent parameters were read; read '0' parameter(s) but was sent '{parameters.Count}'.");
                        break;
                    }

                    if (connection.AuthorizedSince is null)
                    {
                        answer = Error(id, 401, -1002, "You are not authorized to execute this request.");
                        break;
                    }

                    answer = await SubscribeAsync(connection, id, fromSession: true).ConfigureAwait(false);
                    break;
                case "userDataStream.subscribe.signature" when core.Market == BinanceMarket.Spot:
                    if (!core.Authenticator.TryAccept(parameters, out var refusal))
                    {
                        answer = Error(id, refusal.Code is -2015 or -1022 ? 401 : 400, refusal.Code, refusal.Message);
                        break;
                    }

                    answer = await SubscribeAsync(connection, id, fromSession: false).ConfigureAwait(false);
                    break;
                case "userDataStream.unsubscribe" when core.Market == BinanceMarket.Spot:
                    await core.UpdateSubscriptionsAsync(() => (connection.UserStreamSubscription, connection.UserStreamFromSession) = (null, false)).ConfigureAwait(false);
                    answer = Result(id, writer => writer.WriteStartObject("result"));
                    break;
                default:
                    answer = Error(id, 400, -1000, $"Unknown method '{method}'.");
                    break;
            }

            await connection.SendAsync(answer).ConfigureAwait(false);
        }
    }

    /// <summary>Starts the connection's user data subscription (one per connection: a second replaces the first).</summary>
    private async Task<byte[]> SubscribeAsync(BinanceSimulatorConnection connection, JsonElement? id, bool fromSession)
    {
        var subscription = core.NextSubscriptionId();
        await core.UpdateSubscriptionsAsync(() => (connection.UserStreamSubscription, connection.UserStreamFromSession) = (subscription, fromSession)).ConfigureAwait(false);
        return Result(id, writer =>
        {
            writer.WriteStartObject("result");
            writer.WriteNumber("subscriptionId", subscription);
        });
    }

    /// <summary><c>session.logon</c>: an Ed25519-signed request with the account's key authenticates the connection.</summary>
    private byte[] LogOn(BinanceSimulatorConnection connection, JsonElement? id, Dictionary<string, string> parameters)
    {
        var refusal = (Code: -1022, Message: "Signature for this request is not valid.");
        if (!core.Authenticator.IsEd25519 || !core.Authenticator.TryAccept(parameters, out refusal))
        {
            return Error(id, refusal.Code is -2015 or -1022 ? 401 : 400, refusal.Code, refusal.Message);
        }

        connection.AuthorizedSince = core.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return SessionStatus(connection, id);
    }

    /// <summary>The session's state, as <c>session.logon</c>, <c>session.status</c> and <c>session.logout</c> answer it.</summary>
    private byte[] SessionStatus(BinanceSimulatorConnection connection, JsonElement? id) => Result(id, writer =>
    {
        writer.WriteStartObject("result");
        if (connection.AuthorizedSince is { } since)
        {
            writer.WriteString("apiKey", core.Authenticator.ApiKey);
            writer.WriteNumber("authorizedSince", since);
        }
        else
        {
            writer.WriteNull("apiKey");
            writer.WriteNull("authorizedSince");
        }

        writer.WriteNumber("connectedSince", connection.ConnectedSince);
        writer.WriteBoolean("returnRateLimits", false);
        writer.WriteNumber("serverTime", core.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        writer.WriteBoolean("userDataStream", connection.UserStreamSubscription is not null);
    });

    /// <summary>
    /// An order request: its signature and time checked (on a logged-on connection, only its time when it carries no
    /// signature), its weight charged, then served as over REST.
    /// </summary>
    private async Task<byte[]> OrderEntryAsync(BinanceSimulatorConnection connection, JsonElement? id, string method, Dictionary<string, string> parameters)
    {
        core.CountWebSocketApiOrderRequest();
        if (connection.AuthorizedSince is not null && !parameters.ContainsKey("signature"))
        {
            core.CountUnsignedSessionOrderRequest();
        }

        var accepted = connection.AuthorizedSince is not null
            ? core.Authenticator.TryAcceptOnSession(parameters, out var refusal)
            : core.Authenticator.TryAccept(parameters, out refusal);
        if (!accepted)
        {
            return Error(id, refusal.Code is -2015 or -1022 ? 401 : 400, refusal.Code, refusal.Message);
        }

        // Every order request weighs 1 but the keep-priority amend (as over REST).
        if (!core.Weight.TryCharge(method == "order.amend.keepPriority" ? BinanceOrderEndpoint.KeepPriorityWeight : 1, core.Options.EnforceRateLimits, out var used, out var retryAfterSeconds))
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
            "order.amend.keepPriority" => await orders.AmendKeepPriorityAsync(query).ConfigureAwait(false),
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
