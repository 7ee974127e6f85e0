using MarketMaking.Models;

namespace MarketMaking.Oms.Tests;

/// <summary>Events applied to one order: fills before the acknowledgement, duplicate fills, rolled-back amends and cancels.</summary>
public sealed class OrderLifecycleTests
{
    private static readonly VenueId s_venue = VenueId.Create("kraken");
    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");

    private static OmsOrder NewOrder(decimal quantity = 1m) =>
        new(s_venue, ClientOrderId.Create("c-1"), s_btcUsd, Side.Buy, OrderType.Limit, new Quantity(quantity), 1) { Strategy = "mm" };

    private static FillEvent Fill(string tradeId, decimal price, decimal quantity) =>
        new(s_venue, s_btcUsd, VenueOrderId.Create("O-1"), TradeId.Create(tradeId), Side.Buy, new Price(price), new Quantity(quantity), 5, 5) { Fee = 0.01m };

    [Test]
    public void FillBeforeTheAcknowledgement_IsApplied_AndTheLateAcknowledgementChangesNothing()
    {
        var order = NewOrder();

        var applied = OrderLifecycle.ApplyFill(order, Fill("t-1", 100m, 0.4m));
        var lateAck = OrderLifecycle.Apply(order, OrderEventKind.SubmitAcknowledged, 6);

        Assert.Multiple(() =>
        {
            Assert.That(applied, Is.True);
            Assert.That(lateAck, Is.EqualTo(TransitionOutcome.Ignored));
            Assert.That(order.Status, Is.EqualTo(OrderStatus.PartiallyFilled));
            Assert.That(order.FilledQuantity, Is.EqualTo(new Quantity(0.4m)));
            Assert.That(order.VenueOrderId!.Value.Value, Is.EqualTo("O-1"), "learned from the fill");
        });
    }

    [TestCase("0.00100000")]
    [TestCase("0.001")]
    [TestCase("2")]
    public void RemainingQuantity_IsTheQuantityAsGivenUntilAFill_ThenWhatIsLeft(string quantity)
    {
        var order = NewOrder(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture));

        // Unfilled: the quantity with its own scale (the journal and the CSVs write it as given).
        Assert.That(order.RemainingQuantity.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(quantity));
        OrderLifecycle.ApplyFill(order, Fill("t-1", 100m, 0.0004m));
        Assert.That(order.RemainingQuantity.Value, Is.EqualTo(order.Quantity.Value - 0.0004m));
        OrderLifecycle.ApplyFill(order, Fill("t-2", 100m, order.RemainingQuantity.Value));
        Assert.That(order.RemainingQuantity.Value, Is.Zero);
    }

    [Test]
    public void FillWithATradeIdSeenBefore_IsIgnored()
    {
        var order = NewOrder();
        OrderLifecycle.ApplyFill(order, Fill("t-1", 100m, 0.4m));

        var again = OrderLifecycle.ApplyFill(order, Fill("t-1", 100m, 0.4m));

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.False);
            Assert.That(order.FilledQuantity, Is.EqualTo(new Quantity(0.4m)));
            Assert.That(order.FillCount, Is.EqualTo(1));
            Assert.That(order.Fees, Is.EqualTo(0.01m));
        });
    }

    [Test]
    public void Fills_AverageTheirPrices_AndTheLastOneCompletesTheOrder()
    {
        var order = NewOrder();

        OrderLifecycle.ApplyFill(order, Fill("t-1", 100m, 0.25m));
        OrderLifecycle.ApplyFill(order, Fill("t-2", 104m, 0.75m));

        Assert.Multiple(() =>
        {
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Filled));
            Assert.That(order.AveragePrice, Is.EqualTo(new Price(103m)));
            Assert.That(order.IsOpen, Is.False);
        });
    }

    [Test]
    public void RejectedAmend_RollsBackToTheStateBefore_AndKeepsQuantityAndPrice()
    {
        var order = NewOrder();
        order.LimitPrice = new Price(100m);
        OrderLifecycle.ApplyFill(order, Fill("t-1", 100m, 0.4m));

        OrderLifecycle.Apply(order, OrderEventKind.AmendRequested, 7);
        var pending = order.Status;
        OrderLifecycle.Apply(order, OrderEventKind.AmendRejected, 8);

        Assert.Multiple(() =>
        {
            Assert.That(pending, Is.EqualTo(OrderStatus.PendingAmend));
            Assert.That(order.Status, Is.EqualTo(OrderStatus.PartiallyFilled));
            Assert.That(order.LimitPrice, Is.EqualTo(new Price(100m)));
        });
    }

    [Test]
    public void AcknowledgedAmend_ReturnsToTheLiveState_WithTheNewQuantityAndPrice()
    {
        var order = NewOrder();
        OrderLifecycle.Apply(order, OrderEventKind.SubmitAcknowledged, 2);
        OrderLifecycle.Apply(order, OrderEventKind.AmendRequested, 3);

        OrderLifecycle.ApplyAmend(order, new Quantity(0.5m), new Price(99m), 4);

        Assert.Multiple(() =>
        {
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Accepted));
            Assert.That(order.Quantity, Is.EqualTo(new Quantity(0.5m)));
            Assert.That(order.LimitPrice, Is.EqualTo(new Price(99m)));
        });
    }

    [Test]
    public void RejectedCancel_RollsBack_AndAFillDuringThePendingCancelStillCounts()
    {
        var order = NewOrder();
        OrderLifecycle.Apply(order, OrderEventKind.SubmitAcknowledged, 2);
        OrderLifecycle.Apply(order, OrderEventKind.CancelRequested, 3);

        OrderLifecycle.ApplyFill(order, Fill("t-1", 100m, 0.3m));
        var duringCancel = order.Status;
        OrderLifecycle.Apply(order, OrderEventKind.CancelRejected, 4);

        Assert.Multiple(() =>
        {
            Assert.That(duringCancel, Is.EqualTo(OrderStatus.PendingCancel));
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Accepted), "back to the state before the cancel");
            Assert.That(order.FilledQuantity, Is.EqualTo(new Quantity(0.3m)));
        });
    }
}
