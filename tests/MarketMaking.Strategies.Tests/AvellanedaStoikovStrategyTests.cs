using MarketMaking.Models;

namespace MarketMaking.Strategies.Tests;

/// <summary>
/// The Avellaneda-Stoikov strategy on a real engine loop: it waits for its estimators, then quotes where the paper's
/// formulas put the bid and ask for the σ and κ it estimated (computed by hand below), and leans away from inventory.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AvellanedaStoikovStrategyTests
{
    private static readonly InstrumentSpec s_btc = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 2, 3);
    private StrategyHarness? _harness;
    private AvellanedaStoikovStrategy _strategy = null!;

    [TearDown]
    public async Task TearDownAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    private StrategyHarness Harness => _harness!;

    private static AvellanedaStoikovConfig Config(TimeSpan horizon) => new()
    {
        Venue = "kraken",
        Symbol = "BTC/USD",
        RiskAversion = 1,
        OrderSize = 0.001m,
        MaxInventory = 10,
        Horizon = horizon,
        RefreshInterval = TimeSpan.FromSeconds(1),
        RefreshToleranceBps = 0,
        VolatilitySampleInterval = TimeSpan.FromSeconds(1),
        VolatilityHalfLife = TimeSpan.FromMinutes(1),
        VolatilityWarmUp = 3,
        ArrivalWindow = 3,
        ArrivalWarmUp = 3,
        MinSpreadBps = 0,
    };

    /// <summary>
    /// From 1,700,000,000 s (a multiple of 10 s): the mid alternates 100.00 and 100.20 each second (σ = 0.2 per √s),
    /// three trades print 0.01, 0.02 and 0.03 from the mid (κ = 50), and the first quotes go out at +5 s.
    /// </summary>
    private async Task WarmUpAndQuoteAsync(TimeSpan horizon)
    {
        _strategy = new AvellanedaStoikovStrategy(Config(horizon));
        _harness = new StrategyHarness(_strategy, s_btc);
        await _harness.StartAsync();
        for (var second = 0; second <= 4; second++)
        {
            if (second > 0)
            {
                await Harness.RefreshAsync();
            }

            var up = second % 2 == 1 ? 0.20m : 0m;
            await Harness.PostTouchAsync(s_btc.Instrument, 99.99m + up, 100.01m + up);
        }

        var ordersBeforeWarm = Harness.Oms.Read(store => store.Count);
        foreach (var (price, id) in new[] { (100.01m, "t1"), (99.98m, "t2"), (100.03m, "t3") })
        {
            await Harness.PostAsync(new Trade(StrategyHarness.Venue, s_btc.Instrument, new Price(price), new Quantity(0.1m), Side.Buy, TradeId.Create(id), 4, 4));
        }

        await Harness.RefreshAsync();
        await Harness.WaitForQuotesAsync(s_btc.Instrument, 2);
        Assert.That(ordersBeforeWarm, Is.Zero, "no quote before both estimators are warm");
    }

    [Test]
    public async Task InfiniteHorizon_QuotesThePapersBidAndAsk_AndLeansDownWhenLong()
    {
        await WarmUpAndQuoteAsync(TimeSpan.Zero);
        var flat = (Bid: Harness.Prices(s_btc.Instrument, Side.Buy), Ask: Harness.Prices(s_btc.Instrument, Side.Sell));

        // Bought one order size: q = 1.
        var bid = Harness.Oms.Read(store => store.Open(StrategyHarness.Venue, s_btc.Instrument).Single(o => o.Side == Side.Buy));
        await Harness.PostAsync(new FillEvent(StrategyHarness.Venue, s_btc.Instrument, bid.VenueOrderId!.Value, TradeId.Create("f1"), Side.Buy, bid.LimitPrice!.Value, new Quantity(0.001m), 5, 5));
        await Harness.RefreshAsync();
        await Harness.WaitForQuotesAsync(s_btc.Instrument, 2);

        Assert.Multiple(() =>
        {
            Assert.That(_strategy.Volatility, Is.EqualTo(0.2).Within(1e-9), "σ: 0.2 per second");
            Assert.That(_strategy.ArrivalDecay, Is.EqualTo(50).Within(1e-9), "κ: 3 / 0.06");

            // γ = 1, q_max = 10, distance ln(1 + 1/50) = 0.019803; q = 0: ask 100 + ln(1 + 1/121) + 0.019803 = 100.02803,
            // bid 100 + ln(1 − 1/121) − 0.019803 = 99.97190.
            Assert.That(flat.Bid, Is.EqualTo(new[] { 99.97m }));
            Assert.That(flat.Ask, Is.EqualTo(new[] { 100.03m }));

            // q = 1: ask 100 + ln(1 − 1/120) + 0.019803 = 100.01143, bid 100 + ln(1 − 3/120) − 0.019803 = 99.95488.
            Assert.That(Harness.Prices(s_btc.Instrument, Side.Buy), Is.EqualTo(new[] { 99.95m }), "long: buys lower");
            Assert.That(Harness.Prices(s_btc.Instrument, Side.Sell), Is.EqualTo(new[] { 100.02m }), "and sells lower");
            Assert.That(_strategy.Position, Is.EqualTo(0.001m));
        });
    }

    [Test]
    public async Task FiniteHorizon_TheSpreadWidensWithTheVolatilityAndTheTimeLeft()
    {
        await WarmUpAndQuoteAsync(TimeSpan.FromSeconds(10));

        // τ = 10 − 5 = 5 s: spread γσ²τ + (2/γ)·ln(1 + γ/κ) = 0.2 + 0.039605 = 0.239605 around r = s = 100.
        Assert.Multiple(() =>
        {
            Assert.That(Harness.Prices(s_btc.Instrument, Side.Buy), Is.EqualTo(new[] { 99.88m }), "100 − 0.1198");
            Assert.That(Harness.Prices(s_btc.Instrument, Side.Sell), Is.EqualTo(new[] { 100.12m }), "100 + 0.1198");
        });
    }

    [Test]
    public void InvalidSettings_AreRefusedWithEachReason()
    {
        var config = Config(TimeSpan.Zero);
        config.RiskAversion = 0;
        config.ArrivalWarmUp = 10;

        Assert.That(
            () => new AvellanedaStoikovStrategy(config),
            Throws.ArgumentException.With.Message.Contains("RiskAversion").And.Message.Contains("ArrivalWarmUp (10) must not exceed ArrivalWindow (3)"));
    }
}
