using System.Globalization;
using MarketMaking.Adapters.Mexc.Tests.Loopback;
using MarketMaking.Testing.Mexc;
using MarketMaking.Models;
using MarketMaking.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Adapters.Mexc.Tests;

/// <summary>The Spot REST client against a real Kestrel server on loopback that checks every signature.</summary>
public sealed class MexcSpotRestClientTests
{
    private static readonly InstrumentId s_btcUsdt = InstrumentId.Create("BTCUSDT");
    private FakeTimeProvider _clock = null!;
    private FakeMexcServer _server = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        _server = await FakeMexcServer.StartAsync();
        _http = new HttpClient();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private MexcSpotRestClient Client(Action<MexcSpotOptions>? configure = null)
    {
        var options = new MexcSpotOptions { RestBaseUrl = _server.BaseAddress, WebSocketUrl = _server.WebSocketUrl, ApiKey = FakeMexcServer.ApiKey, ApiSecret = FakeMexcServer.ApiSecret };
        configure?.Invoke(options);
        return new MexcSpotRestClient(_http, options, _clock);
    }

    private static OrderRequest Limit(string clientId, bool postOnly = false, TimeInForce tif = TimeInForce.GoodTillCanceled) =>
        new(s_btcUsdt, Side.Buy, OrderType.Limit, new Quantity(0.0002m), ClientOrderId.Create(clientId)) { LimitPrice = new Price(40000m), PostOnly = postOnly, TimeInForce = tif };

    [Test]
    public async Task PlaceOrder_IsSignedAsMexcChecksIt_WithTheServerClockOffset_AndTypesForPostOnlyAndIoc()
    {
        var queries = new List<Dictionary<string, string>>();
        _server.OnOrder = (path, query) =>
        {
            queries.Add(query.ToDictionary(q => q.Key, q => q.Value.ToString()));
            return (200, File.ReadAllText(RepoPaths.Fixture("mexc/spot/rest/order-new-response.json")));
        };
        var client = Client();

        var postOnly = await client.PlaceOrderAsync(Limit("q-1", postOnly: true));
        var ioc = await client.PlaceOrderAsync(Limit("q-2", tif: TimeInForce.ImmediateOrCancel));

        Assert.Multiple(() =>
        {
            Assert.That(postOnly.IsSuccess, Is.True, postOnly.Error?.ToString());
            Assert.That(postOnly.Value!.VenueOrderId!.Value.Value, Is.EqualTo("06a480e69e604477bfb48dddd5f0b750"));
            Assert.That(ioc.IsSuccess, Is.True, ioc.Error?.ToString());
            Assert.That(queries.Select(q => q["type"]), Is.EqualTo(new[] { "LIMIT_MAKER", "IMMEDIATE_OR_CANCEL" }), "post-only and IOC are MEXC order types");
            Assert.That((queries[0]["symbol"], queries[0]["side"], queries[0]["quantity"], queries[0]["price"], queries[0]["newClientOrderId"]), Is.EqualTo(("BTCUSDT", "BUY", "0.0002", "40000", "q-1")));
            Assert.That(queries[0]["recvWindow"], Is.EqualTo("5000"));
            Assert.That(client.ClockOffset, Is.EqualTo(TimeSpan.FromMilliseconds(500)), "the server clock runs 500 ms ahead of ours");
            Assert.That(long.Parse(queries[0]["timestamp"], CultureInfo.InvariantCulture), Is.EqualTo(1_700_000_000_500), "timestamp on the server's clock");
            Assert.That(_server.CountOf("GET /api/v3/time"), Is.EqualTo(1), "the offset is read once");
        });
    }

    [Test]
    public async Task ABadSecret_IsRefusedByTheServer_AndReportedAsAuthentication()
    {
        var client = Client(o => o.ApiSecret = "00000000000000000000000000000000");

        var result = await client.PlaceOrderAsync(Limit("q-1"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(VenueOutcome.Failed), "MEXC answered: the order was not placed");
            Assert.That(result.Error!.Kind, Is.EqualTo(VenueErrorKind.AuthenticationFailed));
            Assert.That(result.Error.VenueCode, Is.EqualTo("MEXC 700002"));
        });
    }

    [Test]
    public async Task Batch_APartialFailureInsideHttp200_IsReportedPerOrder()
    {
        string? batchJson = null;
        _server.OnOrder = (path, query) =>
        {
            batchJson = query["batchOrders"];
            return (200, """[{"symbol":"BTCUSDT","orderId":"1","orderListId":-1},{"newClientOrderId":"b-2","msg":"资金不足","code":10101}]""");
        };
        var client = Client();

        var result = await client.PlaceOrdersAsync([Limit("b-1"), Limit("b-2")]);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.True, "the batch itself was answered");
            Assert.That(result.Value[0].IsSuccess, Is.True);
            Assert.That(result.Value[0].Value!.VenueOrderId!.Value.Value, Is.EqualTo("1"));
            Assert.That(result.Value[1].Error!.Kind, Is.EqualTo(VenueErrorKind.InsufficientFunds), "10101, whatever the language of the message");
            Assert.That(batchJson, Does.Contain("\"newClientOrderId\":\"b-2\"").And.Contain("\"type\":\"LIMIT\""), "the JSON array, URL-encoded and signed as sent");
        });
    }

    [Test]
    public async Task AServerError_LeavesTheOrderUnknown_WhileARejectionIsAFailure()
    {
        var answers = new Queue<(int, string)>([(503, "Service Unavailable"), (400, """{"code":30002,"msg":"amount too small"}""")]);
        _server.OnOrder = (_, _) => answers.Dequeue();
        var client = Client(o => o.TradingPipeline.MaxRetryAttempts = 0);

        var unknown = await client.PlaceOrderAsync(Limit("u-1"));
        var rejected = await client.PlaceOrderAsync(Limit("u-2"));

        Assert.Multiple(() =>
        {
            Assert.That(unknown.Outcome, Is.EqualTo(VenueOutcome.Unknown), "a 5xx may have placed it: reconcile by client id");
            Assert.That(rejected.Outcome, Is.EqualTo(VenueOutcome.Failed));
            Assert.That(rejected.Error!.Kind, Is.EqualTo(VenueErrorKind.InvalidQuantity));
        });
    }

    [Test]
    public async Task TheOrderRateLimit_HoldsRequestsBackLocally_AndTheHeadroomShowsIt()
    {
        _server.OnOrder = (_, _) => (200, File.ReadAllText(RepoPaths.Fixture("mexc/spot/rest/order-new-response.json")));
        var client = Client(o =>
        {
            o.OrderRequestsPerSecond = 2;
            o.MaxRateLimitWait = TimeSpan.Zero;
            o.TradingPipeline.MaxRetryAttempts = 0;
        });

        var first = await client.PlaceOrderAsync(Limit("r-1"));
        var second = await client.PlaceOrderAsync(Limit("r-2"));
        var third = await client.PlaceOrderAsync(Limit("r-3"));
        var headroom = client.NewOrderHeadroom(s_btcUsdt);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var afterASecond = await client.PlaceOrderAsync(Limit("r-4"));

        Assert.Multiple(() =>
        {
            Assert.That(first.IsSuccess && second.IsSuccess, Is.True);
            Assert.That(third.Error!.Kind, Is.EqualTo(VenueErrorKind.RateLimited));
            Assert.That(third.Error.Message, Does.StartWith("Not sent"));
            Assert.That(third.Error.RetryAfter, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(headroom, Is.Zero);
            Assert.That(_server.CountOf("POST /api/v3/order"), Is.EqualTo(3), "the refused one never left");
            Assert.That(afterASecond.IsSuccess, Is.True, "the budget refills at 2 per second");
        });
    }

    [Test]
    public async Task A429_CarriesMexcsRetryAfter()
    {
        _server.OnOrder = (_, _) => (429, """{"code":429,"msg":"Too many requests"}""");
        var client = Client(o => o.TradingPipeline.MaxRetryAttempts = 0);

        var result = await client.PlaceOrderAsync(Limit("l-1"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(VenueOutcome.Failed), "a 429 did not run the request");
            Assert.That(result.Error!.Kind, Is.EqualTo(VenueErrorKind.RateLimited));
            Assert.That(result.Error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(10)), "no Retry-After header: 10 s");
        });
    }

    [Test]
    public async Task CancelAll_CoversEverySymbolOrderedOn_AndCountsWhatMexcCanceled()
    {
        var symbols = new List<string>();
        _server.OnOrder = (path, query) =>
        {
            if (path == "/api/v3/openOrders")
            {
                symbols.Add(query["symbol"]!);
                return (200, File.ReadAllText(RepoPaths.Fixture("mexc/spot/rest/openOrders-cancel-all-response.json")));
            }

            return (200, File.ReadAllText(RepoPaths.Fixture("mexc/spot/rest/order-new-response.json")));
        };
        var client = Client(o => o.Symbols = ["ETHUSDT"]);
        await client.PlaceOrderAsync(Limit("c-1"));

        var result = await client.CancelAllAsync();
        var amend = await client.AmendOrderAsync(new AmendRequest(s_btcUsdt, OrderReference.ByClientId(ClientOrderId.Create("c-1"))));

        Assert.Multiple(() =>
        {
            Assert.That(result.Value!.Count, Is.EqualTo(2));
            Assert.That(symbols, Is.EqualTo(new[] { "BTCUSDT,ETHUSDT" }), "up to 5 symbols per call, comma-joined");
            Assert.That(amend.Error!.Kind, Is.EqualTo(VenueErrorKind.NotSupported));
        });
    }

    [Test]
    public async Task WithoutKeys_SignedCallsFailClearly_AndNothingIsSent()
    {
        var client = Client(o => (o.ApiKey, o.ApiSecret) = (null, null));

        var result = await client.GetBalancesAsync();
        var depth = await client.GetBookAsync(s_btcUsdt, 100);

        Assert.Multiple(() =>
        {
            Assert.That(result.Error!.Kind, Is.EqualTo(VenueErrorKind.AuthenticationFailed));
            Assert.That(result.Error.Message, Does.Contain("MEXC_API_KEY"));
            Assert.That(_server.CountOf("GET /api/v3/account"), Is.Zero);
            Assert.That(depth.Value!.LastUpdateId, Is.EqualTo(100), "public calls need no key");
        });
    }
}
