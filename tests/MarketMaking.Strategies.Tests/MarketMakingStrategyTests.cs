using System.Collections.Immutable;
using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Oms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Strategies.Tests;

/// <summary>The market-making strategy on a real engine loop with a venue that accepts everything: quote, hold, requote by amends.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MarketMakingStrategyTests
{
    private static readonly VenueId s_venue = VenueId.Create("kraken");
    private static readonly InstrumentSpec s_spec = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 2, 3);
    private static readonly InstrumentSpec s_eth = InstrumentSpec.FromPrecision(InstrumentId.Create("ETH/USD"), 2, 3);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly EngineLoop _loop = new();
    private readonly BookKeeper _books = new();
    private readonly AcceptingVenue _exchange = new();
    private readonly OrderManager _oms;
    private readonly ReloadableConfig<MarketMakerConfig> _config;
    private readonly MarketMakingStrategy _strategy;
    private readonly StrategyRunner _runner;

    public MarketMakingStrategyTests()
    {
        _oms = new OrderManager(_loop.Sink, _clock, new ClientOrderIdGenerator(1));
        _oms.RegisterExchange(s_venue, _exchange);
        _books.Track(s_venue, s_spec);
        _books.Track(s_venue, s_eth);
        _config = new ReloadableConfig<MarketMakerConfig>(
            new MarketMakerConfig
            {
                Venue = "kraken",
                Symbols = ["BTC/USD", "ETH/USD"],
                SignalWeights = new SignalWeights { VolumeOrderImbalance = 0, OrderFlowImbalance = 0 },
                SpreadBps = 10,
                OrdersPerSide = 3,
                FinalOrderDistanceBps = 50,
                MinOrderSize = 0.010m,
                MaxOrderSize = 0.030m,
                ImbalanceDepths = [1],
                RefreshInterval = TimeSpan.FromSeconds(1),
            },
            MarketMakerConfigValidator.Validate,
            MarketMakerConfigValidator.ValidateChange);
        _strategy = new MarketMakingStrategy(_config);
        _runner = new StrategyRunner(_strategy, _books, _oms, _loop.Sink, _clock, NullLogger.Instance);
        _loop.AddHandler(_books);
        _loop.AddHandler(_oms);
        _loop.AddHandler(_runner);
        _loop.Start();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _runner.DisposeAsync();
        await _loop.DisposeAsync();
        _oms.Dispose();
    }

    private Task PostTouchAsync(decimal bid, decimal ask) =>
        _loop.Sink.PostAsync(new BookSnapshot(s_venue, s_spec.Instrument, [new(new Price(bid), new Quantity(1))], [new(new Price(ask), new Quantity(1))], 1, 1)).AsTask();

    private decimal[] Prices(Side side) =>
        [.. _oms.Read(store => store.Open(s_venue, s_spec.Instrument).ToArray()).Where(o => o.Side == side).Select(o => o.LimitPrice!.Value.Value).OrderBy(p => p)];

    [Test]
    public async Task QuotesTheGrid_HoldsItWhileTheMidStays_AndMovesItByAmendsWhenTheMidMoves()
    {
        await _runner.StartAsync();
        await PostTouchAsync(99.99m, 100.01m);
        await WaitForAsync(() => _books.Books[(s_venue, s_spec.Instrument)].Mid is not null, "the book");

        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => _oms.Read(store => store.Open(s_venue, s_spec.Instrument).ToArray()).Count(o => o.Status == OrderStatus.Accepted) == 6, "six quotes resting");
        var firstBids = Prices(Side.Buy);
        var firstAsks = Prices(Side.Sell);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => _loop.Processed >= 9, "the second refresh processed");
        var ordersAfterHold = _oms.Read(store => store.Count);

        await PostTouchAsync(100.19m, 100.21m);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => _exchange.Amends == 6 && _oms.Read(store => store.Open(s_venue, s_spec.Instrument).ToArray()).All(o => o.Status == OrderStatus.Accepted), "six amends answered");

        Assert.Multiple(() =>
        {
            Assert.That(firstBids, Is.EqualTo(new[] { 99.50m, 99.72m, 99.95m }), "the neutral grid around 100.00");
            Assert.That(firstAsks, Is.EqualTo(new[] { 100.05m, 100.28m, 100.50m }));
            Assert.That(_oms.Read(store => store.Open(s_venue, s_spec.Instrument).ToArray()).All(o => o.PostOnly && o.Strategy == "market-maker"), Is.True);
            Assert.That(ordersAfterHold, Is.EqualTo(6), "nothing new while the mid stayed");
            Assert.That(_oms.Read(store => store.Count), Is.EqualTo(6), "requoted by amending, not by new orders");
            Assert.That(Prices(Side.Buy), Is.EqualTo(new[] { 99.69m, 99.92m, 100.14m }), "the grid around 100.20");
            Assert.That(Prices(Side.Sell), Is.EqualTo(new[] { 100.26m, 100.48m, 100.71m }));
        });
    }

    private async Task<(decimal[] Bids, decimal[] Asks)> QuoteOnceAsync()
    {
        await _runner.StartAsync();
        await PostTouchAsync(99.99m, 100.01m);
        await WaitForAsync(() => _books.Books[(s_venue, s_spec.Instrument)].Mid is not null, "the book");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => _oms.Read(store => store.Open(s_venue, s_spec.Instrument).ToArray()).Count(o => o.Status == OrderStatus.Accepted) == 6, "six quotes resting");
        return (Prices(Side.Buy), Prices(Side.Sell));
    }

    /// <summary>Moves the clock to the next refresh and waits until the loop has taken its tick.</summary>
    private async Task RefreshAsync()
    {
        var before = _loop.Processed;
        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => _loop.Processed > before, "the refresh tick processed");
    }

    [Test]
    public async Task HotReload_AValidChangeTakesEffectAtTheNextRefresh_AnInvalidOneIsRejectedAndReported()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mm-{Guid.NewGuid():N}.json");
        try
        {
            static string Settings(string spread, string minSize) =>
                $$"""{ "MarketMaker": { "Venue": "kraken", "Symbols": [ "BTC/USD", "ETH/USD" ], "SpreadBps": {{spread}}, "OrdersPerSide": 3, "FinalOrderDistanceBps": 50, "MinOrderSize": {{minSize}}, "MaxOrderSize": 0.030, "ImbalanceDepths": [ 1 ], "SignalWeights": { "VolumeOrderImbalance": 0, "OrderFlowImbalance": 0 } } }""";
            await File.WriteAllTextAsync(file, Settings("10", "0.010"));
            var root = new ConfigurationBuilder().AddJsonFile(file, optional: false, reloadOnChange: false).Build();
            var rejections = new List<IReadOnlyList<string>>();
            _config.Rejected += rejections.Add;
            _config.Watch(root.GetSection(MarketMakerConfig.SectionName), MarketMakerConfig.FromConfiguration);
            await QuoteOnceAsync();

            // A valid change: twice the spread. Nothing moves until the next refresh; then the three quotes that changed
            // by more than the tolerance are amended (the far ones stay at 50 bps).
            await File.WriteAllTextAsync(file, Settings("20", "0.010"));
            root.Reload();
            var amendsBeforeRefresh = _exchange.Amends;
            await RefreshAsync();
            await WaitForAsync(() => _exchange.Amends == 3 && _oms.Read(store => store.Open(s_venue, s_spec.Instrument).ToArray()).All(o => o.Status == OrderStatus.Accepted), "the grid moved to the new spread");
            var widened = (Bids: Prices(Side.Buy), Asks: Prices(Side.Sell));

            // An invalid change (the nearest size above the farthest, and a spread that would move every quote) and one that cannot be read.
            await File.WriteAllTextAsync(file, Settings("40", "0.050"));
            root.Reload();
            await File.WriteAllTextAsync(file, Settings("\"wide\"", "0.010"));
            root.Reload();
            await RefreshAsync();
            await RefreshAsync();

            Assert.Multiple(() =>
            {
                Assert.That(amendsBeforeRefresh, Is.Zero, "a change waits for the refresh");
                Assert.That(widened.Bids, Is.EqualTo(new[] { 99.50m, 99.70m, 99.90m }), "10 bps from the mid, out to 50");
                Assert.That(widened.Asks, Is.EqualTo(new[] { 100.10m, 100.28m, 100.50m }), "100.28 is within the 2 bps tolerance of 100.30: left alone");
                Assert.That(_config.Version, Is.EqualTo(1), "only the valid change was applied");
                Assert.That(_config.Current.SpreadBps, Is.EqualTo(20), "the running configuration stays");
                Assert.That(rejections, Has.Count.EqualTo(2));
                Assert.That(rejections[0], Has.Some.Contains("MinOrderSize (0.050) must not exceed MaxOrderSize (0.030)"));
                Assert.That(rejections[1], Has.Some.Contains("SpreadBps").And.Some.Contains("wide"));
                Assert.That(_config.LastRejection, Is.EqualTo(rejections[1]));
                Assert.That(_exchange.Amends, Is.EqualTo(3), "the rejected changes moved nothing");
                Assert.That(Prices(Side.Buy), Is.EqualTo(widened.Bids));
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task RateBudgetSpent_StaleQuotesAreCanceled_AndNewOnesWaitForTheBudget()
    {
        await QuoteOnceAsync();

        _exchange.Headroom = 3;
        await PostTouchAsync(100.19m, 100.21m);
        await RefreshAsync();
        await WaitForAsync(() => _exchange.Cancels == 6 && !_oms.Read(store => store.Open(s_venue, s_spec.Instrument).ToArray()).Any(), "every stale quote canceled");
        await RefreshAsync();
        var placedWhileShort = _exchange.Placed;

        _exchange.Headroom = int.MaxValue;
        await RefreshAsync();
        await WaitForAsync(() => _oms.Read(store => store.Open(s_venue, s_spec.Instrument).ToArray()).Count(o => o.Status == OrderStatus.Accepted) == 6, "requoted once the budget allowed");

        Assert.Multiple(() =>
        {
            Assert.That(_exchange.Amends, Is.Zero, "an amend needs budget too");
            Assert.That(placedWhileShort, Is.EqualTo(6), "six new quotes wanted, three fit: none sent");
            Assert.That(_exchange.Placed, Is.EqualTo(12));
            Assert.That(Prices(Side.Buy), Is.EqualTo(new[] { 99.69m, 99.92m, 100.14m }), "the grid around 100.20");
        });
    }

    [Test]
    public async Task SeveralSymbols_EachGetsItsOwnGridAndPosition()
    {
        await QuoteOnceAsync();
        await _loop.Sink.PostAsync(new BookSnapshot(s_venue, s_eth.Instrument, [new(new Price(1999.99m), new Quantity(1))], [new(new Price(2000.01m), new Quantity(1))], 2, 2));
        await RefreshAsync();
        await WaitForAsync(() => _oms.Read(store => store.Open(s_venue, s_eth.Instrument).Count(o => o.Status == OrderStatus.Accepted)) == 6, "six ETH quotes resting");
        var ethBid = _oms.Read(store => store.Open(s_venue, s_eth.Instrument).Where(o => o.Side == Side.Buy).MaxBy(o => o.LimitPrice!.Value.Value))!;
        await _loop.Sink.PostAsync(new FillEvent(s_venue, s_eth.Instrument, ethBid.VenueOrderId!.Value, TradeId.Create("t-eth-1"), Side.Buy, ethBid.LimitPrice!.Value, new Quantity(0.004m), 3, 3));
        await WaitForAsync(() => _strategy.PositionOf(s_eth.Instrument) != 0, "the ETH fill counted");

        Assert.Multiple(() =>
        {
            Assert.That(_strategy.Instruments, Is.EqualTo(new[] { s_spec.Instrument, s_eth.Instrument }));
            Assert.That(_oms.Read(store => store.Open(s_venue, s_eth.Instrument).Where(o => o.Side == Side.Buy).Select(o => o.LimitPrice!.Value.Value).OrderBy(p => p).ToArray()),
                Is.EqualTo(new[] { 1990.00m, 1994.50m, 1999.00m }), "the grid around 2000.00: 5, 27.5 and 50 bps");
            Assert.That(_oms.Read(store => store.Open(s_venue, s_eth.Instrument).Where(o => o.Side == Side.Sell).Select(o => o.LimitPrice!.Value.Value).OrderBy(p => p).ToArray()),
                Is.EqualTo(new[] { 2001.00m, 2005.50m, 2010.00m }));
            Assert.That(Prices(Side.Buy), Is.EqualTo(new[] { 99.50m, 99.72m, 99.95m }), "BTC's grid unchanged");
            Assert.That(_strategy.PositionOf(s_eth.Instrument), Is.EqualTo(0.004m));
            Assert.That(_strategy.PositionOf(s_spec.Instrument), Is.Zero, "a fill counts for its own instrument only");
            Assert.That(() => _strategy.PositionOf(InstrumentId.Create("SOL/USD")), Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("SOL/USD"));
        });
    }

    private sealed class AcceptingVenue : ISpotOrderEntry, IOrderEntryBudget
    {
        private int _orders;
        private int _amends;
        private int _cancels;

        public int Amends => Volatile.Read(ref _amends);

        public int Cancels => Volatile.Read(ref _cancels);

        public int Placed => Volatile.Read(ref _orders);

        public int Headroom { get; set; } = int.MaxValue;

        public int NewOrderHeadroom(InstrumentId instrument) => Headroom;

        public VenueId Venue => s_venue;

        public VenueCapabilities Capabilities => new([OrderType.Limit], [TimeInForce.GoodTillCanceled], VenueFeatures.Amend);

        public Task<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create($"O-{Interlocked.Increment(ref _orders)}"), request.ClientOrderId)));

        public Task<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _amends);
            return Task.FromResult(VenueResult<AmendAck>.Success(new AmendAck("A")));
        }

        public Task<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _cancels);
            return Task.FromResult(VenueResult<CancelAck>.Success(new CancelAck(1)));
        }

        public Task<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
