using MarketMaking.Models;
using MarketMaking.Oms;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Risk.Tests;

/// <summary>The gate on a real OMS: a denied order is an <see cref="OrderDenied"/> event and never reaches the venue.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RiskGateTests
{
    private RiskHarness _run = null!;

    [TearDown]
    public async Task TearDownAsync() => await _run.DisposeAsync();

    private async Task StartAsync(RiskLimits? limits = null)
    {
        _run = new RiskHarness(limits);
        await _run.PostTouchAsync(59_999.9m, 60_000.1m);
    }

    private OrderDenied[] Denials() => [.. _run.Seen.OfType<OrderDenied>()];

    [Test]
    public async Task AFatFingeredOrder_IsDenied_RecordedAsRejected_AndNeverSent()
    {
        await StartAsync();

        var fat = await _run.SubmitAsync(RiskHarness.Bid(66_000m));
        var good = await _run.SubmitAsync(RiskHarness.Bid(59_990m));
        await WaitForAsync(() => Denials().Length == 1, "the denial posted to the loop");

        Assert.Multiple(() =>
        {
            Assert.That(fat.Status, Is.EqualTo(OrderStatus.Rejected));
            Assert.That(fat.LastError, Does.Contain("PriceOutsideBand").And.Contain("1000 bps from the mid 60000"));
            Assert.That(Denials()[0].ClientOrderId, Is.EqualTo(fat.ClientOrderId));
            Assert.That(Denials()[0].Denial.Reason, Is.EqualTo(DenialReason.PriceOutsideBand));
            Assert.That(_run.Exchange.Placed.Select(p => p.ClientOrderId), Is.EqualTo(new[] { good.ClientOrderId }), "only the good order reached the venue");
            Assert.That(good.Status, Is.EqualTo(OrderStatus.Accepted));
            Assert.That(_run.Oms.Summary(), Does.Contain("1 denied"));
        });
    }

    [Test]
    public async Task NearItsLiquidationPrice_APositionMayOnlyBeReduced_ThroughTheGate()
    {
        await StartAsync(new RiskLimits { MinLiquidationDistanceBps = 1_000 });
        _run.Portfolio.Positions[(RiskHarness.Venue, RiskHarness.Btc.Instrument)] = 0.02m;
        _run.Portfolio.LiquidationPrices[(RiskHarness.Venue, RiskHarness.Btc.Instrument)] = 55_000m;

        var adding = await _run.SubmitAsync(RiskHarness.Bid(59_990m));
        var reducing = await _run.SubmitAsync(RiskHarness.Ask(60_010m, 0.02m));
        var flipping = await _run.SubmitAsync(RiskHarness.Ask(60_020m, 0.03m));
        _run.Portfolio.LiquidationPrices[(RiskHarness.Venue, RiskHarness.Btc.Instrument)] = 53_000m;
        var farEnough = await _run.SubmitAsync(RiskHarness.Bid(59_980m));

        Assert.Multiple(() =>
        {
            Assert.That(adding.Status, Is.EqualTo(OrderStatus.Rejected), "the mid 60000 is 833 bps from 55000, within 1000");
            Assert.That(adding.LastError, Does.Contain("NearLiquidation").And.Contain("833.33 bps from its liquidation price 55000"));
            Assert.That(reducing.Status, Is.EqualTo(OrderStatus.Accepted), "a sell of the whole long only reduces it");
            Assert.That(flipping.Status, Is.EqualTo(OrderStatus.Rejected), "a sell beyond the long opens a short");
            Assert.That(farEnough.Status, Is.EqualTo(OrderStatus.Accepted), "1166.67 bps away");
        });
    }

    [Test]
    public async Task PositionLimit_CountsTheOpenOrders_ThroughTheGate()
    {
        await StartAsync(new RiskLimits { MaxPosition = 0.03m });
        _run.Portfolio.Positions[(RiskHarness.Venue, RiskHarness.Btc.Instrument)] = 0.01m;

        var first = await _run.SubmitAsync(RiskHarness.Bid(59_990m));
        var second = await _run.SubmitAsync(RiskHarness.Bid(59_980m, 0.0101m));
        var reducing = await _run.SubmitAsync(RiskHarness.Ask(60_010m, 0.02m));

        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(OrderStatus.Accepted), "0.01 held + 0.01 = 0.02");
            Assert.That(second.Status, Is.EqualTo(OrderStatus.Rejected), "0.01 + 0.01 open + 0.0101 = 0.0301");
            Assert.That(second.LastError, Does.Contain("PositionLimit"));
            Assert.That(reducing.Status, Is.EqualTo(OrderStatus.Accepted), "a sell takes the position down");
            Assert.That(_run.Exchange.Placed, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task LeverageLimit_CountsTheVenuesPositionsAndOpenOrdersAtWorst_AgainstItsMargin_AndLetsAReducingOrderThrough()
    {
        // Margin 1,000 USD at 2x: 2,000 USD of gross notional at the mid of 60,000, that is 0.0333 BTC.
        await StartAsync(new RiskLimits { MarginUsd = { [RiskHarness.Venue.Value] = 1_000m }, MaxLeverage = 2m });
        _run.Portfolio.Positions[(RiskHarness.Venue, RiskHarness.Btc.Instrument)] = 0.02m;

        var within = await _run.SubmitAsync(RiskHarness.Bid(59_990m, 0.01m));
        var beyond = await _run.SubmitAsync(RiskHarness.Bid(59_980m, 0.0034m));
        var reducing = await _run.SubmitAsync(RiskHarness.Ask(60_010m, 0.02m));

        Assert.Multiple(() =>
        {
            Assert.That(within.Status, Is.EqualTo(OrderStatus.Accepted), "(0.02 + 0.01) × 60,000 = 1,800 ≤ 2,000");
            Assert.That(beyond.Status, Is.EqualTo(OrderStatus.Rejected), "(0.02 + 0.01 + 0.0034) × 60,000 = 2,004");
            Assert.That(beyond.LastError, Does.Contain("LeverageLimit").And.Contain("2004 USD with open orders, 2x its margin of 1000 USD, beyond 2x"));
            Assert.That(reducing.Status, Is.EqualTo(OrderStatus.Accepted), "a sell does not raise the worst case, 1,800");
            Assert.That(_run.Exchange.Placed, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task OrderRate_IsCountedPerSecondOnTheClock()
    {
        await StartAsync(new RiskLimits { MaxOrdersPerSecond = 3 });

        var orders = new List<OmsOrder>();
        for (var i = 0; i < 4; i++)
        {
            orders.Add(await _run.SubmitAsync(RiskHarness.Bid(59_990m - i, 0.001m)));
        }

        _run.Clock.Advance(TimeSpan.FromSeconds(1));
        var nextSecond = await _run.SubmitAsync(RiskHarness.Bid(59_900m, 0.001m));

        Assert.Multiple(() =>
        {
            Assert.That(orders.Select(o => o.Status), Is.EqualTo(new[] { OrderStatus.Accepted, OrderStatus.Accepted, OrderStatus.Accepted, OrderStatus.Rejected }));
            Assert.That(orders[3].LastError, Does.Contain("OrderRateLimit"));
            Assert.That(nextSecond.Status, Is.EqualTo(OrderStatus.Accepted));
        });
    }

    [Test]
    public async Task Halted_NoNewOrderOrAmendLeaves_ButCancelsDo()
    {
        await StartAsync();
        var resting = await _run.SubmitAsync(RiskHarness.Bid(59_990m));

        _run.Control.Set(TradingState.Halted, "operator");
        var blocked = await _run.SubmitAsync(RiskHarness.Ask(60_010m));
        var amended = await _run.Loop.InvokeAsync(() => _run.Oms.Amend(resting, null, new Price(59_991m)));
        var canceled = await _run.Loop.InvokeAsync(() => _run.Oms.Cancel(resting));
        await WaitForAsync(() => resting.Status == OrderStatus.Canceled, "the cancel answered");

        Assert.Multiple(() =>
        {
            Assert.That(blocked.Status, Is.EqualTo(OrderStatus.Rejected));
            Assert.That(blocked.LastError, Does.Contain("TradingHalted"));
            Assert.That(amended, Is.False, "the amend was denied");
            Assert.That(_run.Exchange.Amended, Is.Empty);
            Assert.That(canceled, Is.True);
            Assert.That(_run.Exchange.Canceled, Has.Count.EqualTo(1), "the cancel reached the venue");
            Assert.That(_run.Exchange.Placed, Has.Count.EqualTo(1), "only the order placed before the halt");
        });
    }

    [Test]
    public async Task AnOrderForAnInstrumentWithoutABook_IsDenied()
    {
        await StartAsync();

        var order = await _run.SubmitAsync(new OrderIntent(RiskHarness.Venue, InstrumentId.Create("ETH/USD"), Side.Buy, OrderType.Limit, new Quantity(1)) { LimitPrice = new Price(3_000m) });

        Assert.Multiple(() =>
        {
            Assert.That(order.LastError, Does.Contain("UnknownInstrument").And.Contain("ETH/USD"));
            Assert.That(_run.Exchange.Placed, Is.Empty);
        });
    }
}
