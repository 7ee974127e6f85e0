using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// Serves spot's WebSocket API on <c>/ws-api/v3</c>, the user data stream part: <c>userDataStream.subscribe.signature</c>
/// (an HMAC-signed subscription; the account's events then arrive on the connection as
/// <c>{"subscriptionId","event"}</c>), <c>userDataStream.unsubscribe</c>, <c>ping</c> and <c>time</c>, each answered
/// <c>{"id","status","result"}</c> or <c>{"id","status","error":{"code","msg"}}</c>.
/// </summary>
/// <remarks>
/// Spot's listen keys were withdrawn on 2026-02-20: the WebSocket API is how a spot account's events are read. Source:
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-api/user-data-stream-requests"/>.
/// </remarks>
internal sealed class BinanceWebSocketApiEndpoint(BinanceSimulatorCore core)
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
                case "userDataStream.subscribe.signature":
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
                case "userDataStream.unsubscribe":
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
