using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MarketMaking.Simulation.MexcProtocol;

/// <summary>
/// MEXC Spot's WebSocket (<c>/ws</c>): JSON control frames — <c>SUBSCRIPTION</c> and <c>UNSUBSCRIPTION</c> answered
/// <c>{"id","code":0,"msg":channel}</c>, <c>PING</c> answered <c>PONG</c> — and binary protobuf pushes. With
/// <c>?listenKey=</c> (a valid key) the connection carries the user stream's private channels.
/// </summary>
/// <remarks>Source: <see href="https://www.mexc.com/api-docs/spot-v3/websocket-market-streams"/>, <see href="https://www.mexc.com/api-docs/spot-v3/websocket-user-data-streams"/>.</remarks>
internal sealed class MexcWebSocketEndpoint(MexcSimulatorCore core)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var listenKey = context.Request.Query["listenKey"].ToString() is { Length: > 0 } key ? key : null;
        if (listenKey is not null && !core.IsListenKey(listenKey))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var connection = new MexcSimulatorConnection(socket, listenKey);
        await core.ServeAsync(connection, socket, context.RequestAborted, message => OnMessageAsync(connection, message)).ConfigureAwait(false);
    }

    private async Task OnMessageAsync(MexcSimulatorConnection connection, ReadOnlyMemory<byte> message)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(message);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            await connection.SendTextAsync(Encoding.UTF8.GetBytes("""{"id":0,"code":0,"msg":"Invalid request"}""")).ConfigureAwait(false);
            return;
        }

        var id = root.TryGetProperty("id", out var given) && given.TryGetInt64(out var number) ? number : 0;
        var method = root.TryGetProperty("method", out var m) ? m.GetString() : null;
        switch (method)
        {
            case "PING":
                await connection.SendTextAsync(Encoding.UTF8.GetBytes("""{"id":0,"code":0,"msg":"PONG"}""")).ConfigureAwait(false);
                break;
            case "SUBSCRIPTION" or "UNSUBSCRIPTION":
                var channels = root.TryGetProperty("params", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Select(c => c.GetString() ?? string.Empty).ToArray()
                    : [];
                var refused = channels.Where(c => !IsServed(connection, c)).ToArray();
                await core.UpdateConnectionsAsync(() =>
                {
                    foreach (var channel in channels.Except(refused))
                    {
                        _ = method == "SUBSCRIPTION" ? connection.Channels.Add(channel) : connection.Channels.Remove(channel);
                    }

                    core.CountUserStream(connection);
                }).ConfigureAwait(false);

                // MEXC answers a refused channel with code 0 and a "Not Subscribed successfully" text.
                var text = refused.Length > 0 ? $"Not Subscribed successfully! [{string.Join(",", refused)}]. Reason： Blocked! " : string.Join(",", channels);
                await connection.SendTextAsync(JsonSerializer.SerializeToUtf8Bytes(new { id, code = 0, msg = text })).ConfigureAwait(false);
                break;
            default:
                await connection.SendTextAsync(JsonSerializer.SerializeToUtf8Bytes(new { id, code = 0, msg = "Invalid request" })).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>A public channel of a served symbol, or a private channel on a listen key's connection.</summary>
    private bool IsServed(MexcSimulatorConnection connection, string channel) =>
        channel.StartsWith("spot@private.", StringComparison.Ordinal)
            ? connection.ListenKey is not null && channel is MarketMaking.Adapters.Mexc.MexcSpotChannels.Orders or MarketMaking.Adapters.Mexc.MexcSpotChannels.Deals or MarketMaking.Adapters.Mexc.MexcSpotChannels.Account
            : (channel.StartsWith(MexcPushWriter.DepthPrefix, StringComparison.Ordinal) || channel.StartsWith(MexcPushWriter.DealsPrefix, StringComparison.Ordinal) || channel.StartsWith(MexcPushWriter.BookTickerPrefix, StringComparison.Ordinal))
                && core.Instruments.Keys.Any(i => channel.EndsWith("@" + i.Value, StringComparison.Ordinal));
}
