using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Oms;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Inventory.Tests;

/// <summary>
/// Each hedging policy on scripted fill sequences with the simulated clock: quotes filled on Kraken BTC/USD, hedges on
/// MEXC BTCUSDT, partial hedge fills and quote fills while a hedge is in flight. |net| never passes threshold + clip.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class HedgingPolicyTests
{
    private static readonly HedgeRoute s_mexc = new(InventoryRun.Mexc, InventoryRun.BtcUsdt.Instrument);
    private static readonly AssetId s_btc = AssetId.Create("BTC");
    private InventoryRun _run = null!;
    private List<(OrderRequest Request, DateTimeOffset At)> _hedges = null!;

    [TearDown]
    public async Task TearDownAsync() => await _run.DisposeAsync();

    private async Task StartAsync(IHedgingPolicy policy, decimal clip, decimal mexcBid = 60_000.00m, decimal mexcAsk = 60_000.10m)
    {
        _run = new InventoryRun(policy, new HedgeOptions { MaxClip = clip, SlippageBps = 10, CheckInterval = TimeSpan.FromMilliseconds(250) });
        var hedges = new List<(OrderRequest, DateTimeOffset)>();
        _run.MexcVenue.OnAccepted = (request, _) =>
        {
            lock (hedges)
            {
                hedges.Add((request, _run.Engine.Clock.GetUtcNow()));
            }
        };
        _hedges = hedges;
        await _run.Engine.PostTouchAsync(InventoryRun.Kraken, InventoryRun.BtcUsd.Instrument, 59_999.9m, 60_000.1m);
        await _run.Engine.PostTouchAsync(InventoryRun.Mexc, InventoryRun.BtcUsdt.Instrument, mexcBid, mexcAsk);
    }

    private int HedgeCount
    {
        get
        {
            lock (_hedges)
            {
                return _hedges.Count;
            }
        }
    }

    private Task QuoteBuyAsync(decimal quantity) => _run.QuoteFillAsync(InventoryRun.Kraken, InventoryRun.BtcUsd.Instrument, Side.Buy, 60_000m, quantity);

    private Task QuoteSellAsync(decimal quantity) => _run.QuoteFillAsync(InventoryRun.Kraken, InventoryRun.BtcUsd.Instrument, Side.Sell, 60_000m, quantity);

    /// <summary>Waits for the n-th hedge order and returns it as the OMS tracks it.</summary>
    private async Task<OmsOrder> HedgeAsync(int n)
    {
        await WaitForAsync(() => HedgeCount >= n, $"hedge order {n}");
        var request = _hedges[n - 1].Request;
        await _run.Engine.SettledAsync();
        return _run.Engine.Oms.Read(store => store.Find(InventoryRun.Mexc, request.ClientOrderId))!;
    }

    private decimal Net => _run.Engine.Oms.Read(_ => _run.Inventory.NetPosition(s_btc));

    [Test]
    public async Task Immediate_HedgesAtTheThreshold_OneClipAtATime_CopingWithPartialFillsAndQuoteFillsInFlight()
    {
        var threshold = 0.01m;
        var clip = 0.01m;
        await StartAsync(new ImmediateHedgingPolicy(s_mexc, threshold), clip);

        await QuoteBuyAsync(0.004m);
        await QuoteBuyAsync(0.006m);
        var atThreshold = HedgeCount;
        await QuoteBuyAsync(0.002m);
        var first = await HedgeAsync(1);

        // A quote fills while the hedge is in flight: 0.016 held, 0.01 being sold, 0.006 unhedged: no second hedge.
        await QuoteBuyAsync(0.004m);
        var whileInFlight = HedgeCount;

        // The IOC fills 0.006 and the rest expires: 0.010 held, within the threshold.
        await _run.FillAsync(first, 60_000.00m, 0.006m, fee: 0.9m);
        await _run.EndAsync(first, OrderStatus.Canceled);
        var afterPartial = HedgeCount;

        // More quote fills take it past the threshold again: a second clip.
        await QuoteBuyAsync(0.003m);
        var second = await HedgeAsync(2);
        await _run.FillAsync(second, 59_999.00m, 0.01m);
        var statistics = _run.Inventory.Hedger!.Statistics;

        Assert.Multiple(() =>
        {
            Assert.That(atThreshold, Is.Zero, "exactly at the threshold: no hedge");
            Assert.That(_hedges[0].Request.Side, Is.EqualTo(Side.Sell));
            Assert.That(_hedges[0].Request.Quantity, Is.EqualTo(new Quantity(0.01m)), "0.012 over, one clip of 0.01");
            Assert.That(_hedges[0].Request.TimeInForce, Is.EqualTo(TimeInForce.ImmediateOrCancel));
            Assert.That(_hedges[0].Request.LimitPrice, Is.EqualTo(new Price(59_940.00m)), "10 bps through the bid 60,000.00");
            Assert.That(whileInFlight, Is.EqualTo(1), "the in-flight hedge counts: no over-hedge");
            Assert.That(afterPartial, Is.EqualTo(1));
            Assert.That(_hedges[1].Request.Quantity, Is.EqualTo(new Quantity(0.01m)), "0.013 over: one clip");
            Assert.That(Net, Is.EqualTo(0.003m));
            Assert.That(statistics.MaxAbsoluteNetPosition, Is.LessThanOrEqualTo(threshold + clip));
            Assert.That(statistics.Orders, Is.EqualTo(2));
            Assert.That(statistics.Fills, Is.EqualTo(2));
            Assert.That(statistics.Volume, Is.EqualTo(0.016m));
            Assert.That(statistics.Fees, Is.EqualTo(0.9m));
            Assert.That(statistics.Slippage, Is.EqualTo((0.05m * 0.006m) + (1.05m * 0.01m)), "sold below the decision mid 60,000.05");
            Assert.That(statistics.Cost, Is.EqualTo(statistics.Fees + statistics.Slippage));
            Assert.That(statistics.ToString(), Does.Contain("2 orders"));
        });
    }

    [Test]
    public async Task Twap_SendsNChildrenEvenlyOverTheDuration_AbsorbingQuoteFillsOnTheWay()
    {
        await StartAsync(new TwapHedgingPolicy(s_mexc, threshold: 0.01m, duration: TimeSpan.FromSeconds(10), numOrders: 5), clip: 0.05m);
        var start = _run.Engine.Clock.GetUtcNow();

        await QuoteBuyAsync(0.05m);
        for (var child = 1; child <= 5; child++)
        {
            var order = await HedgeAsync(child);
            await _run.FillAsync(order, 60_000.00m, order.Quantity.Value);
            if (child == 2)
            {
                // A quote sell while the schedule runs: 0.05 − 0.02 − 0.015 = 0.015 left for three children.
                await QuoteSellAsync(0.015m);
            }

            if (child < 5)
            {
                var before = HedgeCount;
                await _run.Engine.AdvanceAsync(TimeSpan.FromSeconds(1.75));
                Assert.That(HedgeCount, Is.EqualTo(before), "no child before its time");
                await _run.Engine.AdvanceAsync(TimeSpan.FromSeconds(0.25));
            }
        }

        await _run.Engine.AdvanceAsync(TimeSpan.FromSeconds(4));

        Assert.Multiple(() =>
        {
            Assert.That(_hedges.Select(h => h.Request.Quantity.Value), Is.EqualTo(new[] { 0.01m, 0.01m, 0.005m, 0.005m, 0.005m }));
            Assert.That(_hedges.Select(h => (h.At - start).TotalSeconds), Is.EqualTo(new[] { 0.0, 2.0, 4.0, 6.0, 8.0 }), "every 10 s / 5");
            Assert.That(_hedges.All(h => h.Request.TimeInForce == TimeInForce.ImmediateOrCancel), Is.True);
            Assert.That(Net, Is.Zero);
            Assert.That(HedgeCount, Is.EqualTo(5), "nothing after the schedule");
            Assert.That(_run.Inventory.Hedger!.Statistics.MaxAbsoluteNetPosition, Is.LessThanOrEqualTo(0.01m + 0.05m));
        });
    }

    [Test]
    public async Task Opportunistic_WaitsForANarrowSpread_RestsAtTheTouch_ThenGoesAggressiveOnTimeout()
    {
        // MEXC's spread starts at 10 bps, above the 5 bps limit.
        await StartAsync(new OpportunisticHedgingPolicy(s_mexc, threshold: 0.01m, maxSpreadBps: 5, timeout: TimeSpan.FromSeconds(10)), clip: 0.05m, mexcBid: 60_000.00m, mexcAsk: 60_060.00m);
        await QuoteBuyAsync(0.02m);
        await _run.Engine.AdvanceAsync(TimeSpan.FromSeconds(2));
        var whileWide = HedgeCount;

        await _run.Engine.PostTouchAsync(InventoryRun.Mexc, InventoryRun.BtcUsdt.Instrument, 60_000.00m, 60_006.00m);
        var passive = await HedgeAsync(1);
        await _run.Engine.PostTouchAsync(InventoryRun.Mexc, InventoryRun.BtcUsdt.Instrument, 60_000.00m, 60_005.00m);
        await WaitForAsync(() => _run.MexcVenue.Amended.Count == 1, "the passive hedge follows the touch");
        await _run.Engine.SettledAsync();
        await _run.FillAsync(passive, 60_005.00m, 0.005m);

        await _run.Engine.AdvanceAsync(TimeSpan.FromSeconds(8));
        await WaitForAsync(() => _run.MexcVenue.Canceled.Count == 1, "the passive hedge canceled at the timeout");
        var aggressive = await HedgeAsync(2);
        await _run.FillAsync(aggressive, 60_000.00m, aggressive.Quantity.Value);

        Assert.Multiple(() =>
        {
            Assert.That(whileWide, Is.Zero, "nothing rests while the spread is wide");
            Assert.That(_hedges[0].Request.PostOnly, Is.True);
            Assert.That(_hedges[0].Request.LimitPrice, Is.EqualTo(new Price(60_006.00m)), "selling at the best ask");
            Assert.That(_hedges[0].Request.Quantity, Is.EqualTo(new Quantity(0.02m)));
            Assert.That(_run.MexcVenue.Amended.Single().NewLimitPrice, Is.EqualTo(new Price(60_005.00m)));
            Assert.That(_hedges[1].Request.TimeInForce, Is.EqualTo(TimeInForce.ImmediateOrCancel));
            Assert.That(_hedges[1].Request.Quantity, Is.EqualTo(new Quantity(0.015m)), "what the passive order left");
            Assert.That(Net, Is.Zero);
        });
    }

    [Test]
    public async Task Opportunistic_OnAVenueThatCannotAmend_CancelsAndRestsAgainAtTheNewTouch()
    {
        await StartAsync(new OpportunisticHedgingPolicy(s_mexc, threshold: 0.01m, maxSpreadBps: 5, timeout: TimeSpan.FromSeconds(30)), clip: 0.05m, mexcBid: 60_000.00m, mexcAsk: 60_006.00m);
        _run.MexcVenue.Features = VenueFeatures.None;
        await QuoteBuyAsync(0.02m);
        var first = await HedgeAsync(1);

        await _run.Engine.PostTouchAsync(InventoryRun.Mexc, InventoryRun.BtcUsdt.Instrument, 60_000.00m, 60_005.00m);
        await WaitForAsync(() => _run.MexcVenue.Canceled.Count == 1, "the passive hedge canceled instead of amended");
        await _run.EndAsync(first, OrderStatus.Canceled);
        await _run.Engine.PostTouchAsync(InventoryRun.Mexc, InventoryRun.BtcUsdt.Instrument, 60_000.00m, 60_005.00m);
        var second = await HedgeAsync(2);

        Assert.Multiple(() =>
        {
            Assert.That(_run.MexcVenue.Amended, Is.Empty, "no amend sent to a venue without one");
            Assert.That((second.PostOnly, second.LimitPrice), Is.EqualTo((true, (Price?)new Price(60_005.00m))), "rests again at the new touch");
            Assert.That(second.Quantity, Is.EqualTo(new Quantity(0.02m)));
        });
    }

    [Test]
    public async Task CrossExchange_QuotesOnThePrimary_HedgesOnTheOther_CountingBothVenues()
    {
        var policy = new CrossExchangeHedgingPolicy(InventoryRun.Kraken, s_mexc, threshold: 0.01m);
        await StartAsync(policy, clip: 0.01m);

        await QuoteBuyAsync(0.012m);
        var hedge = await HedgeAsync(1);
        await _run.FillAsync(hedge, 60_000.00m, 0.01m);

        Assert.Multiple(() =>
        {
            Assert.That(policy.ExposureVenues, Is.EquivalentTo(new[] { InventoryRun.Kraken, InventoryRun.Mexc }));
            Assert.That(hedge.Venue, Is.EqualTo(InventoryRun.Mexc), "routed to the hedge venue");
            Assert.That(_run.KrakenVenue.Placed.Count(p => p.ClientOrderId != default && _run.Engine.Oms.Read(s => s.Find(InventoryRun.Kraken, p.ClientOrderId))?.Strategy == Hedger.Strategy), Is.Zero, "nothing hedged on the primary");
            Assert.That(Net, Is.EqualTo(0.002m), "0.012 on Kraken − 0.010 on MEXC");
            Assert.That(() => new CrossExchangeHedgingPolicy(InventoryRun.Mexc, s_mexc, 0.01m), Throws.ArgumentException.With.Message.Contains("must differ"));
        });
    }
}
