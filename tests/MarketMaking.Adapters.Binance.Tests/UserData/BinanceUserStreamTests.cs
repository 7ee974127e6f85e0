using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Binance.Tests;

/// <summary>
/// The spot user data stream over the WebSocket API against the Binance-protocol simulator: what the account's orders
/// do (placed, filled, canceled) arrives as order updates, fills and balances, each fill once, and the stream is
/// subscribed again after a dropped connection: signed with an HMAC key, or logged on with an Ed25519 key.
/// </summary>
[NonParallelizable]
public sealed class BinanceUserStreamTests
{
    private const string Key = BinanceSimulatorSetup.Key;
    private const string Secret = BinanceSimulatorSetup.Secret;
    private static readonly InstrumentId s_btcUsdt = BinanceSimulatorSetup.BtcUsdt;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task AnOrdersLife_ArrivesOnTheStream_ItsFillOnce_WithTheBalances_AndAgainAfterADroppedConnection()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        var sink = new CollectingSink();
        var options = new BinanceTradingOptions { RestBaseUrl = server.RestBaseUrl, WebSocketApiUrl = server.WebSocketApiUrl, ApiKey = Key, ApiSecret = Secret };
        await using var stream = new BinanceUserStreamClient(options, sink, TimeProvider.System);
        using var orders = new BinanceOrderEntryClient(options, TimeProvider.System);
        await stream.StartAsync().WaitAsync(s_timeout);
        var (bid, ask) = await BinanceSimulatorSetup.TouchAsync(server);

        var resting = await orders.PlaceOrderAsync(Order(Side.Buy, bid - 10m, "mm-rest", postOnly: true));
        await orders.CancelOrderAsync(s_btcUsdt, new OrderReference(null, ClientOrderId.Create("mm-rest")));
        var taken = await orders.PlaceOrderAsync(Order(Side.Buy, ask + 5m, "mm-take", postOnly: false));
        // The balances follow the fill as a message of their own (outboundAccountPosition after executionReport).
        await sink.WaitForAsync(
            e => e.OfType<FillEvent>().Any(f => f.ClientOrderId?.Value == "mm-take" && f.OrderStatus == OrderStatus.Filled) && e.OfType<BalanceUpdate>().Select(b => b.Asset.Value).Distinct().Count() == 2,
            "the taker order filled, and the balances after it");
        var posted = sink.Snapshot;

        Assert.Multiple(() =>
        {
            Assert.That((resting.IsSuccess, taken.IsSuccess), Is.EqualTo((true, true)));
            Assert.That(posted.OfType<OrderUpdate>().Where(u => u.ClientOrderId?.Value == "mm-rest").Select(u => u.Status), Is.EqualTo(new[] { OrderStatus.Accepted, OrderStatus.Canceled }));
            var fills = posted.OfType<FillEvent>().Where(f => f.ClientOrderId?.Value == "mm-take").ToArray();
            Assert.That(fills.Sum(f => f.Quantity.Value), Is.EqualTo(0.001m), "the order's quantity, filled once");
            Assert.That(fills.Select(f => f.TradeId).Distinct().Count(), Is.EqualTo(fills.Length), "no fill twice");
            Assert.That(fills.All(f => f.Liquidity == LiquiditySide.Taker && f.Price.Value <= ask + 5m && f.VenueOrderId == taken.Value!.VenueOrderId), Is.True);
            Assert.That(posted.OfType<BalanceUpdate>().Select(b => b.Asset.Value).Distinct(), Is.EquivalentTo(new[] { "BTC", "USDT" }));
        });

        server.DropConnections();
        await Eventually.WaitForAsync(() => stream.Subscriptions == 2, "the stream subscribed again");
        await orders.PlaceOrderAsync(Order(Side.Buy, bid - 20m, "mm-after", postOnly: true));
        await sink.WaitForAsync(e => e.OfType<OrderUpdate>().Any(u => u.ClientOrderId?.Value == "mm-after"), "an order placed after the drop, on the stream");
    }

    [Test]
    public async Task AnEd25519Key_LogsOnThenSubscribes_TheAccountsOrdersArrive_AndAgainAfterADroppedConnection()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot, new BinanceSimulatorOptions { Ed25519PublicKey = BinanceSimulatorSetup.Ed25519PublicKey });
        var sink = new CollectingSink();
        var options = new BinanceTradingOptions { RestBaseUrl = server.RestBaseUrl, WebSocketApiUrl = server.WebSocketApiUrl, ApiKey = Key, PrivateKeyPem = BinanceSimulatorSetup.Ed25519PrivateKeyPem };
        await using var stream = new BinanceUserStreamClient(options, sink, TimeProvider.System);
        using var orders = new BinanceOrderEntryClient(options, TimeProvider.System);
        await stream.StartAsync().WaitAsync(s_timeout);
        var (bid, ask) = await BinanceSimulatorSetup.TouchAsync(server);

        var taken = await orders.PlaceOrderAsync(Order(Side.Buy, ask + 5m, "mm-ed-take", postOnly: false));
        await sink.WaitForAsync(e => e.OfType<FillEvent>().Any(f => f.ClientOrderId?.Value == "mm-ed-take" && f.OrderStatus == OrderStatus.Filled), "the taker order's fill");
        server.DropConnections();
        await Eventually.WaitForAsync(() => stream.Subscriptions == 2, "logged on and subscribed again");
        await orders.PlaceOrderAsync(Order(Side.Buy, bid - 20m, "mm-ed-after", postOnly: true));
        await sink.WaitForAsync(e => e.OfType<OrderUpdate>().Any(u => u.ClientOrderId?.Value == "mm-ed-after" && u.Status == OrderStatus.Accepted), "an order placed after the drop, on the stream");

        Assert.That(taken.IsSuccess, Is.True, taken.Error?.ToString());
        Assert.That(sink.Snapshot.OfType<FillEvent>().Where(f => f.ClientOrderId?.Value == "mm-ed-take").Sum(f => f.Quantity.Value), Is.EqualTo(0.001m), "filled once");
    }

    [Test]
    public async Task AnEd25519KeyTheVenueDoesNotHold_IsRefusedAtLogOn_AndNothingIsSubscribed()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot, new BinanceSimulatorOptions { Ed25519PublicKey = BinanceSimulatorSetup.OtherEd25519PublicKey });
        var options = new BinanceTradingOptions { RestBaseUrl = server.RestBaseUrl, WebSocketApiUrl = server.WebSocketApiUrl, ApiKey = Key, PrivateKeyPem = BinanceSimulatorSetup.Ed25519PrivateKeyPem };
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        await using var stream = new BinanceUserStreamClient(options, new CollectingSink(), TimeProvider.System, loggerFactory);

        _ = stream.StartAsync();
        await Eventually.WaitForAsync(() => logs.Lines.Any(l => l.Contains("Binance -1022", StringComparison.Ordinal)), "the logon's refusal logged");

        Assert.That(stream.Subscriptions, Is.Zero);
        Assert.That(logs.Lines.Where(l => l.Contains("PRIVATE KEY", StringComparison.Ordinal) || l.Contains(Key, StringComparison.Ordinal)), Is.Empty, "no key in any log line");
    }

    [Test]
    public async Task AClockAheadOfBinances_IsRefusedWith1021_ThenTheSubscriptionIsSignedAgainWithTheServersTime()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        var sink = new CollectingSink();
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var options = new BinanceTradingOptions { RestBaseUrl = server.RestBaseUrl, WebSocketApiUrl = server.WebSocketApiUrl, ApiKey = Key, ApiSecret = Secret };

        // Three seconds ahead: Binance takes a timestamp at most one second ahead of its clock.
        await using var stream = new BinanceUserStreamClient(options, sink, new ShiftedClock(TimeSpan.FromSeconds(3)), loggerFactory);
        using var orders = new BinanceOrderEntryClient(options, TimeProvider.System);
        await stream.StartAsync().WaitAsync(s_timeout);
        var (_, ask) = await BinanceSimulatorSetup.TouchAsync(server);
        await orders.PlaceOrderAsync(Order(Side.Buy, ask + 5m, "mm-skewed", postOnly: false));
        await sink.WaitForAsync(e => e.OfType<FillEvent>().Any(f => f.ClientOrderId?.Value == "mm-skewed"), "a fill on the stream subscribed with the server's time");

        Assert.That(stream.Subscriptions, Is.EqualTo(1), "subscribed on the first connection, after one refusal");
        Assert.That(logs.Lines.Where(l => l.Contains("refused the user data subscription", StringComparison.Ordinal)), Is.Empty, "the refusal was handled on the connection, not dropped");
    }

    [Test]
    public async Task AWrongSecret_IsRefused_AndTheClientKeepsTryingWithoutASubscription()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        var options = new BinanceTradingOptions { RestBaseUrl = server.RestBaseUrl, WebSocketApiUrl = server.WebSocketApiUrl, ApiKey = Key, ApiSecret = "wrong-secret" };
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        await using var stream = new BinanceUserStreamClient(options, new CollectingSink(), TimeProvider.System, loggerFactory);

        _ = stream.StartAsync();
        await Eventually.WaitForAsync(() => logs.Lines.Any(l => l.Contains("Binance -1022", StringComparison.Ordinal)), "the refusal logged");

        Assert.That(stream.Subscriptions, Is.Zero);
        Assert.That(logs.Lines.Where(l => l.Contains("wrong-secret", StringComparison.Ordinal) || l.Contains(Key, StringComparison.Ordinal)), Is.Empty, "no secret or key in any log line");
    }

    [Test]
    public async Task AnExpiredListenKey_IsCreatedAgain_AndTheFuturesStreamGoesOnWithTheNewKey()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.UsdM);
        var sink = new CollectingSink();
        var options = new BinanceTradingOptions { Market = BinanceMarket.UsdM, RestBaseUrl = server.RestBaseUrl, StreamBaseUrl = server.StreamBaseUrl, ApiKey = Key, ApiSecret = Secret };
        using var orders = new BinanceOrderEntryClient(options, TimeProvider.System);
        await using var stream = new BinanceFuturesUserStreamClient(options, sink, TimeProvider.System, orders);
        Assert.That((await stream.StartAsync().WaitAsync(s_timeout)).IsSuccess, Is.True);
        var (bid, _) = await BinanceSimulatorSetup.TouchAsync(server);

        server.ExpireListenKey();
        await Eventually.WaitForAsync(() => stream.Connections >= 2 && stream.State == ConnectionState.Connected, "the stream reopened on a new key");
        var placed = await orders.PlaceOrderAsync(new OrderRequest(s_btcUsdt, Side.Buy, OrderType.Limit, Quantity.Parse("0.002"), ClientOrderId.Create("mm-new-key")) { LimitPrice = new Price(bid - 10m), PostOnly = true });

        Assert.That(placed.IsSuccess, Is.True, placed.Error?.ToString());
        await sink.WaitForAsync(e => e.OfType<OrderUpdate>().Any(u => u.ClientOrderId?.Value == "mm-new-key" && u.Status == OrderStatus.Accepted && u.PostOnly == true), "the order on the new key's stream");
    }

    private static OrderRequest Order(Side side, decimal price, string clientOrderId, bool postOnly) =>
        new(s_btcUsdt, side, OrderType.Limit, Quantity.Parse("0.001"), ClientOrderId.Create(clientOrderId))
        {
            LimitPrice = new Price(price),
            PostOnly = postOnly,
            TimeInForce = postOnly ? TimeInForce.GoodTillCanceled : TimeInForce.ImmediateOrCancel,
        };
}
