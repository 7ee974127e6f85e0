using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Oms;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Risk.Tests;

/// <summary>Each kill-switch trigger in a simulated run, and the action it takes.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class KillSwitchTests
{
    private static readonly InstrumentId s_btc = RiskHarness.Btc.Instrument;
    private RiskHarness _run = null!;
    private OmsOrder _bid = null!;
    private OmsOrder _ask = null!;

    [TearDown]
    public async Task TearDownAsync() => await _run.DisposeAsync();

    /// <summary>Starts quoting a bid and an ask around 60,000.</summary>
    private async Task StartQuotingAsync(KillSwitchOptions? options = null)
    {
        _run = new RiskHarness(killSwitch: options);
        await _run.PostTouchAsync(59_999.9m, 60_000.1m);
        _bid = await _run.SubmitAsync(RiskHarness.Bid(59_990m));
        _ask = await _run.SubmitAsync(RiskHarness.Ask(60_010m));
    }

    private KillSwitchTripped[] Trips() => [.. _run.Seen.OfType<KillSwitchTripped>()];

    private Task BothQuotesCanceledAsync() =>
        WaitForAsync(() => _bid.Status == OrderStatus.Canceled && _ask.Status == OrderStatus.Canceled, "both quotes canceled");

    /// <summary>After a cancel-all: a new order is denied and never sent, and a cancel still reaches the venue.</summary>
    private async Task AssertHaltedAsync()
    {
        var placedBefore = _run.Exchange.Placed.Count;
        var blocked = await _run.SubmitAsync(RiskHarness.Bid(59_980m));
        Assert.Multiple(() =>
        {
            Assert.That(_run.Control.State, Is.EqualTo(TradingState.Halted));
            Assert.That(blocked.LastError, Does.Contain("TradingHalted"));
            Assert.That(_run.Exchange.Placed, Has.Count.EqualTo(placedBefore), "no new order left the OMS");
            Assert.That(_run.Exchange.Canceled, Has.Count.EqualTo(2), "the cancels did");
        });
    }

    [Test]
    public async Task Drawdown_Flattens_CancelingFirst_ThenClosingThePosition()
    {
        await StartQuotingAsync(new KillSwitchOptions { MaxDrawdown = 500m, FlattenSlippageBps = 50 });
        _run.Portfolio.Positions[(RiskHarness.Venue, s_btc)] = 0.0123m;
        _run.Portfolio.TotalPnl = 100m;
        await _run.AdvanceAsync(TimeSpan.FromSeconds(1));
        _run.Portfolio.TotalPnl = -400.01m;
        await _run.AdvanceAsync(TimeSpan.FromSeconds(1));
        await BothQuotesCanceledAsync();
        await WaitForAsync(() => _run.Exchange.Placed.Count == 3, "the flattening order sent once the quotes were gone");
        await WaitForAsync(() => Trips().Length == 1, "the trip posted");

        var flatten = _run.Exchange.Placed.Last();
        Assert.Multiple(() =>
        {
            Assert.That(Trips()[0].Trigger, Is.EqualTo(KillSwitchTrigger.Drawdown));
            Assert.That(Trips()[0].Reason, Does.Contain("500.01 below its peak 100"));
            Assert.That(_run.KillSwitch.Action, Is.EqualTo(KillSwitchAction.Flatten));
            Assert.That(_run.Control.State, Is.EqualTo(TradingState.Reducing));
            Assert.That(flatten.Side, Is.EqualTo(Side.Sell));
            Assert.That(flatten.Quantity, Is.EqualTo(new Quantity(0.0123m)));
            Assert.That(flatten.TimeInForce, Is.EqualTo(TimeInForce.ImmediateOrCancel));
            Assert.That(flatten.LimitPrice, Is.EqualTo(new Price(59_699.9m)), "50 bps through the bid 59,999.9, rounded down to the tick");
        });
    }

    [Test]
    public async Task RealizedLoss_CancelsAll_AndHalts()
    {
        await StartQuotingAsync(new KillSwitchOptions { MaxRealizedLoss = 250m });
        _run.Portfolio.RealizedPnl = -250m;
        await _run.AdvanceAsync(TimeSpan.FromSeconds(1));
        var atTheLimit = _run.KillSwitch.Action;
        _run.Portfolio.RealizedPnl = -250.01m;
        await _run.AdvanceAsync(TimeSpan.FromSeconds(1));
        await BothQuotesCanceledAsync();

        Assert.That(atTheLimit, Is.EqualTo(KillSwitchAction.None), "exactly at the limit: not yet");
        await AssertHaltedAsync();
    }

    [Test]
    public async Task StaleMarketData_CancelsAll()
    {
        await StartQuotingAsync(new KillSwitchOptions { MaxMarketDataAge = TimeSpan.FromSeconds(30) });
        await _run.AdvanceAsync(TimeSpan.FromSeconds(30));
        var atTheLimit = _run.KillSwitch.Action;
        await _run.AdvanceAsync(TimeSpan.FromSeconds(1));
        await BothQuotesCanceledAsync();
        await WaitForAsync(() => Trips().Length == 1, "the trip delivered to the subscriber");

        Assert.Multiple(() =>
        {
            Assert.That(atTheLimit, Is.EqualTo(KillSwitchAction.None), "30 s old: not yet");
            Assert.That(Trips().Single().Trigger, Is.EqualTo(KillSwitchTrigger.StaleMarketData));
            Assert.That(Trips().Single().Reason, Does.Contain("BTC/USD on kraken: no book update for 31 s"));
        });
        await AssertHaltedAsync();
    }

    [Test]
    public async Task StaleMarketData_StandsDownByItself_OnceTheDataIsFreshForResumeAfterHealthy()
    {
        await StartQuotingAsync(new KillSwitchOptions { MaxMarketDataAge = TimeSpan.FromSeconds(30), ResumeAfterHealthy = TimeSpan.FromSeconds(3) });
        await _run.AdvanceAsync(TimeSpan.FromSeconds(31));
        await BothQuotesCanceledAsync();
        var halted = _run.Control.State;

        // The venue is back: its book updates again, and stays fresh.
        await _run.PostTouchAsync(59_999.9m, 60_000.1m);
        await _run.AdvanceAsync(TimeSpan.FromSeconds(1));
        await _run.PostTouchAsync(59_999.8m, 60_000.1m);
        await _run.AdvanceAsync(TimeSpan.FromSeconds(1));
        var afterTwoHealthySeconds = _run.Control.State;
        await _run.PostTouchAsync(59_999.9m, 60_000.2m);
        await _run.AdvanceAsync(TimeSpan.FromSeconds(1));
        await _run.PostTouchAsync(59_999.9m, 60_000.1m);
        await _run.AdvanceAsync(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => _run.Control.State == TradingState.Active, "trading active again");
        await WaitForAsync(() => _run.Seen.OfType<KillSwitchResumed>().Any(), "the stand-down posted to the loop's subscribers");
        var quote = await _run.SubmitAsync(RiskHarness.Bid(59_980m));

        Assert.Multiple(() =>
        {
            Assert.That(halted, Is.EqualTo(TradingState.Halted));
            Assert.That(afterTwoHealthySeconds, Is.EqualTo(TradingState.Halted), "healthy for less than 3 s: still halted");
            Assert.That(_run.KillSwitch.Action, Is.EqualTo(KillSwitchAction.None));
            Assert.That(_run.KillSwitch.Resumptions, Is.EqualTo(1));
            Assert.That(_run.Seen.OfType<KillSwitchResumed>().Single().Trigger, Is.EqualTo(KillSwitchTrigger.StaleMarketData));
            Assert.That(_run.Control.Reason, Does.Contain("stood down from StaleMarketData"));
            Assert.That(quote.Status, Is.EqualTo(OrderStatus.Accepted), "new quotes go out again");
        });
    }

    [Test]
    public async Task ALossTrip_Latches_EvenWhenTheMarketIsHealthy_UntilAnOperatorResets()
    {
        await StartQuotingAsync(new KillSwitchOptions { MaxRealizedLoss = 250m, MaxMarketDataAge = TimeSpan.FromSeconds(30), ResumeAfterHealthy = TimeSpan.FromSeconds(3) });
        _run.Portfolio.RealizedPnl = -300m;
        await _run.AdvanceAsync(TimeSpan.FromSeconds(1));
        await BothQuotesCanceledAsync();
        for (var i = 0; i < 10; i++)
        {
            await _run.PostTouchAsync(59_999.9m - (i % 2 * 0.1m), 60_000.1m);
            await _run.AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        var afterTenHealthySeconds = (_run.Control.State, _run.KillSwitch.Action);
        await _run.KillSwitch.ResetAsync("operator: loss reviewed");
        await WaitForAsync(() => _run.Control.State == TradingState.Active, "the operator's reset");

        Assert.Multiple(() =>
        {
            Assert.That(afterTenHealthySeconds, Is.EqualTo((TradingState.Halted, KillSwitchAction.CancelAll)), "a loss is not the market's fault: it waits for an operator");
            Assert.That(_run.KillSwitch.Resumptions, Is.Zero);
        });
    }

    [Test]
    public async Task VenueDisconnected_CancelsAll()
    {
        await StartQuotingAsync(new KillSwitchOptions { MaxDisconnected = TimeSpan.FromSeconds(10), MaxMarketDataAge = null });
        await _run.PostAsync(new ConnectionStateChanged(RiskHarness.Venue, "private", ConnectionState.Connected, ConnectionState.Reconnecting, "connection lost", 1));
        await _run.AdvanceAsync(TimeSpan.FromSeconds(5));
        await _run.PostAsync(new ConnectionStateChanged(RiskHarness.Venue, "private", ConnectionState.Reconnecting, ConnectionState.Connected, null, 2));
        await _run.AdvanceAsync(TimeSpan.FromSeconds(20));
        var afterAShortDrop = _run.KillSwitch.Action;

        await _run.PostAsync(new ConnectionStateChanged(RiskHarness.Venue, "private", ConnectionState.Connected, ConnectionState.Reconnecting, "connection lost", 3));
        await _run.AdvanceAsync(TimeSpan.FromSeconds(11));
        await BothQuotesCanceledAsync();
        await WaitForAsync(() => Trips().Length == 1, "the trip delivered to the subscriber");

        Assert.Multiple(() =>
        {
            Assert.That(afterAShortDrop, Is.EqualTo(KillSwitchAction.None), "down 5 s and back: nothing");
            Assert.That(Trips().Single().Reason, Does.Contain("kraken private connection down for 11 s"));
        });
        await AssertHaltedAsync();
    }

    [Test]
    public async Task ErrorRate_StopsQuoting_OnlyReducingOrdersGo()
    {
        await StartQuotingAsync(new KillSwitchOptions { MaxErrorsPerMinute = 3, MaxMarketDataAge = null });
        _run.Portfolio.Positions[(RiskHarness.Venue, s_btc)] = 0.05m;
        _run.Exchange.RejectEverything = true;
        for (var i = 0; i < 4; i++)
        {
            await _run.SubmitAsync(RiskHarness.Bid(59_900m - i, 0.001m));
        }

        await WaitForAsync(() => _run.KillSwitch.Action == KillSwitchAction.StopQuoting, "the fourth rejection in a minute stops quoting");
        _run.Exchange.RejectEverything = false;
        var adding = await _run.SubmitAsync(RiskHarness.Bid(59_900m, 0.001m));
        var reducing = await _run.SubmitAsync(RiskHarness.Ask(60_020m, 0.02m));

        Assert.Multiple(() =>
        {
            Assert.That(_run.Control.State, Is.EqualTo(TradingState.Reducing));
            Assert.That(adding.LastError, Does.Contain("ReducingOnly"));
            Assert.That(reducing.Status, Is.EqualTo(OrderStatus.Accepted), "0.02 + the 0.01 ask resting ≤ the 0.05 long");
            Assert.That(_bid.Status, Is.EqualTo(OrderStatus.Accepted), "stop quoting leaves resting orders alone");
        });
    }

    [Test]
    public async Task ErrorRate_CountsTheVenuesRejectionsOnly_NotRequestsOurRateLimitModelHeldBack()
    {
        await StartQuotingAsync(new KillSwitchOptions { MaxErrorsPerMinute = 3, MaxMarketDataAge = null });
        _run.Exchange.HoldBackEverything = true;
        for (var i = 0; i < 10; i++)
        {
            await _run.SubmitAsync(RiskHarness.Bid(59_900m - i, 0.001m));
        }

        _run.Exchange.HoldBackEverything = false;
        _run.Exchange.RejectEverything = true;
        for (var i = 0; i < 4; i++)
        {
            await _run.SubmitAsync(RiskHarness.Bid(59_800m - i, 0.001m));
        }

        await WaitForAsync(() => _run.KillSwitch.Action == KillSwitchAction.StopQuoting, "the fourth venue rejection in a minute stops quoting");
        await WaitForAsync(() => Trips().Length == 1, "the trip delivered to the subscriber");

        Assert.That(Trips().Single().Reason, Does.StartWith("4 venue rejections or unknown outcomes"), "the ten held back were never the venue's answers");
    }

    [Test]
    public async Task CancelAll_KeepsCancelingOnEachTick_UntilNothingIsOpen()
    {
        await StartQuotingAsync(new KillSwitchOptions { MaxMarketDataAge = null });
        _run.Exchange.CancelsToHoldBack = 2;
        await _run.KillSwitch.TripAsync(KillSwitchAction.CancelAll, "operator: drill");
        await WaitForAsync(() => Trips().Length == 1, "the trip posted");
        await WaitForAsync(() => _bid.Status == OrderStatus.Accepted && _ask.Status == OrderStatus.Accepted && _run.Exchange.CancelsToHoldBack == 0, "both cancels held back, the quotes open again");
        var stillOpen = _run.Oms.Store.Open(RiskHarness.Venue).Count();

        await _run.AdvanceAsync(TimeSpan.FromSeconds(1));
        await BothQuotesCanceledAsync();

        Assert.That(stillOpen, Is.EqualTo(2), "the first sweep's cancels never left");
        await AssertHaltedAsync();
    }

    [Test]
    public async Task Manual_TripsAndResets_AndATripNeverStepsDown()
    {
        await StartQuotingAsync(new KillSwitchOptions { MaxMarketDataAge = null });
        await _run.KillSwitch.TripAsync(KillSwitchAction.CancelAll, "operator: exchange incident");
        await BothQuotesCanceledAsync();
        await _run.KillSwitch.TripAsync(KillSwitchAction.StopQuoting, "a milder one");
        await WaitForAsync(() => Trips().Length >= 1, "the trip posted");
        await AssertHaltedAsync();

        await _run.KillSwitch.ResetAsync("incident over");
        await WaitForAsync(() => _run.Control.State == TradingState.Active, "reset");
        var after = await _run.SubmitAsync(RiskHarness.Bid(59_980m));

        Assert.Multiple(() =>
        {
            Assert.That(Trips().Select(t => (t.Trigger, t.Action)), Is.EqualTo(new[] { (KillSwitchTrigger.Manual, KillSwitchAction.CancelAll) }), "the milder trip did nothing");
            Assert.That(after.Status, Is.EqualTo(OrderStatus.Accepted));
        });
    }
}
