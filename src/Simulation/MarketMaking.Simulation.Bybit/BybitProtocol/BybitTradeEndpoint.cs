using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MarketMaking.Simulation.BybitProtocol;

/// <summary>
/// Bybit v5's WebSocket trade stream (<c>/v5/trade</c>): <c>op: auth</c> (as on the private stream), <c>ping</c>, and
/// <c>order.create</c>, <c>order.amend</c>, <c>order.cancel</c> and <c>order.create-batch</c>, each with a <c>header</c>
/// whose <c>X-BAPI-TIMESTAMP</c> must fall within <c>X-BAPI-RECV-WINDOW</c> (10002 otherwise) and one order (a batch's
/// <c>{"category","request":[orders]}</c>) in <c>args</c>,
/// served as the REST endpoint serves it (<see cref="BybitRestEndpoint.OrderAsync"/>: the same per-UID rate, refusals
/// and answers). Each answer is <c>{"reqId","retCode","retMsg","op","data","retExtInfo","header","connId"}</c>, the
/// REST answer's <c>result</c> as <c>data</c>; before a successful auth every order is refused with 10003.
/// </summary>
/// <remarks>Source: <see href="https://bybit-exchange.github.io/docs/v5/websocket/trade/guideline"/>.</remarks>
internal sealed class BybitTradeEndpoint(BybitSimulatorCore core, BybitRestEndpoint rest)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var connection = new BybitSimulatorConnection(socket, isPrivate: true);
        await core.ServeAsync(connection, socket, context.RequestAborted, message => OnMessageAsync(connection, message)).ConfigureAwait(false);
    }

    private async Task OnMessageAsync(BybitSimulatorConnection connection, ReadOnlyMemory<byte> message)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(message);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            await connection.SendAsync(Answer(connection, null, "unknown", 10001, "params error: not JSON", null)).ConfigureAwait(false);
            return;
        }

        var id = root.TryGetProperty("reqId", out var given) ? given.GetString() : null;
        var op = root.TryGetProperty("op", out var o) ? o.GetString() ?? string.Empty : string.Empty;
        var args = root.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().ToArray() : [];
        byte[] answer;
        switch (op)
        {
            case "auth":
                var (accepted, why) = core.AuthenticateStream(args);
                connection.IsAuthenticated = accepted;
                answer = Answer(connection, id, op, accepted ? 0 : 10004, accepted ? "OK" : why, null);
                break;
            case "ping":
                answer = Answer(connection, id, "pong", 0, "OK", null);
                break;
            case "order.create" or "order.amend" or "order.cancel" or "order.create-batch":
                answer = await OrderAsync(connection, id, op, root, args).ConfigureAwait(false);
                break;
            default:
                answer = Answer(connection, id, op, 10001, $"params error: unknown op {op}", null);
                break;
        }

        await connection.SendAsync(answer).ConfigureAwait(false);
    }

    private async Task<byte[]> OrderAsync(BybitSimulatorConnection connection, string? id, string op, JsonElement root, JsonElement[] args)
    {
        if (!connection.IsAuthenticated)
        {
            return Answer(connection, id, op, 10003, "Request not authorized: send op auth first", null);
        }

        // Valid when serverTime - recvWindow <= timestamp < serverTime + 1000, as over REST.
        var header = root.TryGetProperty("header", out var h) && h.ValueKind == JsonValueKind.Object ? h : default;
        var now = core.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        if (header.ValueKind != JsonValueKind.Object
            || !long.TryParse(Text(header, "X-BAPI-TIMESTAMP"), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return Answer(connection, id, op, 10001, "params error: header.X-BAPI-TIMESTAMP is required", null);
        }

        var window = int.TryParse(Text(header, "X-BAPI-RECV-WINDOW"), NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : 5000;
        if (timestamp < now - window || timestamp >= now + 1000)
        {
            return Answer(connection, id, op, 10002, "invalid request, please check your server timestamp or recv_window param", null);
        }

        if (args.Length != 1 || args[0].ValueKind != JsonValueKind.Object)
        {
            return Answer(connection, id, op, 10001, "params error: args holds one order, or one batch", null);
        }

        core.CountTradeStreamRequest();
        using var served = JsonDocument.Parse(await rest.OrderAsync($"/v5/order/{op["order.".Length..]}", args[0].GetRawText()).ConfigureAwait(false));
        var result = served.RootElement;
        return Answer(connection, id, op, result.GetProperty("retCode").GetInt32(), result.GetProperty("retMsg").GetString() ?? string.Empty, result);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A trade stream answer; with <paramref name="served"/>, its <c>result</c> as <c>data</c> and its <c>retExtInfo</c>.</summary>
    private byte[] Answer(BybitSimulatorConnection connection, string? id, string op, int code, string message, JsonElement? served)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (id is not null)
            {
                writer.WriteString("reqId", id);
            }

            writer.WriteNumber("retCode", code);
            writer.WriteString("retMsg", message);
            writer.WriteString("op", op);
            if (served is { } answer)
            {
                writer.WritePropertyName("data");
                answer.GetProperty("result").WriteTo(writer);
                writer.WritePropertyName("retExtInfo");
                answer.GetProperty("retExtInfo").WriteTo(writer);
                writer.WriteStartObject("header");
                writer.WriteString("Timenow", core.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteString("connId", connection.ConnectionId);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
