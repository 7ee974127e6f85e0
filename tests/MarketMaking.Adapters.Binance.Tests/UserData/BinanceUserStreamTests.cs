using System.Collections.Concurrent;
using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Binance.Tests;

/// <summary>
/// The spot user data stream over the WebSocket API against the Binance-protocol simulator: what the account's orders
/// do (placed, filled, canceled) arrives as order updates, fills and balances, each fill once, and the stream is
/// subscribed again after a dropped connection.
/// </summary>
[NonParallelizable]
public sealed class BinanceUserStreamTests
{
    private const string Key = "test-key";
    private const string Secret = "test-secret-0123456789";
    private static readonly InstrumentId s_btcUsdt = InstrumentId.Create("BTCUSDT");
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task AnOrdersLife_ArrivesOnTheStream_ItsFillOnce_WithTheBalances_AndAgainAfterADroppedConnection()
    {
        await using var server = await StartAsync();
        var sink = new UserEventSink();
        var options = new BinanceTradingOptions { RestBaseUrl = server.RestBaseUrl, WebSocketApiUrl = server.WebSocketApiUrl, ApiKey = Key, ApiSecret = Secret };
        await using var stream = new BinanceUserStreamClient(options, sink, TimeProvider.System);
        using var orders = new BinanceOrderEntryClient(options, TimeProvider.System);
        await stream.StartAsync().WaitAsync(s_timeout);
        var (bid, ask) = await server.ReadAsync(venue =>
        {
            var book = venue.Engines[s_btcUsdt].Book;
            return (book.Spec.FromTicks(book.GetBid(0).PriceTicks).Value, book.Spec.FromTicks(book.GetAsk(0).PriceTicks).Value);
        });

        var resting = await orders.PlaceOrderAsync(Order(Side.Buy, bid - 10m, "mm-rest", postOnly: true));
        await orders.CancelOrderAsync(s_btcUsdt, new OrderReference(null, ClientOrderId.Create("mm-rest")));
        var taken = await orders.PlaceOrderAsync(Order(Side.Buy, ask + 5m, "mm-take", postOnly: false));
        await sink.WaitForAsync(s => s.Fills.Any(f => f.ClientOrderId?.Value == "mm-take" && f.OrderStatus == OrderStatus.Filled), s_timeout);

        Assert.Multiple(() =>
        {
            Assert.That((resting.IsSuccess, taken.IsSuccess), Is.EqualTo((true, true)));
            Assert.That(sink.Updates.Where(u => u.ClientOrderId?.Value == "mm-rest").Select(u => u.Status), Is.EqualTo(new[] { OrderStatus.Accepted, OrderStatus.Canceled }));
            var fills = sink.Fills.Where(f => f.ClientOrderId?.Value == "mm-take").ToArray();
            Assert.That(fills.Sum(f => f.Quantity.Value), Is.EqualTo(0.001m), "the order's quantity, filled once");
            Assert.That(fills.Select(f => f.TradeId).Distinct().Count(), Is.EqualTo(fills.Length), "no fill twice");
            Assert.That(fills.All(f => f.Liquidity == LiquiditySide.Taker && f.Price.Value <= ask + 5m && f.VenueOrderId == taken.Value!.VenueOrderId), Is.True);
            Assert.That(sink.Balances.Select(b => b.Asset.Value).Distinct(), Is.EquivalentTo(new[] { "BTC", "USDT" }));
        });

        server.DropConnections();
        await Eventually.WaitForAsync(() => stream.Subscriptions == 2, "the stream subscribed again");
        await orders.PlaceOrderAsync(Order(Side.Buy, bid - 20m, "mm-after", postOnly: true));
        await sink.WaitForAsync(s => s.Updates.Any(u => u.ClientOrderId?.Value == "mm-after"), s_timeout);
    }

    [Test]
    public async Task AWrongSecret_IsRefused_AndTheClientKeepsTryingWithoutASubscription()
    {
        await using var server = await StartAsync();
        var options = new BinanceTradingOptions { RestBaseUrl = server.RestBaseUrl, WebSocketApiUrl = server.WebSocketApiUrl, ApiKey = Key, ApiSecret = "wrong-secret" };
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        await using var stream = new BinanceUserStreamClient(options, new UserEventSink(), TimeProvider.System, loggerFactory);

        _ = stream.StartAsync();
        await Eventually.WaitForAsync(() => logs.Lines.Any(l => l.Contains("Binance -1022", StringComparison.Ordinal)), "the refusal logged");

        Assert.That(stream.Subscriptions, Is.Zero);
        Assert.That(logs.Lines.Where(l => l.Contains("wrong-secret", StringComparison.Ordinal) || l.Contains(Key, StringComparison.Ordinal)), Is.Empty, "no secret or key in any log line");
    }

    [Test]
    public async Task AnExpiredListenKey_IsCreatedAgain_AndTheFuturesStreamGoesOnWithTheNewKey()
    {
        await using var server = await StartAsync(BinanceMarket.UsdM);
        var sink = new UserEventSink();
        var options = new BinanceTradingOptions { Market = BinanceMarket.UsdM, RestBaseUrl = server.RestBaseUrl, StreamBaseUrl = server.StreamBaseUrl, ApiKey = Key, ApiSecret = Secret };
        using var orders = new BinanceOrderEntryClient(options, TimeProvider.System);
        await using var stream = new BinanceFuturesUserStreamClient(options, sink, TimeProvider.System, orders);
        Assert.That((await stream.StartAsync().WaitAsync(s_timeout)).IsSuccess, Is.True);
        var bid = await server.ReadAsync(venue => venue.Engines[s_btcUsdt].Book.Spec.FromTicks(venue.Engines[s_btcUsdt].Book.GetBid(0).PriceTicks).Value);

        server.ExpireListenKey();
        await Eventually.WaitForAsync(() => stream.Connections >= 2 && stream.State == ConnectionState.Connected, "the stream reopened on a new key");
        var placed = await orders.PlaceOrderAsync(new OrderRequest(s_btcUsdt, Side.Buy, OrderType.Limit, Quantity.Parse("0.002"), ClientOrderId.Create("mm-new-key")) { LimitPrice = new Price(bid - 10m), PostOnly = true });

        Assert.That(placed.IsSuccess, Is.True, placed.Error?.ToString());
        await sink.WaitForAsync(s => s.Updates.Any(u => u.ClientOrderId?.Value == "mm-new-key" && u.Status == OrderStatus.Accepted && u.PostOnly == true), s_timeout);
    }

    private static async Task<BinanceSimulatorServer> StartAsync(BinanceMarket market = BinanceMarket.Spot)
    {
        var errors = new List<RecordingError>();
        var file = market == BinanceMarket.Spot ? "spot_btcusdt_20240808.gz" : "usdm_btcusdt_20240808.gz";
        var recording = new HftBacktestRecordingReader([RepoPaths.Data($"hftbacktest-binance-2024-08/{file}")], errors.Add).ReadEvents();
        var server = await BinanceSimulatorServer.StartAsync(new BinanceSimulatorOptions { Market = market, ApiKey = Key, ApiSecret = Secret }, [BinanceRecordedInstruments.For(market, "BTCUSDT")], recording);
        Assert.That(await server.ReplayUntilBookAsync(s_btcUsdt), Is.True);
        return server;
    }

    private static OrderRequest Order(Side side, decimal price, string clientOrderId, bool postOnly) =>
        new(s_btcUsdt, side, OrderType.Limit, Quantity.Parse("0.001"), ClientOrderId.Create(clientOrderId))
        {
            LimitPrice = new Price(price),
            PostOnly = postOnly,
            TimeInForce = postOnly ? TimeInForce.GoodTillCanceled : TimeInForce.ImmediateOrCancel,
        };

    private sealed class UserEventSink : IVenueEventSink
    {
        private readonly object _gate = new();
        private readonly List<(Func<UserEventSink, bool> Condition, TaskCompletionSource Done)> _waiters = [];

        public ConcurrentQueue<OrderUpdate> Updates { get; } = new();

        public ConcurrentQueue<FillEvent> Fills { get; } = new();

        public ConcurrentQueue<BalanceUpdate> Balances { get; } = new();

        public ValueTask PostAsync(VenueEvent venueEvent, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                switch (venueEvent)
                {
                    case OrderUpdate update:
                        Updates.Enqueue(update);
                        break;
                    case FillEvent fill:
                        Fills.Enqueue(fill);
                        break;
                    case BalanceUpdate balance:
                        Balances.Enqueue(balance);
                        break;
                }

                foreach (var waiter in _waiters.Where(w => w.Condition(this)).ToArray())
                {
                    _waiters.Remove(waiter);
                    waiter.Done.TrySetResult();
                }
            }

            return ValueTask.CompletedTask;
        }

        public Task WaitForAsync(Func<UserEventSink, bool> condition, TimeSpan timeout)
        {
            lock (_gate)
            {
                if (condition(this))
                {
                    return Task.CompletedTask;
                }

                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((condition, done));
                return done.Task.WaitAsync(timeout);
            }
        }
    }
}
