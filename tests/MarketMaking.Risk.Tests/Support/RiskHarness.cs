using System.Collections.Concurrent;
using MarketMaking.Models;
using MarketMaking.Oms;
using Microsoft.Extensions.Time.Testing;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Risk.Tests;

/// <summary>
/// The risk stage in a simulated run: a real engine loop with books, OMS, risk gate and kill switch, a venue that
/// records what reaches it, positions and PnL the test scripts, and a fake clock.
/// </summary>
internal sealed class RiskHarness : IAsyncDisposable
{
    public static readonly VenueId Venue = VenueId.Create("kraken");
    public static readonly InstrumentSpec Btc = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 1, 4);

    public RiskHarness(RiskLimits? limits = null, KillSwitchOptions? killSwitch = null)
    {
        Oms = new OrderManager(Loop.Sink, Clock, new ClientOrderIdGenerator(1));
        Oms.RegisterExchange(Venue, Exchange);
        Books.Track(Venue, Btc);
        Gate = new RiskGate(limits ?? new RiskLimits(), Control, Books, Portfolio, Clock);
        Oms.AddGate(Gate);
        KillSwitch = new KillSwitch(killSwitch ?? new KillSwitchOptions(), Control, Oms, Books, Portfolio, Loop.Sink, Clock);
        Loop.AddHandler(Books);
        Loop.AddHandler(Oms);
        Loop.AddHandler(KillSwitch);
        Loop.Subscribe("test", e => e is OrderDenied or KillSwitchTripped, (e, _) =>
        {
            Seen.Enqueue(e);
            return ValueTask.CompletedTask;
        }, policy: OverflowPolicy.DropOldest);
        Loop.Start();
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    public EngineLoop Loop { get; } = new();

    public BookKeeper Books { get; } = new();

    public CountingVenue Exchange { get; } = new();

    public ScriptedPortfolio Portfolio { get; } = new();

    public TradingControl Control { get; } = new();

    public OrderManager Oms { get; }

    public RiskGate Gate { get; }

    public KillSwitch KillSwitch { get; }

    /// <summary>The denials and trips posted to the loop, as a subscriber saw them.</summary>
    public ConcurrentQueue<VenueEvent> Seen { get; } = new();

    /// <summary>Posts an event and waits until the loop has taken it.</summary>
    public async Task PostAsync(VenueEvent venueEvent)
    {
        var before = Loop.Processed;
        await Loop.Sink.PostAsync(venueEvent);
        await WaitForAsync(() => Loop.Processed > before, "the event processed");
    }

    /// <summary>Posts a one-level book around the given touch.</summary>
    public Task PostTouchAsync(decimal bid, decimal ask) =>
        PostAsync(new BookSnapshot(Venue, Btc.Instrument, [new(new Price(bid), new Quantity(1))], [new(new Price(ask), new Quantity(1))], 1, 1));

    /// <summary>Moves the clock and waits until the kill switch's ticks for that time were taken.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var before = Loop.Processed;
        Clock.Advance(by);
        await WaitForAsync(() => Loop.Processed > before, "a kill-switch tick processed");
    }

    public static OrderIntent Bid(decimal price, decimal quantity = 0.01m) =>
        new(Venue, Btc.Instrument, Side.Buy, OrderType.Limit, new Quantity(quantity)) { LimitPrice = new Price(price), PostOnly = true, Strategy = "mm" };

    public static OrderIntent Ask(decimal price, decimal quantity = 0.01m) =>
        new(Venue, Btc.Instrument, Side.Sell, OrderType.Limit, new Quantity(quantity)) { LimitPrice = new Price(price), PostOnly = true, Strategy = "mm" };

    /// <summary>Submits and waits for the venue's answer (or the denial).</summary>
    public async Task<OmsOrder> SubmitAsync(OrderIntent intent)
    {
        var order = Oms.Submit(intent);
        await WaitForAsync(() => Oms.Read(_ => order.Status is not OrderStatus.PendingNew), "the order answered");
        return order;
    }

    public async ValueTask DisposeAsync()
    {
        KillSwitch.Dispose();
        await Loop.DisposeAsync();
        Oms.Dispose();
    }
}
