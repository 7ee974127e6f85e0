using MarketMaking.Models;
using MarketMaking.Simulation.BybitProtocol;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Bybit.Tests;

/// <summary>
/// Order entry over Bybit's trade stream (<see cref="BybitWebSocketOrderEntryClient"/>) against the Bybit-protocol
/// simulator. Where the test says so, the REST client it leans on points at a closed port, so that every order request
/// that succeeds went over the trade stream; what the venue holds is read back from the simulated venue.
/// </summary>
[NonParallelizable]
public sealed class BybitTradeStreamTests
{
    private const string Key = "bybit-test-key";
    private const string Secret = "bybit-test-secret-0123456789";
    private static readonly InstrumentId s_btcUsdt = BybitSimulatorSetup.BtcUsdt;
    private static readonly Uri s_closedPort = new("http://127.0.0.1:1");

    [Test]
    public async Task OnLinear_AnOrderIsCreatedAmendedAndCanceled_OverTheTradeStreamAlone()
    {
        await using var server = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Linear, ApiKey = Key, ApiSecret = Secret });
        var (rest, client) = Clients(server, BybitCategory.Linear, s_closedPort);
        using var restOwner = rest;
        await using var clientOwner = client;
        await client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var (bid, _) = await TouchAsync(server);

        var placed = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "ts-1"));
        Assert.That(placed.IsSuccess, Is.True, placed.Error?.ToString());
        var amended = await client.AmendOrderAsync(new AmendRequest(s_btcUsdt, new OrderReference(placed.Value!.VenueOrderId, null)) { NewLimitPrice = new Price(bid - 12m) });
        var pricesAfterAmend = await RestingPricesAsync(server);
        var canceled = await client.CancelOrderAsync(s_btcUsdt, new OrderReference(null, ClientOrderId.Create("ts-1")));

        Assert.Multiple(async () =>
        {
            Assert.That(placed.Value!.ClientOrderId.Value, Is.EqualTo("ts-1"));
            Assert.That(amended.IsSuccess, Is.True, amended.Error?.ToString());
            Assert.That(pricesAfterAmend, Is.EqualTo(new[] { bid - 12m }), "the order rests at its new price, its id kept");
            Assert.That((canceled.IsSuccess, canceled.Value.Count), Is.EqualTo((true, 1)), canceled.Error?.ToString());
            Assert.That(await RestingPricesAsync(server), Is.Empty);
            Assert.That(server.TradeStreamRequests, Is.EqualTo(3));
            Assert.That(client.Capabilities.Supports(VenueFeatures.WebSocketOrderEntry | VenueFeatures.Amend), Is.True);
        });
    }

    [Test]
    public async Task OnLinear_ABatchIsCreatedOverTheTradeStreamAlone_EachOrdersRefusalInItsPlace()
    {
        await using var server = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Linear, ApiKey = Key, ApiSecret = Secret });
        var (rest, client) = Clients(server, BybitCategory.Linear, s_closedPort);
        using var restOwner = rest;
        await using var clientOwner = client;
        await client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var (bid, _) = await TouchAsync(server);

        // The third order reuses the first's orderLinkId: Bybit refuses that one alone (110072).
        var batch = await client.PlaceOrdersAsync([PostOnly(Side.Buy, bid - 10m, "ts-b1"), PostOnly(Side.Buy, bid - 11m, "ts-b2"), PostOnly(Side.Buy, bid - 12m, "ts-b1")]);
        var tooLong = await client.PlaceOrdersAsync([.. Enumerable.Range(0, 21).Select(i => PostOnly(Side.Buy, bid - 20m - i, $"ts-long-{i}"))]);

        Assert.Multiple(async () =>
        {
            Assert.That(batch.IsSuccess, Is.True, batch.Error?.ToString());
            Assert.That(batch.Value.Select(r => r.IsSuccess), Is.EqualTo(new[] { true, true, false }));
            Assert.That(batch.Value[2].Error?.VenueCode, Does.Contain("110072"));
            Assert.That(batch.Value[0].Value!.ClientOrderId.Value, Is.EqualTo("ts-b1"));
            Assert.That(await RestingPricesAsync(server), Is.EquivalentTo(new[] { bid - 10m, bid - 11m }));
            Assert.That(server.TradeStreamRequests, Is.EqualTo(1), "one request on the trade stream (REST never answered)");
            Assert.That((tooLong.Error?.Kind, tooLong.Error?.NotSent), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.InvalidRequest, (bool?)true)), "21 orders: over linear's 20, refused unsent");
        });
    }

    [Test]
    public async Task AWrongSecret_IsRefusedAtAuth_AndAnOrderFailsUnsent_WithNoSecretInAnyLogLine()
    {
        await using var server = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Spot, ApiKey = Key, ApiSecret = Secret });
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var options = Options(server, BybitCategory.Spot, server.RestBaseUrl, "not-the-secret", TimeSpan.FromMilliseconds(500));
        using var rest = new BybitOrderEntryClient(options, TimeProvider.System, loggerFactory: loggerFactory);
        await using var client = new BybitWebSocketOrderEntryClient(options, rest, new CollectingSink(), TimeProvider.System, loggerFactory);
        _ = client.StartAsync();
        await Eventually.WaitForAsync(() => logs.Lines.Any(l => l.Contains("Invalid sign", StringComparison.Ordinal)), "the refused auth logged");
        var (bid, _) = await TouchAsync(server);

        var placed = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "ts-forged"));

        Assert.Multiple(async () =>
        {
            Assert.That((placed.Error?.Kind, placed.Error?.NotSent), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.Transport, (bool?)true)), placed.Error?.ToString());
            Assert.That(server.TradeStreamRequests, Is.Zero, "no order request reached the venue");
            Assert.That(await RestingPricesAsync(server), Is.Empty);
            Assert.That(logs.Lines.Where(l => l.Contains("not-the-secret", StringComparison.Ordinal) || l.Contains(Key, StringComparison.Ordinal)), Is.Empty);
        });
    }

    [Test]
    public async Task AConnectionLostBeforeTheAnswer_LeavesTheOutcomeUnknown_AnOrderMadeWhileReconnecting_WaitsForTheNewConnection_AndCancelAllCoversBoth()
    {
        await using var server = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Spot, ApiKey = Key, ApiSecret = Secret, OrderAnswerDelay = TimeSpan.FromMilliseconds(500) });
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var (rest, client) = Clients(server, BybitCategory.Spot, server.RestBaseUrl, loggerFactory);
        using var restOwner = rest;
        await using var clientOwner = client;
        await client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var (bid, _) = await TouchAsync(server);

        var inFlight = client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "ts-lost")).AsTask();
        await Eventually.WaitForAsync(() => server.TradeStreamRequests == 1, "the request taken by the venue, which holds its answer");
        server.DropConnections();
        var lost = await inFlight;
        var afterDrop = await client.PlaceOrderAsync(PostOnly(Side.Buy, bid - 11m, "ts-after"));
        await Eventually.WaitForAsync(() => RestingPricesAsync(server).Result.Count == 2, "the lost order found at the venue, as reconciliation would");
        var canceled = await client.CancelAllAsync();

        Assert.Multiple(async () =>
        {
            Assert.That((lost.IsOutcomeUnknown, lost.Error?.Kind), Is.EqualTo((true, (VenueErrorKind?)VenueErrorKind.Transport)), lost.Error?.ToString());
            Assert.That(afterDrop.IsSuccess, Is.True, afterDrop.Error?.ToString());
            Assert.That(client.Connections, Is.EqualTo(2));
            Assert.That((canceled.IsSuccess, canceled.Value.Count), Is.EqualTo((true, 2)), "cancel-all over REST covers the symbol ordered on over the trade stream");
            Assert.That(await RestingPricesAsync(server), Is.Empty);
            Assert.That(logs.Lines.Where(l => l.Contains("order.create: the outcome is unknown", StringComparison.Ordinal)), Has.Exactly(1).Items);
        });
    }

    [Test]
    public async Task AClockAheadOfBybits_IsRefusedWith10002_ThenBybitsClockIsRead_AndRestAndTheTradeStreamSendAgain()
    {
        await using var server = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Linear, ApiKey = Key, ApiSecret = Secret });
        var (bid, _) = await TouchAsync(server);

        // Three seconds ahead: Bybit takes a timestamp at most one second ahead of its clock.
        var clock = new ShiftedClock(TimeSpan.FromSeconds(3));
        var options = Options(server, BybitCategory.Linear, server.RestBaseUrl);
        using var rest = new BybitOrderEntryClient(options, clock);
        var overRest = await rest.PlaceOrderAsync(PostOnly(Side.Buy, bid - 10m, "ts-clock-rest"));
        var offset = rest.ClockOffset;

        using var restForStream = new BybitOrderEntryClient(options, clock);
        await using var stream = new BybitWebSocketOrderEntryClient(options, restForStream, new CollectingSink(), clock);
        await stream.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var overStream = await stream.PlaceOrderAsync(PostOnly(Side.Buy, bid - 11m, "ts-clock-stream"));

        Assert.Multiple(async () =>
        {
            Assert.That(overRest.IsSuccess, Is.True, overRest.Error?.ToString());
            Assert.That(overStream.IsSuccess, Is.True, overStream.Error?.ToString());
            Assert.That(offset.TotalSeconds, Is.InRange(-3.5, -2.5), "Bybit's clock minus ours");
            Assert.That(restForStream.ClockOffset.TotalSeconds, Is.InRange(-3.5, -2.5), "read when the trade stream's order was refused");
            Assert.That(await RestingPricesAsync(server), Is.EquivalentTo(new[] { bid - 10m, bid - 11m }));
        });
    }

    private static BybitTradingOptions Options(BybitSimulatorServer server, BybitCategory category, Uri restBaseUrl, string secret = Secret, TimeSpan? timeout = null) => new()
    {
        Category = category,
        RestBaseUrl = restBaseUrl,
        TradeWebSocketUrl = server.TradeWebSocketUrl,
        ApiKey = Key,
        ApiSecret = secret,
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(5),
    };

    private static (BybitOrderEntryClient RestClient, BybitWebSocketOrderEntryClient TradeClient) Clients(BybitSimulatorServer server, BybitCategory category, Uri restBaseUrl, ILoggerFactory? loggerFactory = null)
    {
        var options = Options(server, category, restBaseUrl);
        var rest = new BybitOrderEntryClient(options, TimeProvider.System, loggerFactory: loggerFactory);
        return (rest, new BybitWebSocketOrderEntryClient(options, rest, new CollectingSink(), TimeProvider.System, loggerFactory));
    }

    private static Task<(decimal Bid, decimal Ask)> TouchAsync(BybitSimulatorServer server) => server.ReadAsync(venue =>
    {
        var book = venue.Engines[s_btcUsdt].Book;
        return (book.Spec.FromTicks(book.GetBid(0).PriceTicks).Value, book.Spec.FromTicks(book.GetAsk(0).PriceTicks).Value);
    });

    private static Task<List<decimal>> RestingPricesAsync(BybitSimulatorServer server) =>
        server.ReadAsync(venue => venue.Engines[s_btcUsdt].RestingOrders.Select(o => venue.Engines[s_btcUsdt].Spec.FromTicks(o.PriceTicks).Value).ToList());

    private static OrderRequest PostOnly(Side side, decimal price, string clientOrderId) =>
        new(s_btcUsdt, side, OrderType.Limit, Quantity.Parse("0.002"), ClientOrderId.Create(clientOrderId)) { LimitPrice = new Price(price), PostOnly = true };
}
