using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>The Binance spot adapter (REST order entry, WebSocket API user stream, market data) against the Binance-protocol simulator replaying spot BTCUSDT.</summary>
[NonParallelizable]
public sealed class BinanceSpotConformanceTests : VenueConformanceTests
{
    /// <inheritdoc/>
    private protected override async Task<ConformanceVenue> StartAsync(ConformanceFaults faults) => await BinanceSpotVenue.StartAsync(faults);

    /// <summary>The suite's fill check, on an adapter whose user stream drops its first fill: the suite must fail it.</summary>
    [Test]
    public async Task ADeliberatelyBrokenAdapterThatDropsAFill_FailsTheSuite()
    {
        await using var venue = await BinanceSpotVenue.StartAsync(ConformanceFaults.None);
        var dropped = 0;
        venue.Events.Keep = e => !(e is FillEvent && Interlocked.Exchange(ref dropped, 1) == 0);
        await venue.StartUserStreamAsync();
        var (_, ask) = await venue.TouchAsync();

        var placed = await venue.Orders.PlaceOrderAsync(new OrderRequest(venue.Instrument, Side.Buy, OrderType.Limit, venue.OrderQuantity, ClientOrderId.Create("conf-take"))
        {
            LimitPrice = new Price(ask + (5 * venue.Tick)),
            TimeInForce = TimeInForce.ImmediateOrCancel,
        });
        await venue.Events.WaitForAsync(e => e.OfType<OrderUpdate>().Any(u => u.ClientOrderId?.Value == "conf-take" && u.Status == OrderStatus.Filled), "the order filled");

        Assert.That(placed.IsSuccess, Is.True);
        Assert.That(dropped, Is.EqualTo(1), "the double dropped a fill");
        Assert.That(FillProblem(venue.Events.Snapshot, "conf-take"), Does.StartWith("the fills sum to 0, the order's last update says 0.001"));
    }

    private sealed class BinanceSpotVenue : ConformanceVenue
    {
        private const string Key = "conformance-key-7d3b9b46";
        private const string Secret = "conformance-secret-5f4f4c8b9a2d";
        private readonly BinanceSimulatorServer _server;
        private readonly ILoggerFactory _loggerFactory;
        private readonly BinanceOrderEntryClient _orders;
        private readonly BinanceUserStreamClient _userStream;
        private readonly BinanceMarketDataClient _marketData;

        private BinanceSpotVenue(BinanceSimulatorServer server)
        {
            _server = server;
            _loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
            var trading = new BinanceTradingOptions
            {
                RestBaseUrl = server.RestBaseUrl,
                WebSocketApiUrl = server.WebSocketApiUrl,
                ApiKey = Key,
                ApiSecret = Secret,
                RequestTimeout = TimeSpan.FromMilliseconds(500),
            };
            _orders = new BinanceOrderEntryClient(trading, TimeProvider.System, loggerFactory: _loggerFactory);
            _userStream = new BinanceUserStreamClient(trading, Events, TimeProvider.System, _loggerFactory);
            _marketData = new BinanceMarketDataClient(
                new BinanceMarketDataOptions { RestBaseUrl = server.RestBaseUrl, StreamBaseUrl = server.StreamBaseUrl }, Events, TimeProvider.System, loggerFactory: _loggerFactory);
        }

        public override InstrumentId Instrument { get; } = InstrumentId.Create("BTCUSDT");

        public override ISpotOrderEntry Orders => _orders;

        public override decimal Tick => 0.01m;

        public override Quantity OrderQuantity { get; } = Quantity.Parse("0.001");

        public override IReadOnlyList<string> Secrets { get; } = [Key, Secret];

        public override int UserStreamSubscriptions => _userStream.Subscriptions;

        public static async Task<BinanceSpotVenue> StartAsync(ConformanceFaults faults)
        {
            var options = new BinanceSimulatorOptions
            {
                ApiKey = Key,
                ApiSecret = Secret,
                OrderAnswerDelay = faults == ConformanceFaults.SlowAnswers ? TimeSpan.FromSeconds(1) : TimeSpan.Zero,

                // One request weight a minute: the first order goes through, the next meets Binance's 429.
                WeightPerMinute = faults == ConformanceFaults.RateLimited ? 1 : null,
            };
            var errors = new List<RecordingError>();
            var recording = new HftBacktestRecordingReader([RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz")], errors.Add).ReadEvents();
            var server = await BinanceSimulatorServer.StartAsync(options, [BinanceRecordedInstruments.For(BinanceMarket.Spot, "BTCUSDT")], recording);
            Assert.That(await server.ReplayUntilBookAsync(InstrumentId.Create("BTCUSDT")), Is.True);
            return new BinanceSpotVenue(server);
        }

        public override Task StartUserStreamAsync() => _userStream.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

        public override async Task SubscribeBookAsync()
        {
            Assert.That((await _marketData.SubscribeTopOfBookAsync(Instrument)).IsSuccess, Is.True);
            Assert.That((await _marketData.SubscribeBookAsync(Instrument)).IsSuccess, Is.True);
        }

        public override Task<(decimal Bid, decimal Ask)> TouchAsync() => _server.ReadAsync(venue =>
        {
            var book = venue.Engines[Instrument].Book;
            return (book.Spec.FromTicks(book.GetBid(0).PriceTicks).Value, book.Spec.FromTicks(book.GetAsk(0).PriceTicks).Value);
        });

        public override async Task<IReadOnlyList<string>> RestingAsync() =>
            await _server.ReadAsync(venue => venue.Engines[Instrument].RestingOrders.Select(o => o.ClientOrderId.Value).ToList());

        public override Task ReplayAsync(int events) => _server.ReplayAsync(events);

        public override void DropConnections() => _server.DropConnections();

        public override Task InjectBookGapAsync() => _server.SkipDepthUpdatesAsync(1);

        public override async ValueTask DisposeAsync()
        {
            await _marketData.DisposeAsync();
            await _userStream.DisposeAsync();
            _orders.Dispose();
            await _server.DisposeAsync();
            _loggerFactory.Dispose();
        }
    }
}
