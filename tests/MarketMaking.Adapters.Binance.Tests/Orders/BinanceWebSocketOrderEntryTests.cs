using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Binance.Tests;

/// <summary>
/// Order entry over the WebSocket API against the Binance-protocol simulator on loopback. The REST client it leans on
/// points at a closed port, so that every order request that succeeds went over the WebSocket API; what the venue holds
/// is read back from the simulated venue.
/// </summary>
[NonParallelizable]
public sealed class BinanceWebSocketOrderEntryTests
{
    private const string Key = BinanceSimulatorSetup.Key;
    private const string Secret = BinanceSimulatorSetup.Secret;
    private static readonly InstrumentId s_btcUsdt = BinanceSimulatorSetup.BtcUsdt;
    private static readonly Uri s_closedPort = new("http://127.0.0.1:1");

    [Test]
    public async Task OnUsdM_AnOrderIsPlacedAmendedAndCanceled_OverTheWebSocketApiAlone_AndTheWeightIsReadFromItsAnswers()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.UsdM);
        var (rest, client) = Clients(server, BinanceMarket.UsdM);
        using var restOwner = rest;
        await using var clientOwner = client;
        await client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);

        var placed = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "0.002", "ws-1"));
        Assert.That(placed.IsSuccess, Is.True, placed.Error?.ToString());
        var amended = await client.AmendOrderAsync(new AmendRequest(s_btcUsdt, new OrderReference(placed.Value!.VenueOrderId, null)) { NewLimitPrice = new Price(bid - 12m) });
        var pricesAfterAmend = await server.ReadAsync(venue => venue.Engines[s_btcUsdt].RestingOrders.Select(o => venue.Engines[s_btcUsdt].Spec.FromTicks(o.PriceTicks).Value).ToList());
        var canceled = await client.CancelOrderAsync(s_btcUsdt, new OrderReference(null, ClientOrderId.Create("ws-1")));

        Assert.Multiple(async () =>
        {
            Assert.That((placed.Value!.ClientOrderId.Value, placed.Value!.Description), Is.EqualTo(("ws-1", "NEW")));
            Assert.That(amended.IsSuccess, Is.True, amended.Error?.ToString());
            Assert.That(pricesAfterAmend, Is.EqualTo(new[] { bid - 12m }), "the order rests at its new price");
            Assert.That((canceled.IsSuccess, canceled.Value.Count), Is.EqualTo((true, 1)), canceled.Error?.ToString());
            Assert.That(await RestingAsync(server), Is.Empty);
            Assert.That(rest.RequestWeight.UsedWeight, Is.EqualTo(3), "the weight used, read from the last answer's rateLimits (REST never answered)");
            Assert.That(client.Capabilities.Supports(VenueFeatures.WebSocketOrderEntry | VenueFeatures.Amend), Is.True);
        });
    }

    [Test]
    public async Task TheRateLimitAnswer_IsARateLimitedFailure_AndNothingMoreIsSentUntilItsRetryAfter()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot, new BinanceSimulatorOptions { WeightPerMinute = 1 });
        var (rest, client) = Clients(server, BinanceMarket.Spot);
        using var restOwner = rest;
        await using var clientOwner = client;
        await client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);

        var first = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "0.001", "ws-a"));
        var limited = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 11m, "0.001", "ws-b"));
        var held = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 12m, "0.001", "ws-c"));

        Assert.Multiple(async () =>
        {
            Assert.That(first.IsSuccess, Is.True, first.Error?.ToString());
            Assert.That((limited.Error?.Kind, limited.Error?.VenueCode, limited.Error?.IsTransient, limited.Error?.NotSent), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.RateLimited, "Binance -1003", (bool?)true, (bool?)false)));
            Assert.That(limited.Error?.RetryAfter, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)), "the wait until error.data.retryAfter");
            Assert.That((held.Error?.Kind, held.Error?.NotSent), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.RateLimited, (bool?)true)), "refused here, not sent into the wait");
            Assert.That(server.RateLimitedRequests, Is.EqualTo(1), "the venue saw one request over the limit, not two");
            Assert.That((await RestingAsync(server)).Select(o => o.ClientOrderId.Value), Is.EqualTo(new[] { "ws-a" }));
        });
    }

    [Test]
    public async Task AConnectionLostBeforeTheAnswer_LeavesTheOutcomeUnknown_AndAnOrderMadeWhileReconnecting_WaitsForTheNewConnection()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot, new BinanceSimulatorOptions { OrderAnswerDelay = TimeSpan.FromMilliseconds(500) });
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var (rest, client) = Clients(server, BinanceMarket.Spot, TimeSpan.FromSeconds(10), loggerFactory);
        using var restOwner = rest;
        await using var clientOwner = client;
        await client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);

        var inFlight = client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "0.001", "ws-lost")).AsTask();
        await Eventually.WaitForAsync(() => server.OrderRequests == 1, "the request taken by the venue, which holds its answer");
        server.DropConnections();
        var lost = await inFlight;
        var afterDrop = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 11m, "0.001", "ws-after"));
        await Eventually.WaitForAsync(() => RestingAsync(server).Result.Count == 2, "the lost order found at the venue, as reconciliation would");

        Assert.Multiple(async () =>
        {
            Assert.That((lost.IsOutcomeUnknown, lost.Error?.Kind), Is.EqualTo((true, (VenueErrorKind?)VenueErrorKind.Transport)), lost.Error?.ToString());
            Assert.That(afterDrop.IsSuccess, Is.True, afterDrop.Error?.ToString());
            Assert.That(client.Connections, Is.EqualTo(2));
            Assert.That((await RestingAsync(server)).Select(o => o.ClientOrderId.Value).Order(), Is.EqualTo(new[] { "ws-after", "ws-lost" }));
            Assert.That(logs.Lines.Where(l => l.Contains("order.place: the outcome is unknown", StringComparison.Ordinal)), Has.Exactly(1).Items);
            Assert.That(logs.Lines.Where(l => l.Contains(Secret, StringComparison.Ordinal) || l.Contains(Key, StringComparison.Ordinal)), Is.Empty, "no key or secret in any log line");
        });
    }

    [Test]
    public async Task WithAnEd25519Key_EachConnectionLogsOn_AndItsOrderRequestsGoUnsigned()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot, new BinanceSimulatorOptions { Ed25519PublicKey = BinanceSimulatorSetup.Ed25519PublicKey });
        var (rest, client) = Clients(server, BinanceMarket.Spot, ed25519: true);
        using var restOwner = rest;
        await using var clientOwner = client;
        await client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);

        var loggedOn = client.IsLoggedOn;
        var placed = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "0.001", "ws-ed-1"));
        var canceled = await client.CancelOrderAsync(s_btcUsdt, new OrderReference(null, ClientOrderId.Create("ws-ed-1")));
        server.DropConnections();
        await Eventually.WaitForAsync(() => client.Connections == 2 && client.IsLoggedOn, "the new connection logged on");
        var afterDrop = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 11m, "0.001", "ws-ed-2"));

        Assert.Multiple(async () =>
        {
            Assert.That(loggedOn, Is.True, "logged on before the first order");
            Assert.That((placed.IsSuccess, canceled.IsSuccess, afterDrop.IsSuccess), Is.EqualTo((true, true, true)), placed.Error?.ToString() ?? canceled.Error?.ToString() ?? afterDrop.Error?.ToString());
            Assert.That((server.WebSocketApiOrderRequests, server.UnsignedSessionOrderRequests), Is.EqualTo((3, 3)), "every order request over the WebSocket API, unsigned on its logged-on connection");
            Assert.That((await RestingAsync(server)).Select(o => o.ClientOrderId.Value), Is.EqualTo(new[] { "ws-ed-2" }));
        });
    }

    [Test]
    public async Task AnEd25519KeyTheVenueDoesNotHold_IsRefusedAtLogOn_TheClientSignsEachRequest_AndTheVenueRefusesThem()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot, new BinanceSimulatorOptions { Ed25519PublicKey = BinanceSimulatorSetup.OtherEd25519PublicKey });
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var (rest, client) = Clients(server, BinanceMarket.Spot, loggerFactory: loggerFactory, ed25519: true);
        using var restOwner = rest;
        await using var clientOwner = client;
        await client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);

        var placed = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "0.001", "ws-ed-x"));

        Assert.That(client.IsLoggedOn, Is.False);
        Assert.That(logs.Lines.Count(l => l.Contains("could not log on", StringComparison.Ordinal) && l.Contains("Binance -1022", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That((placed.Error?.Kind, placed.Error?.VenueCode), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.AuthenticationFailed, "Binance -1022")), "signed with a key the venue does not hold");
        Assert.That(server.UnsignedSessionOrderRequests, Is.Zero);
        Assert.That(await RestingAsync(server), Is.Empty);
    }

    [Test]
    public async Task OnSpot_AnAmendToASmallerQuantity_GoesOverTheWebSocketApi_KeepingTheOrdersPlace_AndTheUserStreamReportsIt()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        var (rest, client) = Clients(server, BinanceMarket.Spot);
        using var restOwner = rest;
        await using var clientOwner = client;
        var sink = new CollectingSink();
        await using var stream = new BinanceUserStreamClient(new BinanceTradingOptions { RestBaseUrl = server.RestBaseUrl, WebSocketApiUrl = server.WebSocketApiUrl, ApiKey = Key, ApiSecret = Secret }, sink, TimeProvider.System);
        await Task.WhenAll(client.StartAsync(), stream.StartAsync()).WaitAsync(TimeSpan.FromSeconds(30));
        var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);
        var placed = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid, "0.003", "ws-keep"));
        var before = await BinanceOrderEntryTests.KeptAsync(server, "ws-keep");

        var smaller = await client.AmendOrderAsync(new AmendRequest(s_btcUsdt, new OrderReference(placed.Value!.VenueOrderId, null)) { NewQuantity = Quantity.Parse("0.002") });
        await sink.WaitForAsync(e => e.OfType<OrderUpdate>().Any(u => u.ClientOrderId?.Value == "ws-keep" && u.Quantity?.Value == 0.002m), "the amend on the user stream (REPLACED)");

        Assert.That(smaller.IsSuccess, Is.True, smaller.Error?.ToString());
        Assert.That(await BinanceOrderEntryTests.KeptAsync(server, "ws-keep"), Is.EqualTo(before with { Quantity = 0.002m }), "the same order, its queue position kept");
        Assert.That(server.WebSocketApiOrderRequests, Is.EqualTo(2), "the place and the amend over the WebSocket API (REST at a closed port)");
        Assert.That(sink.Snapshot.OfType<OrderUpdate>().Last(u => u.ClientOrderId?.Value == "ws-keep").Status, Is.EqualTo(OrderStatus.Accepted));
    }

    [Test]
    public async Task CancelAll_GoesOverRest_AndCoversTheSymbolOrderedOnOverTheWebSocket()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        var options = new BinanceTradingOptions { RestBaseUrl = server.RestBaseUrl, WebSocketApiUrl = server.WebSocketApiUrl, ApiKey = Key, ApiSecret = Secret };
        using var rest = new BinanceOrderEntryClient(options, TimeProvider.System);
        await using var client = new BinanceWebSocketOrderEntryClient(options, rest, new CollectingSink(), TimeProvider.System);
        await client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);

        await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "0.001", "ws-x"));
        await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 11m, "0.001", "ws-y"));
        var canceled = await client.CancelAllAsync();

        Assert.That(options.Symbols, Is.Empty, "no symbol configured: the ones ordered on are covered");
        Assert.That((canceled.IsSuccess, canceled.Value.Count), Is.EqualTo((true, 2)), canceled.Error?.ToString());
        Assert.That(await RestingAsync(server), Is.Empty);
        Assert.That(server.WebSocketApiOrderRequests, Is.EqualTo(2), "the places over the WebSocket API, the cancel-all over REST");
    }

    private static (BinanceOrderEntryClient RestClient, BinanceWebSocketOrderEntryClient WebSocketClient) Clients(
        BinanceSimulatorServer server, BinanceMarket market, TimeSpan? timeout = null, ILoggerFactory? loggerFactory = null, bool ed25519 = false)
    {
        var options = new BinanceTradingOptions
        {
            Market = market,
            RestBaseUrl = s_closedPort,
            WebSocketApiUrl = server.WebSocketApiUrl,
            ApiKey = Key,
            ApiSecret = ed25519 ? null : Secret,
            PrivateKeyPem = ed25519 ? BinanceSimulatorSetup.Ed25519PrivateKeyPem : null,
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(5),
        };
        var rest = new BinanceOrderEntryClient(options, TimeProvider.System, loggerFactory: loggerFactory);
        return (rest, new BinanceWebSocketOrderEntryClient(options, rest, new CollectingSink(), TimeProvider.System, loggerFactory));
    }

    private static Task<List<Simulation.Matching.SimulatedOrder>> RestingAsync(BinanceSimulatorServer server) =>
        server.ReadAsync(venue => venue.Engines[s_btcUsdt].RestingOrders.ToList());

    private static OrderRequest PostOnly(Side side, decimal price, string quantity, string clientOrderId) =>
        new(s_btcUsdt, side, OrderType.Limit, Quantity.Parse(quantity), ClientOrderId.Create(clientOrderId)) { LimitPrice = new Price(price), PostOnly = true };
}
