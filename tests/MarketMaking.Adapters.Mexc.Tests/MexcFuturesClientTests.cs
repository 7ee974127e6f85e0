using System.Text.Json;
using MarketMaking.Adapters.Mexc.Tests.Loopback;
using MarketMaking.Testing.Mexc;
using MarketMaking.Models;
using MarketMaking.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Adapters.Mexc.Tests;

/// <summary>The Futures REST and WebSocket clients against a real Kestrel server on loopback.</summary>
public sealed class MexcFuturesClientTests
{
    private static readonly InstrumentId s_btcUsdt = InstrumentId.Create("BTC_USDT");
    private FakeTimeProvider _clock = null!;
    private RecordingSink _sink = null!;
    private FakeMexcServer _server = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        _sink = new RecordingSink();
        _server = await FakeMexcServer.StartAsync();
        _http = new HttpClient();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private MexcFuturesOptions Options(bool enableOrderEntry = false) => new()
    {
        RestBaseUrl = _server.BaseAddress,
        WebSocketUrl = _server.WebSocketUrl,
        ApiKey = FakeMexcServer.ApiKey,
        ApiSecret = FakeMexcServer.ApiSecret,
        EnableOrderEntry = enableOrderEntry,
        Pipeline = new VenuePipelineOptions { MaxRetryAttempts = 0 },
        WebSocket = new WebSocketConnectionOptions { InitialReconnectDelay = TimeSpan.Zero },
    };

    private static OrderRequest Order() => new(s_btcUsdt, Side.Buy, OrderType.Limit, new Quantity(1m), ClientOrderId.Create("f-1")) { LimitPrice = new Price(40000m), PostOnly = true };

    [Test]
    public async Task OrderEntry_IsOffByDefault_FailingClearly_WithNothingSent()
    {
        var client = new MexcFuturesRestClient(_http, Options(), _clock);

        var placed = await client.PlaceOrderAsync(Order());
        var canceled = await client.CancelAllAsync();

        Assert.Multiple(() =>
        {
            Assert.That(placed.Error!.Kind, Is.EqualTo(VenueErrorKind.NotSupported));
            Assert.That(placed.Error.Message, Does.Contain("EnableOrderEntry"));
            Assert.That(canceled.Error!.Kind, Is.EqualTo(VenueErrorKind.NotSupported));
            Assert.That(_server.Requests.Any(r => r.Contains("/order/", StringComparison.Ordinal)), Is.False);
        });
    }

    [Test]
    public async Task OrderEntryTurnedOn_ButRefusedByMexc_IsAPermissionFailureThatSaysWhy()
    {
        string? body = null;
        string? signature = null;
        _server.OnOrder = (path, _) => (200, """{"success":false,"code":1002,"message":"Contract not allow place order!"}""");
        var client = new MexcFuturesRestClient(new HttpClient(new CapturingHandler(r =>
        {
            body = r.Content!.ReadAsStringAsync().Result;
            signature = r.Headers.GetValues("Signature").Single();
        })), Options(enableOrderEntry: true), _clock);

        var placed = await client.PlaceOrderAsync(Order());

        Assert.Multiple(() =>
        {
            Assert.That(placed.Outcome, Is.EqualTo(VenueOutcome.Failed));
            Assert.That(placed.Error!.Kind, Is.EqualTo(VenueErrorKind.PermissionDenied));
            Assert.That(placed.Error.Message, Does.Contain("closed futures order entry"));
            Assert.That(JsonDocument.Parse(body!).RootElement.GetProperty("type").GetInt32(), Is.EqualTo(2), "post-only is type 2");
            Assert.That(signature, Is.EqualTo(new MexcFuturesSigner(FakeMexcServer.ApiKey, FakeMexcServer.ApiSecret).SignBody("1700000000000", body!)), "the exact body is signed");
        });
    }

    [Test]
    public async Task MarketDataAndAccountReads_ComeThroughTheEnvelope()
    {
        _server.OnOrder = (path, _) => path switch
        {
            "/api/v1/contract/depth/BTC_USDT" => (200, File.ReadAllText(RepoPaths.Fixture("mexc/futures/rest/depth-BTC_USDT.json"))),
            "/api/v1/private/account/assets" => (200, File.ReadAllText(RepoPaths.Fixture("mexc/futures/rest/account-assets.json"))),
            "/api/v1/private/position/open_positions" => (200, File.ReadAllText(RepoPaths.Fixture("mexc/futures/rest/open-positions.json"))),
            _ => (404, "{}"),
        };
        var client = new MexcFuturesRestClient(_http, Options(), _clock);

        var depth = await client.GetBookAsync(s_btcUsdt, 20);
        var assets = await client.GetBalancesAsync();
        var positions = await client.GetPositionsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(depth.Value!.LastUpdateId, Is.EqualTo(2827730444));
            Assert.That(assets.Value.Select(a => a.Asset.Value), Is.EqualTo(new[] { "BTC", "USDT" }));
            Assert.That(positions.Value.Single().Instrument.Value, Is.EqualTo("ETH_USDT"));
        });
    }

    [Test]
    public async Task WebSocket_LogsIn_Subscribes_AndPostsPushes_AndRestoresAllAfterADrop()
    {
        await using var client = new MexcFuturesWsClient(Options(), _sink, _clock);
        var positions = new List<MexcFuturesPosition>();
        client.PositionChanged += (_, p) => positions.Add(p);
        await client.StartAsync();

        var login = await client.LoginAsync();
        var depth = await client.SubscribeDepthAsync(s_btcUsdt, 20);
        var deals = await client.SubscribeTradesAsync(s_btcUsdt);
        var connection = _server.Connection(1);
        await connection.SendTextAsync(File.ReadAllText(RepoPaths.Fixture("mexc/futures/ws/push-deal.json")));
        await connection.SendTextAsync(File.ReadAllText(RepoPaths.Fixture("mexc/futures/ws/push-personal-position.json")));
        await Eventually.WaitForAsync(() => _sink.Of<Trade>().Any() && positions.Count == 1, "the trade and the position");
        connection.Drop();
        await Eventually.WaitForAsync(() => _server.Connections.Count == 2 && _server.Connection(2).Channels.Count == 3, "login and both subscriptions restored");

        Assert.Multiple(() =>
        {
            Assert.That(login.IsSuccess && depth.IsSuccess && deals.IsSuccess, Is.True);
            Assert.That(connection.Channels, Is.EqualTo(new[] { "login", "sub.depth.full", "sub.deal" }));
            Assert.That(_server.Connection(2).Channels, Is.EqualTo(new[] { "login", "sub.depth.full", "sub.deal" }), "login first, then the subscriptions");
            Assert.That(_sink.Of<Trade>().Single().Instrument, Is.EqualTo(s_btcUsdt));

            // The requests sent have the shapes of the docs' examples (control-frames.json).
            var requests = connection.Requests.ToDictionary(r => r.GetProperty("method").GetString()!, r => r);
            Assert.That(requests["sub.depth.full"].GetProperty("param").GetProperty("symbol").GetString(), Is.EqualTo("BTC_USDT"));
            Assert.That(requests["sub.depth.full"].GetProperty("param").GetProperty("limit").GetInt32(), Is.EqualTo(20));
            Assert.That(requests["login"].GetProperty("param").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "apiKey", "reqTime", "signature" }));
        });
    }

    private sealed class CapturingHandler(Action<HttpRequestMessage> capture) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            capture(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
