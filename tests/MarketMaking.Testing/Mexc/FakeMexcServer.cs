using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using MarketMaking.Adapters.Mexc;
using MarketMaking.Adapters.Mexc.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Testing.Mexc;

/// <summary>
/// A real Kestrel server on loopback speaking enough of MEXC Spot for the adapter's tests: REST exchangeInfo (the
/// BTCUSDT fixture), depth (version <see cref="DepthVersion"/>), time, the listen key calls (keys <c>key-1</c>,
/// <c>key-2</c>, …), order entry scripted by <see cref="OnOrder"/>, and the WebSocket <c>/ws</c> (acks, refusals of
/// <see cref="RefusedChannels"/>, PONG) — which also answers MEXC Futures' <c>login</c>, <c>sub.*</c> and <c>ping</c>. Signed calls are checked against the demo secret; a bad signature answers 700002.
/// </summary>
public sealed class FakeMexcServer : IAsyncDisposable
{
    public const string ApiKey = "mx0aBYs33eIilxBWC5";
    public const string ApiSecret = "45d0b3c26f2644f19bfb98b07741b2f5";

    private readonly WebApplication _app;
    private readonly MexcSpotSigner _signer = new(ApiSecret);
    private int _keys;

    private FakeMexcServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public Uri WebSocketUrl => new($"ws://{BaseAddress.Authority}/ws");

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<FakeMexcConnection> Connections { get; } = new();

    public ConcurrentDictionary<string, bool> ValidKeys { get; } = new();

    public ConcurrentDictionary<string, bool> RefusedChannels { get; } = new();

    public long DepthVersion { get; set; } = 100;

    public long ServerTimeMilliseconds { get; set; } = 1_700_000_000_500;

    /// <summary>Gets or sets the best bid of the depth snapshot (the best ask is a cent above).</summary>
    public decimal BestBid { get; set; } = 93000.00m;

    /// <summary>
    /// Gets or sets whether a placed order (<c>POST /api/v3/order</c>) fills in full at its price, as MEXC would report it:
    /// the new-order answer, then a private deal and a filled order update on every user-stream connection.
    /// </summary>
    public bool FillsOrders { get; set; }

    /// <summary>Gets the parameters of every order placed while <see cref="FillsOrders"/> is set.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> PlacedOrders { get; } = new();

    /// <summary>Answers order entry: status and body for a path and its query.</summary>
    public Func<string, IQueryCollection, (int Status, string Body)> OnOrder { get; set; } = (_, _) => (200, "{}");

    public int CountOf(string request) => Requests.Count(r => r == request);

    public static async Task<FakeMexcServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeMexcServer(app);
        app.UseWebSockets();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    public FakeMexcConnection Connection(int number) => Connections.Single(c => c.Number == number);

    /// <summary>A binary aggregated-depth push for BTCUSDT spanning the given versions.</summary>
    public static byte[] DepthPush(long fromVersion, long toVersion, string bidPrice, string bidQuantity)
    {
        var depth = new MexcAggregatedDepth { EventType = "spot@public.aggre.depth.v3.api.pb@100ms", FromVersion = fromVersion.ToString(), ToVersion = toVersion.ToString() };
        depth.Bids.Add(new MexcDepthLevel { Price = bidPrice, Quantity = bidQuantity });
        return new MexcPushFrame { Channel = "spot@public.aggre.depth.v3.api.pb@100ms@BTCUSDT", Symbol = "BTCUSDT", SendTime = 1_700_000_001_000, PublicAggreDepths = depth }.ToByteArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        Requests.Enqueue($"{context.Request.Method} {path}");
        if (path == "/ws")
        {
            await AcceptAsync(context);
            return;
        }

        if (path.StartsWith("/api/v3/", StringComparison.Ordinal) && context.Request.Query.ContainsKey("signature") && !SignatureHolds(context))
        {
            await WriteAsync(context, 400, """{"code":700002,"msg":"Signature for this request is not valid."}""");
            return;
        }

        switch ((context.Request.Method, path))
        {
            case ("GET", "/api/v3/exchangeInfo"):
                await WriteAsync(context, 200, File.ReadAllText(RepoPaths.Fixture("mexc/spot/rest/exchangeInfo-BTCUSDT.json")));
                break;
            case ("GET", "/api/v3/account"):
                await WriteAsync(context, 200, """{"canTrade":true,"accountType":"SPOT","balances":[{"asset":"BTC","free":"10","locked":"0"},{"asset":"USDT","free":"1000000","locked":"0"}],"permissions":["SPOT"]}""");
                break;
            case ("GET", "/api/v3/time"):
                await WriteAsync(context, 200, $$"""{"serverTime":{{ServerTimeMilliseconds}}}""");
                break;
            case ("GET", "/api/v3/depth"):
                var bid = BestBid.ToString(CultureInfo.InvariantCulture);
                var ask = (BestBid + 0.01m).ToString(CultureInfo.InvariantCulture);
                var bid2 = (BestBid - 0.01m).ToString(CultureInfo.InvariantCulture);
                var ask2 = (BestBid + 0.02m).ToString(CultureInfo.InvariantCulture);
                await WriteAsync(context, 200, $$"""{"lastUpdateId":"{{DepthVersion}}","bids":[["{{bid}}","1.5"],["{{bid2}}","2"]],"asks":[["{{ask}}","0.5"],["{{ask2}}","3"]]}""");
                break;
            case ("POST", "/api/v3/userDataStream"):
                var key = $"key-{Interlocked.Increment(ref _keys)}";
                ValidKeys[key] = true;
                await WriteAsync(context, 200, $$"""{"listenKey":"{{key}}"}""");
                break;
            case ("PUT", "/api/v3/userDataStream") or ("DELETE", "/api/v3/userDataStream"):
                var listenKey = context.Request.Query["listenKey"].ToString();
                var valid = context.Request.Method == "PUT" ? ValidKeys.ContainsKey(listenKey) : ValidKeys.TryRemove(listenKey, out _);
                await WriteAsync(context, valid ? 200 : 400, valid ? $$"""{"listenKey":"{{listenKey}}"}""" : """{"code":730707,"msg":"listenKey does not exist"}""");
                break;
            case ("POST", "/api/v3/order") when FillsOrders:
                await FillAsync(context);
                break;
            case ("GET", "/api/v3/openOrders") when FillsOrders:
                // Every order filled in full at once: none rests.
                await WriteAsync(context, 200, "[]");
                break;
            default:
                var (status, body) = OnOrder(path, context.Request.Query);
                await WriteAsync(context, status, body);
                break;
        }
    }

    private async Task FillAsync(HttpContext context)
    {
        var order = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        PlacedOrders.Enqueue(order);
        var id = $"mexc-{PlacedOrders.Count}";
        await WriteAsync(context, 200, JsonSerializer.Serialize(new { symbol = order["symbol"], orderId = id, orderListId = -1, price = order["price"], origQty = order["quantity"], type = order["type"], side = order["side"], transactTime = ServerTimeMilliseconds }));

        var price = decimal.Parse(order["price"], CultureInfo.InvariantCulture);
        var quantity = decimal.Parse(order["quantity"], CultureInfo.InvariantCulture);
        var side = order["side"] == "BUY" ? 1 : 2;
        var deal = new MexcPushFrame
        {
            Channel = "spot@private.deals.v3.api.pb",
            Symbol = order["symbol"],
            SendTime = ServerTimeMilliseconds,
            PrivateDeals = new MexcPrivateDeal
            {
                Price = order["price"], Quantity = order["quantity"], Amount = (price * quantity).ToString(CultureInfo.InvariantCulture), TradeType = side,
                TradeId = $"{id}-T1", ClientOrderId = order["newClientOrderId"], OrderId = id,
                FeeAmount = (price * quantity * 0.0005m).ToString(CultureInfo.InvariantCulture), FeeCurrency = "USDT", Time = ServerTimeMilliseconds,
            },
        };
        var filled = new MexcPushFrame
        {
            Channel = "spot@private.orders.v3.api.pb",
            Symbol = order["symbol"],
            SendTime = ServerTimeMilliseconds,
            PrivateOrders = new MexcPrivateOrder
            {
                Id = id, ClientId = order["newClientOrderId"], Price = order["price"], Quantity = order["quantity"], AvgPrice = order["price"],
                TradeType = side, Status = 2, CumulativeQuantity = order["quantity"], RemainQuantity = "0", CreateTime = ServerTimeMilliseconds,
            },
        };
        foreach (var connection in Connections.Where(c => c.ListenKey is not null))
        {
            await connection.SendBinaryAsync(deal.ToByteArray());
            await connection.SendBinaryAsync(filled.ToByteArray());
        }
    }

    private bool SignatureHolds(HttpContext context)
    {
        // The bytes signed are the query string before "&signature=", exactly as sent.
        var raw = context.Request.QueryString.Value!.TrimStart('?');
        var at = raw.LastIndexOf("&signature=", StringComparison.Ordinal);
        return at > 0 && raw[(at + "&signature=".Length)..] == _signer.Sign(raw[..at]) && context.Request.Headers["X-MEXC-APIKEY"] == ApiKey;
    }

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var listenKey = context.Request.Query["listenKey"].ToString();
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new FakeMexcConnection(socket, Connections.Count + 1, listenKey.Length > 0 ? listenKey : null);
        Connections.Enqueue(connection);
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    connection.ClosedByClient = true;
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    break;
                }

                using var request = JsonDocument.Parse(buffer.AsMemory(0, received.Count));
                var root = request.RootElement.Clone();
                connection.Requests.Enqueue(root);
                var method = root.GetProperty("method").GetString();
                if (method == "ping" || method == "login" || method!.StartsWith("sub.", StringComparison.Ordinal))
                {
                    // MEXC Futures' JSON protocol on the same endpoint.
                    await connection.SendTextAsync(method == "ping" ? """{"channel":"pong","data":1587453241453}""" : JsonSerializer.Serialize(new { channel = $"rs.{method}", data = "success" }));
                    if (method != "ping")
                    {
                        connection.Channels.Enqueue(method);
                    }
                }
                else if (method == "PING")
                {
                    await connection.SendTextAsync("""{"id":0,"code":0,"msg":"PONG"}""");
                }
                else if (method == "SUBSCRIPTION")
                {
                    var channel = root.GetProperty("params")[0].GetString()!;
                    var message = RefusedChannels.ContainsKey(channel) ? $"Not Subscribed successfully! [{channel}]. Reason： Blocked! " : channel;
                    await connection.SendTextAsync(JsonSerializer.Serialize(new { id = root.GetProperty("id").GetInt64(), code = 0, msg = message }));
                    if (!RefusedChannels.ContainsKey(channel))
                    {
                        connection.Channels.Enqueue(channel);
                    }
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the test dropped it.
        }
    }
}
