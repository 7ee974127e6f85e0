using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarketMaking.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Kraken.Tests.Loopback;

/// <summary>
/// A real Kestrel server on loopback speaking enough of Kraken's protocol for the adapter's tests: REST
/// <c>GetWebSocketsToken</c> (tokens <c>token-1</c>, <c>token-2</c>, …), the public WebSocket <c>/v2</c> and the
/// authenticated <c>/v2-auth</c>. By default it answers like Kraken (instrument snapshot from the fixture, book snapshot
/// from the real BTC/USD capture, pongs, executions and balances snapshots); tests override <see cref="OnPublicRequest"/>
/// or <see cref="OnPrivateRequest"/> to inject faults.
/// </summary>
internal sealed class FakeKrakenServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _tokensIssued;
    private int _publicCount;
    private int _privateCount;

    private FakeKrakenServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public Uri PublicUrl => new($"ws://{BaseAddress.Authority}/v2");

    public Uri PrivateUrl => new($"ws://{BaseAddress.Authority}/v2-auth");

    public ConcurrentQueue<FakeWsConnection> PublicConnections { get; } = new();

    public ConcurrentQueue<FakeWsConnection> PrivateConnections { get; } = new();

    /// <summary>Gets the tokens the server accepts; a test removes one to make it expire.</summary>
    public ConcurrentDictionary<string, bool> ValidTokens { get; } = new();

    public int TokensIssued => _tokensIssued;

    public Func<FakeWsConnection, JsonElement, Task> OnPublicRequest { get; set; } = DefaultPublicAsync;

    public Func<FakeWsConnection, JsonElement, Task> OnPrivateRequest { get; set; } = null!;

    public static string Fixture(string name) => File.ReadAllText(RepoPaths.Fixture($"kraken/{name}"));

    /// <summary>Gets the real BTC/USD capture's snapshot, as one JSON text frame.</summary>
    public static string BookSnapshotFrame() => JsonDocument.Parse(Fixture("ws-book-sequence-btcusd.json")).RootElement.GetProperty("snapshot").GetRawText();

    /// <summary>Gets update <paramref name="index"/> of the real BTC/USD capture, as one JSON text frame.</summary>
    public static string BookUpdateFrame(int index) =>
        JsonDocument.Parse(Fixture("ws-book-sequence-btcusd.json")).RootElement.GetProperty("updates")[index].GetRawText();

    public static async Task<FakeKrakenServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeKrakenServer(app);
        server.OnPrivateRequest = server.DefaultPrivateAsync;
        app.UseWebSockets();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Kraken's default answers on the public endpoint.</summary>
    public static async Task DefaultPublicAsync(FakeWsConnection connection, JsonElement request)
    {
        var method = request.GetProperty("method").GetString();
        if (method == "ping")
        {
            await connection.SendAsync($"{{\"method\":\"pong\",\"req_id\":{request.GetProperty("req_id").GetInt64()},\"time_in\":\"2024-05-18T12:00:00.000000Z\",\"time_out\":\"2024-05-18T12:00:00.000100Z\"}}");
            return;
        }

        var channel = request.GetProperty("params").GetProperty("channel").GetString();
        await connection.AnswerAsync(request, $"{{\"channel\":\"{channel}\"}}");
        if (method == "subscribe" && channel == "instrument")
        {
            await connection.SendAsync(Fixture("ws-instrument-snapshot.json"));
        }
        else if (method == "subscribe" && channel == "book")
        {
            await connection.SendAsync(BookSnapshotFrame());
        }
    }

    /// <summary>Kraken's default answers on the authenticated endpoint: subscriptions need a valid token.</summary>
    public async Task DefaultPrivateAsync(FakeWsConnection connection, JsonElement request)
    {
        var method = request.GetProperty("method").GetString();
        if (method == "ping")
        {
            await connection.SendAsync($"{{\"method\":\"pong\",\"req_id\":{request.GetProperty("req_id").GetInt64()}}}");
            return;
        }

        var parameters = request.GetProperty("params");
        var token = parameters.TryGetProperty("token", out var t) ? t.GetString() : null;
        if (token is null || !ValidTokens.ContainsKey(token))
        {
            await connection.RefuseAsync(request, "ESession:Invalid session");
            return;
        }

        switch (method, parameters.TryGetProperty("channel", out var c) ? c.GetString() : null)
        {
            case ("subscribe", "executions"):
                await connection.AnswerAsync(request, """{"channel":"executions","maxratecount":60,"snap_orders":true,"snap_trades":true}""");
                await connection.SendAsync("""{"channel":"executions","type":"snapshot","data":[],"sequence":1}""");
                break;
            case ("subscribe", "balances"):
                await connection.AnswerAsync(request, """{"channel":"balances","snapshot":true}""");
                await connection.SendAsync(Fixture("ws-balances-snapshot.json"));
                break;
            case ("cancel_all_orders_after", _):
                await connection.AnswerAsync(request, """{"currentTime":"2024-05-18T12:00:00Z","triggerTime":"2024-05-18T12:01:00Z"}""");
                break;
            case ("add_order", _):
                await connection.AnswerAsync(request, $"{{\"order_id\":\"OAAAAA-BBBBB-{connection.Requests.Count:D6}\",\"cl_ord_id\":\"{parameters.GetProperty("cl_ord_id").GetString()}\"}}");
                break;
            default:
                await connection.AnswerAsync(request, "{}");
                break;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (path == "/0/private/GetWebSocketsToken")
        {
            var token = $"token-{Interlocked.Increment(ref _tokensIssued)}";
            ValidTokens[token] = true;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"{{\"error\":[],\"result\":{{\"token\":\"{token}\",\"expires\":900}}}}");
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest || path is not ("/v2" or "/v2-auth"))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var isPublic = path == "/v2";
        var connection = new FakeWsConnection(socket, isPublic ? Interlocked.Increment(ref _publicCount) : Interlocked.Increment(ref _privateCount));
        (isPublic ? PublicConnections : PrivateConnections).Enqueue(connection);
        await ServeAsync(connection, socket, isPublic);
    }

    private async Task ServeAsync(FakeWsConnection connection, WebSocket socket, bool isPublic)
    {
        var buffer = new byte[1 << 16];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var count = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, count, buffer.Length - count), CancellationToken.None);
                    count += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    connection.ClosedByClient = true;
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }

                var request = JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, count)).RootElement.Clone();
                connection.Record(request);
                if (!connection.Silent)
                {
                    await (isPublic ? OnPublicRequest : OnPrivateRequest)(connection, request);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The client went away or the test dropped the connection.
        }
    }
}
