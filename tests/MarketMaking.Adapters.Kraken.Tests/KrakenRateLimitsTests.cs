using MarketMaking.Models;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Adapters.Kraken.Tests;

public sealed class KrakenRateLimitsTests
{
    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");

    [TestCase(KrakenTier.Starter, 15, 0.33)]
    [TestCase(KrakenTier.Intermediate, 20, 0.5)]
    [TestCase(KrakenTier.Pro, 20, 1.0)]
    public void RestCounter_FullThenIdle_DecaysAtTheTiersRate(KrakenTier tier, double maximum, double decay)
    {
        var clock = new FakeTimeProvider();
        var counter = new DecayingCounter(KrakenRateLimits.RestCounterMaximum(tier), KrakenRateLimits.RestCounterDecayPerSecond(tier), clock);
        var admitted = 0;
        while (counter.TryAdd(1, counter.Maximum, out _))
        {
            admitted++;
        }

        clock.Advance(TimeSpan.FromSeconds(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(admitted, Is.EqualTo((int)maximum), "calls admitted from an empty counter");
            Assert.That(counter.Value, Is.EqualTo(maximum - (10 * decay)).Within(1e-9), "after 10 s");
        }
    }

    [Test]
    public void RestCounter_Full_RefusesWithTheTimeUntilOneCallFits()
    {
        var clock = new FakeTimeProvider();
        var counter = new DecayingCounter(15, 0.33, clock);
        counter.Add(15);

        var admitted = counter.TryAdd(1, counter.Maximum, out var retryAfter);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(admitted, Is.False);
            Assert.That(retryAfter.TotalSeconds, Is.EqualTo(1 / 0.33).Within(1e-6));
        }
    }

    [TestCase(0.0, 8)]
    [TestCase(4.9, 8)]
    [TestCase(5.0, 6)]
    [TestCase(12.0, 5)]
    [TestCase(30.0, 4)]
    [TestCase(60.0, 2)]
    [TestCase(120.0, 1)]
    [TestCase(300.0, 0)]
    public void CancelCost_ByOrderAge_FollowsThePublishedTable(double ageSeconds, double cost)
    {
        Assert.That(KrakenRateLimits.TradingCost(KrakenTradingAction.CancelOrder, TimeSpan.FromSeconds(ageSeconds)), Is.EqualTo(cost));
    }

    [Test]
    public void TradingCost_DocsExample_AddAmendAfter7sCancel36sLater_IsEight()
    {
        var total = KrakenRateLimits.TradingCost(KrakenTradingAction.AddOrder)
            + KrakenRateLimits.TradingCost(KrakenTradingAction.AmendOrder, TimeSpan.FromSeconds(7))
            + KrakenRateLimits.TradingCost(KrakenTradingAction.CancelOrder, TimeSpan.FromSeconds(36));

        Assert.That(total, Is.EqualTo(8));
    }

    [Test]
    public void TradingCost_Batches_ScaleWithTheOrderCount()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(KrakenRateLimits.TradingCost(KrakenTradingAction.BatchAdd, orderCount: 10), Is.EqualTo(5));
            Assert.That(KrakenRateLimits.TradingCost(KrakenTradingAction.BatchCancel, TimeSpan.FromSeconds(1), orderCount: 3), Is.EqualTo(24));
            Assert.That(KrakenRateLimits.TradingCost(KrakenTradingAction.EditOrder, TimeSpan.FromSeconds(1)), Is.EqualTo(7));
        }
    }

    [Test]
    public void TradingCounters_YoungCancelVersusOldCancel_ChargeEightVersusNothing()
    {
        var clock = new FakeTimeProvider();
        var sut = new KrakenTradingCounters(KrakenTier.Intermediate, clock);

        sut.TryAdmit(s_btcUsd, KrakenTradingAction.CancelOrder, TimeSpan.FromSeconds(2), 1, out _);
        var afterYoung = sut.Current(s_btcUsd);
        sut.TryAdmit(s_btcUsd, KrakenTradingAction.CancelOrder, TimeSpan.FromMinutes(10), 1, out _);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterYoung, Is.EqualTo(8));
            Assert.That(sut.Current(s_btcUsd), Is.EqualTo(8), "an order older than 300 s cancels for free");
            Assert.That(sut.Remaining(s_btcUsd), Is.EqualTo(125 - 8));
        }
    }

    [Test]
    public void TradingCounters_BudgetShort_RefusesNewOrdersButAdmitsCancels()
    {
        var clock = new FakeTimeProvider();
        var sut = new KrakenTradingCounters(KrakenTier.Starter, clock, cancelReserve: 16);
        var added = 0;
        while (sut.TryAdmit(s_btcUsd, KrakenTradingAction.AddOrder, TimeSpan.Zero, 1, out _))
        {
            added++;
        }

        var addRefused = !sut.TryAdmit(s_btcUsd, KrakenTradingAction.AddOrder, TimeSpan.Zero, 1, out var retryAfter);
        var cancelAdmitted = sut.TryAdmit(s_btcUsd, KrakenTradingAction.CancelOrder, TimeSpan.FromSeconds(1), 1, out _);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(added, Is.EqualTo(60 - 16), "new orders stop at the threshold minus the cancel reserve");
            Assert.That(addRefused, Is.True);
            Assert.That(retryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)), "one unit decays in 1 s at Starter");
            Assert.That(cancelAdmitted, Is.True, "a cancel may use the reserve");
            Assert.That(sut.Current(s_btcUsd), Is.EqualTo(52));
        }
    }

    [Test]
    public void Admission_NewOrdersLeaveTheBudgetToCancelEveryOpenOrderAtOnce()
    {
        var clock = new FakeTimeProvider();
        var sut = new KrakenOrderAdmission(new KrakenTradingCounters(KrakenTier.Starter, clock, cancelReserve: 0), clock, null, enforce: true, reserveForOpenOrders: true, TimeSpan.FromSeconds(30));
        var placed = new List<OrderReference>();
        for (var i = 0; sut.TryAdmit(s_btcUsd, KrakenTradingAction.AddOrder, null, 1, out _); i++)
        {
            var id = ClientOrderId.Create($"q{i}");
            sut.RememberOrderTime(s_btcUsd, VenueOrderId.Create($"O{i}"), id);
            placed.Add(OrderReference.ByClientId(id));
        }

        sut.TryAdmit(s_btcUsd, KrakenTradingAction.AddOrder, null, 1, out var refused);
        var reserve = sut.CancelCostOfOpenOrders(s_btcUsd);
        var cancels = placed.Count(order => sut.TryAdmit(s_btcUsd, KrakenTradingAction.CancelOrder, order, 1, out _));

        using (Assert.EnterMultipleScope())
        {
            // n orders cost n and keep 8n for their cancels: 9n ≤ 60 at Starter, so 6 orders (54), not a 7th (63).
            Assert.That(placed, Has.Count.EqualTo(6));
            Assert.That(reserve, Is.EqualTo(48), "six orders younger than 5 s cancel for 8 each");
            Assert.That(refused.NotSent, Is.True, "a refusal here is ours, not the venue's");
            Assert.That(refused.Kind, Is.EqualTo(VenueErrorKind.RateLimited));
            Assert.That(cancels, Is.EqualTo(6), "every open order can be canceled at once");
            Assert.That(sut.NewOrderHeadroom(s_btcUsd), Is.Zero);
        }
    }

    [Test]
    public async Task Admission_ACancelTheCounterCannotTakeYet_IsHeldUntilItFits_NotRefused()
    {
        var clock = new FakeTimeProvider();
        var counters = new KrakenTradingCounters(KrakenTier.Starter, clock, cancelReserve: 0);
        var sut = new KrakenOrderAdmission(counters, clock, null, enforce: true, reserveForOpenOrders: true, TimeSpan.FromSeconds(30));
        var order = ClientOrderId.Create("young");
        sut.RememberOrderTime(s_btcUsd, null, order);
        while (counters.TryAdmit(s_btcUsd, KrakenTradingAction.CancelOrder, TimeSpan.FromSeconds(100), 1, out _))
        {
            // Cancels of old orders placed elsewhere (another client of the key) spent the counter.
        }

        var spent = counters.Current(s_btcUsd);

        var admitted = sut.AdmitCancelAsync(s_btcUsd, KrakenTradingAction.CancelOrder, OrderReference.ByClientId(order), 1, CancellationToken.None);
        var heldAtFirst = !admitted.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(8));
        var refusal = await admitted.WaitAsync(TimeSpan.FromSeconds(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(heldAtFirst, Is.True, $"the counter stands at {spent} of 60 and the cancel costs 8: it waits");
            Assert.That(refusal, Is.Null, "admitted once the counter decayed");
            Assert.That(counters.Current(s_btcUsd), Is.EqualTo(spent - 8 + 6).Within(0.001), "8 s decayed, then charged when admitted, at the order's age then (8 s: 6)");
        }
    }

    [Test]
    public void Admission_KrakensRefusalForItsCounter_SaturatesOurs_ALocalHoldDoesNot()
    {
        var clock = new FakeTimeProvider();
        var counters = new KrakenTradingCounters(KrakenTier.Starter, clock, cancelReserve: 0);
        var sut = new KrakenOrderAdmission(counters, clock, null, enforce: true, reserveForOpenOrders: true, TimeSpan.FromSeconds(30));
        var ours = new VenueError(VenueErrorKind.RateLimited, IsTransient: true, null, "Not sent: the budget is short") { NotSent = true };

        sut.OnAnswer(s_btcUsd, KrakenTradingAction.AddOrder, null, 1, ours);
        var afterOurOwnHold = counters.Current(s_btcUsd);
        sut.OnAnswer(s_btcUsd, KrakenTradingAction.AddOrder, null, 1, KrakenErrors.Map("EOrder:Rate limit exceeded"));
        var afterKrakensRefusal = (counters.Current(s_btcUsd), sut.NewOrderHeadroom(s_btcUsd));
        clock.Advance(TimeSpan.FromSeconds(9));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterOurOwnHold, Is.Zero, "our own hold says nothing about Kraken's counter");
            Assert.That(afterKrakensRefusal, Is.EqualTo((60.0, 0)), "after a restart ours starts below Kraken's: its refusal says where Kraken's stands");
            Assert.That(sut.NewOrderHeadroom(s_btcUsd), Is.EqualTo(1), "9 s of decay at 1 a second: room for one new order and its cancel");
        }
    }

    [Test]
    public void TradingCounters_OtherPair_HasItsOwnCounter()
    {
        var sut = new KrakenTradingCounters(KrakenTier.Pro, new FakeTimeProvider());

        sut.TryAdmit(s_btcUsd, KrakenTradingAction.CancelOrder, TimeSpan.Zero, 1, out _);

        Assert.That(sut.Current(InstrumentId.Create("ETH/USD")), Is.Zero);
    }

    [Test]
    public async Task RateLimiter_FullCounter_WaitsOnTheClockUntilTheCostFits()
    {
        var clock = new FakeTimeProvider();
        using var sut = new DecayingCounterRateLimiter(new DecayingCounter(20, 0.5, clock), clock, TimeSpan.FromSeconds(30));
        sut.Counter.Add(20);

        var acquiring = sut.AcquireAsync(permitCount: 2).AsTask();
        var beforeDecay = acquiring.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(4));
        using var lease = await acquiring;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(beforeDecay, Is.False);
            Assert.That(lease.IsAcquired, Is.True);
            Assert.That(sut.Counter.Value, Is.EqualTo(20).Within(1e-9));
        }
    }

    [Test]
    public void RateLimiter_WaitLongerThanAllowed_RefusesWithRetryAfter()
    {
        var clock = new FakeTimeProvider();
        using var sut = new DecayingCounterRateLimiter(new DecayingCounter(20, 0.5, clock), clock, TimeSpan.FromSeconds(1));
        sut.Counter.Add(20);

        using var lease = sut.AttemptAcquire(permitCount: 2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lease.IsAcquired, Is.False);
            Assert.That(lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter), Is.True);
            Assert.That(retryAfter, Is.EqualTo(TimeSpan.FromSeconds(4)));
        }
    }
}
