using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.AspNetCore.Http;

namespace MarketMaking.Simulation.BybitProtocol;

/// <summary>
/// Bybit v5's streams: public (<c>/v5/public/spot</c> or <c>/linear</c>; <c>orderbook.{depth}.{symbol}</c> starts with a
/// snapshot of the venue's book, then a delta per replayed diff, <c>u</c> one more each time; <c>publicTrade.{symbol}</c>,
/// each replayed trade; on linear <c>tickers.{symbol}</c>, a snapshot then a delta every second of replayed time) and private
/// (<c>/v5/private</c>; <c>op: auth</c> checked against the key and an HMAC of <c>GET/realtime</c> and the expiry, then
/// <c>order</c> and <c>execution</c>). Requests are answered by <c>req_id</c>; pings with a pong.
/// </summary>
/// <remarks>Sources: <see href="https://bybit-exchange.github.io/docs/v5/ws/connect"/>, <see href="https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook"/>.</remarks>
internal sealed class BybitWebSocketEndpoint(BybitSimulatorCore core, bool isPrivate)
{
    private static readonly string[] s_privateTopics = ["order", "execution", "position", "wallet", "dcp.future", "dcp.spot", "dcp.option"];

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var connection = new BybitSimulatorConnection(socket, isPrivate);
        await core.ServeAsync(connection, socket, context.RequestAborted, message => OnMessageAsync(connection, message)).ConfigureAwait(false);
        await core.OnPrivateConnectionEndedAsync(connection).ConfigureAwait(false);
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
            await AnswerAsync(connection, null, "unknown", false, "Invalid request: not JSON").ConfigureAwait(false);
            return;
        }

        var id = root.TryGetProperty("req_id", out var given) ? given.GetString() : null;
        var op = root.TryGetProperty("op", out var o) ? o.GetString() ?? string.Empty : string.Empty;
        var args = root.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().ToArray() : [];
        switch (op)
        {
            case "ping" when connection.IsPrivate:
                await connection.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { req_id = id, op = "pong", args = new[] { core.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) }, conn_id = connection.ConnectionId })).ConfigureAwait(false);
                break;
            case "ping":
                await connection.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { success = true, ret_msg = "pong", conn_id = connection.ConnectionId, req_id = id, op = "ping" })).ConfigureAwait(false);
                break;
            case "auth" when connection.IsPrivate:
                var (accepted, why) = core.AuthenticateStream(args);
                connection.IsAuthenticated = accepted;
                await AnswerAsync(connection, id, op, accepted, why).ConfigureAwait(false);
                break;
            case "subscribe" or "unsubscribe":
                await SubscribeAsync(connection, id, op, [.. args.Select(t => t.GetString() ?? string.Empty)]).ConfigureAwait(false);
                break;
            default:
                await AnswerAsync(connection, id, op, false, $"Invalid op: {op}").ConfigureAwait(false);
                break;
        }
    }

    private async Task SubscribeAsync(BybitSimulatorConnection connection, string? id, string op, string[] topics)
    {
        if (connection.IsPrivate && !connection.IsAuthenticated)
        {
            await AnswerAsync(connection, id, op, false, "Request not authorized").ConfigureAwait(false);
            return;
        }

        var unknown = topics.Where(t => InstrumentOf(connection, t) is null).ToArray();
        if (unknown.Length > 0)
        {
            await AnswerAsync(connection, id, op, false, $"Invalid topic: {string.Join(",", unknown)}").ConfigureAwait(false);
            return;
        }

        // Answered first, then each new book topic's snapshot, under the gate so that no delta comes before it.
        await core.RunAsync(async () =>
        {
            await AnswerAsync(connection, id, op, true, string.Empty).ConfigureAwait(false);
            foreach (var topic in topics)
            {
                if (op == "unsubscribe")
                {
                    connection.Topics.Remove(topic);
                    continue;
                }

                if (connection.Topics.TryAdd(topic, 0) && InstrumentOf(connection, topic) is { } instrument && instrument.Value is not null)
                {
                    await core.SendSnapshotAsync(connection, topic, instrument).ConfigureAwait(false);
                }
            }

            core.CountPrivateStream(connection);
            if (op == "subscribe" && topics.Any(t => t.StartsWith("dcp", StringComparison.Ordinal)))
            {
                core.OnProtectionSubscribed();
            }
        }).ConfigureAwait(false);
    }

    /// <summary>A public book topic's instrument; <see langword="default"/> for a private topic on the private stream; <see langword="null"/> when not served.</summary>
    private InstrumentId? InstrumentOf(BybitSimulatorConnection connection, string topic)
    {
        if (connection.IsPrivate)
        {
            return s_privateTopics.Contains(topic) ? default(InstrumentId) : null;
        }

        var symbol = topic.Split('.') switch
        {
            ["orderbook", _, var named] => named,
            ["publicTrade", var named] => named,
            ["tickers", var named] when core.Options.Category == MarketMaking.Adapters.Bybit.BybitCategory.Linear => named,
            _ => null,
        };
        return symbol is not null && core.Instruments.ContainsKey(InstrumentId.Create(symbol)) ? InstrumentId.Create(symbol) : null;
    }

    private static ValueTask AnswerAsync(BybitSimulatorConnection connection, string? id, string op, bool success, string message) =>
        connection.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { success, ret_msg = message, conn_id = connection.ConnectionId, req_id = id, op }));
}
