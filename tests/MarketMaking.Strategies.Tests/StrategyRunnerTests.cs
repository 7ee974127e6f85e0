using System.Collections.Immutable;
using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Oms;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Strategies.Tests;

/// <summary>A strategy on a real engine loop: callbacks after the books and the OMS, only its own orders, fills once, timer ticks on the loop.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class StrategyRunnerTests
{
    private static readonly VenueId s_venue = VenueId.Create("kraken");
    private static readonly InstrumentSpec s_spec = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 1, 4);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly EngineLoop _loop = new();
    private readonly BookKeeper _books = new();
    private readonly OrderManager _oms;
    private readonly RecordingStrategy _strategy = new();
    private readonly StrategyRunner _runner;

    public StrategyRunnerTests()
    {
        _oms = new OrderManager(_loop.Sink, _clock, new ClientOrderIdGenerator(1));
        _oms.RegisterExchange(s_venue, new AcceptingVenue());
        _books.Track(s_venue, s_spec);
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

    [Test]
    public async Task Callbacks_SeeTheUpdatedBook_TheirOwnOrdersOnly_EachFillOnce_AndTimerTicksOnTheLoop()
    {
        await _runner.StartAsync();
        await _loop.Sink.PostAsync(new BookSnapshot(s_venue, s_spec.Instrument, [new(new Price(99.9m), new Quantity(1))], [new(new Price(100.1m), new Quantity(1))], 1, 1));
        var mine = await _loop.InvokeAsync(() => _oms.Submit(new OrderIntent(s_venue, s_spec.Instrument, Side.Buy, OrderType.Limit, new Quantity(1)) { LimitPrice = new Price(99.9m), Strategy = "recorder" }));
        var theirs = await _loop.InvokeAsync(() => _oms.Submit(new OrderIntent(s_venue, s_spec.Instrument, Side.Buy, OrderType.Limit, new Quantity(1)) { LimitPrice = new Price(99.8m), Strategy = "other" }));
        await WaitForAsync(() => mine.Status == OrderStatus.Accepted && theirs.Status == OrderStatus.Accepted);
        var fill = new FillEvent(s_venue, s_spec.Instrument, mine.VenueOrderId!.Value, TradeId.Create("t-1"), Side.Buy, new Price(99.9m), new Quantity(0.5m), 5, 5);
        await _loop.Sink.PostAsync(fill);
        await _loop.Sink.PostAsync(fill);
        _runner.TimerInterval = TimeSpan.FromSeconds(1);
        _clock.Advance(TimeSpan.FromSeconds(2));
        await WaitForAsync(() => _strategy.Timers.Count >= 2 && _strategy.Fills.Count == 1);

        Assert.Multiple(() =>
        {
            Assert.That(_strategy.BookMids, Is.EqualTo(new[] { 100.0m }), "the book as the keeper applied it");
            Assert.That(_strategy.OrderEvents.Distinct(), Is.EqualTo(new[] { mine }), "only its own orders");
            Assert.That(_strategy.Fills, Has.Count.EqualTo(1), "the duplicate is not delivered");
            Assert.That(_strategy.Fills[0].Order.FilledQuantity, Is.EqualTo(new Quantity(0.5m)), "after the OMS applied it");
            Assert.That(_strategy.MaxConcurrent, Is.EqualTo(1), "callbacks never overlap: one writer");
        });
    }

    [Test]
    public async Task AThrowingStrategy_DoesNotStopTheLoop()
    {
        _strategy.ThrowOnBook = true;
        await _runner.StartAsync();

        await _loop.Sink.PostAsync(new BookSnapshot(s_venue, s_spec.Instrument, [new(new Price(99.9m), new Quantity(1))], [new(new Price(100.1m), new Quantity(1))], 1, 1));
        await _loop.Sink.PostAsync(new Trade(s_venue, s_spec.Instrument, new Price(100m), new Quantity(1), Side.Buy, TradeId.Create("p-1"), 2, 2));
        await WaitForAsync(() => _strategy.Trades == 1);

        Assert.That(_loop.HandlerFailures, Is.EqualTo(1));
    }

    private sealed class RecordingStrategy : IStrategy
    {
        public string Name => "recorder";

        public bool ThrowOnBook { get; set; }

        public List<decimal> BookMids { get; } = [];

        public List<OmsOrder> OrderEvents { get; } = [];

        public List<(FillEvent Fill, OmsOrder Order)> Fills { get; } = [];

        public List<long> Timers { get; } = [];

        public int MaxConcurrent { get; private set; }

        private int _inside;

        public int Trades { get; private set; }

        public Task InitializeAsync(IStrategyContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void OnBook(VenueId venue, OrderBook book) => Inside(() =>
        {
            if (ThrowOnBook)
            {
                throw new InvalidOperationException("strategy bug");
            }

            BookMids.Add(book.Mid!.Value.Value);
        });

        public void OnTrade(Trade trade) => Inside(() => Trades++);

        public void OnOrderEvent(OmsOrder order) => Inside(() => OrderEvents.Add(order));

        public void OnFill(FillEvent fill, OmsOrder order) => Inside(() => Fills.Add((fill, order)));

        public void OnTimer(long nowNanoseconds) => Inside(() => Timers.Add(nowNanoseconds));

        private void Inside(Action callback)
        {
            MaxConcurrent = Math.Max(MaxConcurrent, Interlocked.Increment(ref _inside));
            try
            {
                callback();
            }
            finally
            {
                Interlocked.Decrement(ref _inside);
            }
        }
    }

    private sealed class AcceptingVenue : ISpotOrderEntry
    {
        private int _orders;

        public VenueId Venue => s_venue;

        public VenueCapabilities Capabilities => new([OrderType.Limit], [TimeInForce.GoodTillCanceled], VenueFeatures.None);

        public ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create($"O-{Interlocked.Increment(ref _orders)}"), request.ClientOrderId)));

        public ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
