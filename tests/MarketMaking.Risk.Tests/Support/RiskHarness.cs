using System.Collections.Concurrent;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Risk.Tests;

/// <summary>
/// The risk stage in a simulated run: the engine harness (loop, books, OMS, a recording venue, fake clock) with the
/// risk gate and the kill switch, positions and PnL the test scripts, and the denials and trips a subscriber saw.
/// </summary>
internal sealed class RiskHarness : IAsyncDisposable
{
    public static readonly VenueId Venue = VenueId.Create("kraken");
    public static readonly InstrumentSpec Btc = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 1, 4);
    private readonly EngineHarness _engine = new();

    public RiskHarness(RiskLimits? limits = null, KillSwitchOptions? killSwitch = null)
    {
        Exchange = _engine.AddVenue(Venue, Btc);
        Gate = new RiskGate(limits ?? new RiskLimits(), Control, _engine.Books, Portfolio, Clock);
        Oms.AddGate(Gate);
        KillSwitch = new KillSwitch(killSwitch ?? new KillSwitchOptions(), Control, Oms, _engine.Books, Portfolio, _engine.Loop.Sink, Clock);
        _engine.AddHandler(KillSwitch);
        _engine.Loop.Subscribe("test", e => e is OrderDenied or KillSwitchTripped or KillSwitchResumed, (e, _) =>
        {
            Seen.Enqueue(e);
            return ValueTask.CompletedTask;
        }, policy: OverflowPolicy.DropOldest);
        _engine.Start();
    }

    public FakeTimeProvider Clock => _engine.Clock;

    public RecordingVenue Exchange { get; }

    public ScriptedPortfolio Portfolio { get; } = new();

    public TradingControl Control { get; } = new();

    public OrderManager Oms => _engine.Oms;

    public EngineLoop Loop => _engine.Loop;

    public RiskGate Gate { get; }

    public KillSwitch KillSwitch { get; }

    /// <summary>The denials and trips posted to the loop, as a subscriber saw them.</summary>
    public ConcurrentQueue<VenueEvent> Seen { get; } = new();

    public Task PostAsync(VenueEvent venueEvent) => _engine.PostAsync(venueEvent);

    public Task PostTouchAsync(decimal bid, decimal ask) => _engine.PostTouchAsync(Venue, Btc.Instrument, bid, ask);

    public Task AdvanceAsync(TimeSpan by) => _engine.AdvanceAsync(by);

    public Task<OmsOrder> SubmitAsync(OrderIntent intent) => _engine.SubmitAsync(intent);

    public static OrderIntent Bid(decimal price, decimal quantity = 0.01m) =>
        new(Venue, Btc.Instrument, Side.Buy, OrderType.Limit, new Quantity(quantity)) { LimitPrice = new Price(price), PostOnly = true, Strategy = "mm" };

    public static OrderIntent Ask(decimal price, decimal quantity = 0.01m) =>
        new(Venue, Btc.Instrument, Side.Sell, OrderType.Limit, new Quantity(quantity)) { LimitPrice = new Price(price), PostOnly = true, Strategy = "mm" };

    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}
