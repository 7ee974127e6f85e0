using System.Text.Json;
using MarketMaking.Adapters.Binance;
using Microsoft.AspNetCore.Http;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// Serves Binance's market streams: combined streams on <c>/stream</c> (USD-M also <c>/public/stream</c> and
/// <c>/market/stream</c>), raw ones on <c>/ws</c>; streams named in the URL (<c>?streams=a/b</c>) or by
/// <c>SUBSCRIBE</c>, <c>UNSUBSCRIBE</c> and <c>LIST_SUBSCRIPTIONS</c> requests, each answered by its id.
/// </summary>
/// <remarks>
/// A name the simulator does not serve is refused with code 2, as Binance refuses an invalid request; a USD-M stream
/// subscribed on a path it is not routed to is acknowledged and never delivered, as on Binance. Source:
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams"/>, "Live Subscribing/Unsubscribing to streams".
/// </remarks>
internal sealed class BinanceStreamEndpoint(BinanceSimulatorCore core)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // Map() moves the matched path into PathBase; what is left names a futures listen key (/ws/<key>, /private/ws/<key>).
        var listenKey = context.Request.Path.Value?.Trim('/') ?? string.Empty;
        if (listenKey.Length > 0 && (core.Market == BinanceMarket.Spot || listenKey != core.ListenKey))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var connection = new BinanceSimulatorConnection(socket, context.Request.PathBase.Value ?? "/stream")
        {
            IsListenKeyStream = listenKey.Length > 0,
            UserStreamSubscription = listenKey.Length > 0 ? 0 : null,
        };
        foreach (var name in context.Request.Query["streams"].ToString().Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (BinanceStreamName.TryParse(name, core.Market) is { } stream)
            {
                connection.Streams[name] = stream;
            }
        }

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
            await connection.SendAsync(BinanceMessageWriter.Error(null, 3, "Invalid JSON: expected an object")).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            JsonElement? id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var given) ? given.Clone() : null;
            var method = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("method", out var m) ? m.GetString() : null;
            if (id is not { } requestId || method is null)
            {
                await connection.SendAsync(BinanceMessageWriter.Error(id, 3, "Invalid request: 'method' and 'id' are required")).ConfigureAwait(false);
                return;
            }

            var names = root.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Array
                ? parameters.EnumerateArray().Select(p => p.GetString() ?? string.Empty).ToArray()
                : [];
            byte[] answer;
            switch (method)
            {
                case "SUBSCRIBE":
                    var parsed = names.Select(n => (Name: n, Stream: BinanceStreamName.TryParse(n, core.Market))).ToArray();
                    if (parsed.Where(p => p.Stream is null).Select(p => p.Name).FirstOrDefault() is { } invalid)
                    {
                        answer = BinanceMessageWriter.Error(requestId, 2, $"Invalid request: invalid stream name '{invalid}'");
                        break;
                    }

                    await core.UpdateSubscriptionsAsync(() =>
                    {
                        foreach (var (name, stream) in parsed)
                        {
                            connection.Streams[name] = stream!;
                        }
                    }).ConfigureAwait(false);
                    answer = BinanceMessageWriter.Result(requestId, null);
                    break;
                case "UNSUBSCRIBE":
                    await core.UpdateSubscriptionsAsync(() =>
                    {
                        foreach (var name in names)
                        {
                            connection.Streams.Remove(name);
                        }
                    }).ConfigureAwait(false);
                    answer = BinanceMessageWriter.Result(requestId, null);
                    break;
                case "LIST_SUBSCRIPTIONS":
                    string[] current = [];
                    await core.UpdateSubscriptionsAsync(() => current = [.. connection.Streams.Keys]).ConfigureAwait(false);
                    answer = BinanceMessageWriter.Result(requestId, current);
                    break;
                default:
                    answer = BinanceMessageWriter.Error(requestId, 2, $"Invalid request: unknown method '{method}'");
                    break;
            }

            await connection.SendAsync(answer).ConfigureAwait(false);
        }
    }
}
