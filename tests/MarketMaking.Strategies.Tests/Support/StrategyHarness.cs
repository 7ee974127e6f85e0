using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Oms;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Strategies.Tests;

/// <summary>
/// One strategy on a real engine loop, OMS and books, against a venue that accepts every request, on a fake clock:
/// post books, trades and fills, move the clock to the next refresh, read the resting quotes.
/// </summary>
internal sealed class StrategyHarness : IAsyncDisposable
{
    public static readonly VenueId Venue = VenueId.Create("kraken");

    private readonly StrategyRunner _runner;

    public StrategyHarness(IStrategy strategy, params InstrumentSpec[] specs)
    {
        Oms = new OrderManager(Loop.Sink, Clock, new ClientOrderIdGenerator(1));
        Oms.RegisterExchange(Venue, Exchange);
        foreach (var spec in specs)
        {
            Books.Track(Venue, spec);
        }

        _runner = new StrategyRunner(strategy, Books, Oms, Loop.Sink, Clock, NullLogger.Instance);
        Loop.AddHandler(Books);
        Loop.AddHandler(Oms);
        Loop.AddHandler(_runner);
        Loop.Start();
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    public EngineLoop Loop { get; } = new();

    public BookKeeper Books { get; } = new();

    public AcceptingVenue Exchange { get; } = new();

    public OrderManager Oms { get; }

    public Task StartAsync() => _runner.StartAsync();

    /// <summary>Posts a one-level book and waits until the loop has applied it.</summary>
    public async Task PostTouchAsync(InstrumentId instrument, decimal bid, decimal ask, decimal quantity = 1)
    {
        var before = Loop.Processed;
        await Loop.Sink.PostAsync(new BookSnapshot(Venue, instrument, [new(new Price(bid), new Quantity(quantity))], [new(new Price(ask), new Quantity(quantity))], 1, 1));
        await WaitForAsync(() => Loop.Processed > before, "the book applied");
    }

    /// <summary>Posts an event and waits until the loop has taken it.</summary>
    public async Task PostAsync(VenueEvent venueEvent)
    {
        var before = Loop.Processed;
        await Loop.Sink.PostAsync(venueEvent);
        await WaitForAsync(() => Loop.Processed > before, "the event processed");
    }

    /// <summary>Moves the clock by a refresh interval and waits until the loop has taken the tick.</summary>
    public async Task RefreshAsync(TimeSpan? interval = null)
    {
        var before = Loop.Processed;
        Clock.Advance(interval ?? TimeSpan.FromSeconds(1));
        await WaitForAsync(() => Loop.Processed > before, "the refresh tick processed");
    }

    /// <summary>Waits until the strategy has this many accepted quotes on an instrument.</summary>
    public Task WaitForQuotesAsync(InstrumentId instrument, int count) =>
        WaitForAsync(() => Oms.Read(store => store.Open(Venue, instrument).Count(o => o.Status == OrderStatus.Accepted)) == count && !Pending(instrument), $"{count} quotes resting on {instrument}");

    /// <summary>The resting prices on one side, lowest first.</summary>
    public decimal[] Prices(InstrumentId instrument, Side side) =>
        Oms.Read(store => store.Open(Venue, instrument).Where(o => o.Side == side).Select(o => o.LimitPrice!.Value.Value).OrderBy(p => p).ToArray());

    public async ValueTask DisposeAsync()
    {
        await _runner.DisposeAsync();
        await Loop.DisposeAsync();
        Oms.Dispose();
    }

    private bool Pending(InstrumentId instrument) =>
        Oms.Read(store => store.Open(Venue, instrument).Any(o => o.Status is OrderStatus.PendingNew or OrderStatus.PendingAmend or OrderStatus.PendingCancel));
}
