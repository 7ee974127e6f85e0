using System.Collections.Immutable;
using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Oms;
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
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly EngineLoop _loop = new();
    private readonly BookKeeper _books = new();
    private readonly AcceptingVenue _exchange = new();
    private readonly OrderManager _oms;
    private readonly MarketMakingStrategy _strategy;
    private readonly StrategyRunner _runner;

    public MarketMakingStrategyTests()
    {
        _oms = new OrderManager(_loop.Sink, _clock, new ClientOrderIdGenerator(1));
        _oms.RegisterExchange(s_venue, _exchange);
        _books.Track(s_venue, s_spec);
        _strategy = new MarketMakingStrategy(new MarketMakerConfig
        {
            Venue = "kraken",
            Symbol = "BTC/USD",
            SpreadBps = 10,
            OrdersPerSide = 3,
            FinalOrderDistanceBps = 50,
            MinOrderSize = 0.010m,
            MaxOrderSize = 0.030m,
            ImbalanceDepths = [1],
            RefreshInterval = TimeSpan.FromSeconds(1),
        });
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
        [.. _oms.Store.Open(s_venue, s_spec.Instrument).Where(o => o.Side == side).Select(o => o.LimitPrice!.Value.Value).OrderBy(p => p)];

    [Test]
    public async Task QuotesTheGrid_HoldsItWhileTheMidStays_AndMovesItByAmendsWhenTheMidMoves()
    {
        await _runner.StartAsync();
        await PostTouchAsync(99.99m, 100.01m);
        await WaitForAsync(() => _books.Books[(s_venue, s_spec.Instrument)].Mid is not null, "the book");

        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => _oms.Store.Open(s_venue, s_spec.Instrument).Count(o => o.Status == OrderStatus.Accepted) == 6, "six quotes resting");
        var firstBids = Prices(Side.Buy);
        var firstAsks = Prices(Side.Sell);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => _loop.Processed >= 9, "the second refresh processed");
        var ordersAfterHold = _oms.Store.Count;

        await PostTouchAsync(100.19m, 100.21m);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => _exchange.Amends == 6 && _oms.Store.Open(s_venue, s_spec.Instrument).All(o => o.Status == OrderStatus.Accepted), "six amends answered");

        Assert.Multiple(() =>
        {
            Assert.That(firstBids, Is.EqualTo(new[] { 99.50m, 99.72m, 99.95m }), "the neutral grid around 100.00");
            Assert.That(firstAsks, Is.EqualTo(new[] { 100.05m, 100.28m, 100.50m }));
            Assert.That(_oms.Store.Open(s_venue, s_spec.Instrument).All(o => o.PostOnly && o.Strategy == "market-maker"), Is.True);
            Assert.That(ordersAfterHold, Is.EqualTo(6), "nothing new while the mid stayed");
            Assert.That(_oms.Store.Count, Is.EqualTo(6), "requoted by amending, not by new orders");
            Assert.That(Prices(Side.Buy), Is.EqualTo(new[] { 99.69m, 99.92m, 100.14m }), "the grid around 100.20");
            Assert.That(Prices(Side.Sell), Is.EqualTo(new[] { 100.26m, 100.48m, 100.71m }));
        });
    }

    private sealed class AcceptingVenue : ISpotOrderEntry
    {
        private int _orders;
        private int _amends;

        public int Amends => Volatile.Read(ref _amends);

        public VenueId Venue => s_venue;

        public VenueCapabilities Capabilities => new([OrderType.Limit], [TimeInForce.GoodTillCanceled], VenueFeatures.Amend);

        public Task<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create($"O-{Interlocked.Increment(ref _orders)}"), request.ClientOrderId)));

        public Task<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _amends);
            return Task.FromResult(VenueResult<AmendAck>.Success(new AmendAck("A")));
        }

        public Task<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default) =>
            Task.FromResult(VenueResult<CancelAck>.Success(new CancelAck(1)));

        public Task<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
