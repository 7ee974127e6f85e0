using MarketMaking.Models;

namespace MarketMaking.Strategies.Tests;

/// <summary>Each feature against values worked out by hand from its formula.</summary>
public sealed class FeatureTests
{
    // The touch over five updates: a volume change, a better bid, a better ask, then both sides retreating.
    private static readonly (double Bid, double BidQty, double Ask, double AskQty)[] s_touches =
    [
        (100, 5, 101, 4),
        (100, 7, 101, 3),
        (100.5, 1, 101, 3),
        (100.5, 1, 100.8, 2),
        (100, 6, 101, 5),
    ];

    [Test]
    public void VolumeOrderImbalance_FollowsShensDefinition()
    {
        var whole = new VolumeOrderImbalance(10);
        var lastThree = new VolumeOrderImbalance(3);
        foreach (var (bid, bidQty, ask, askQty) in s_touches)
        {
            whole.Update(bid, bidQty, ask, askQty);
            lastThree.Update(bid, bidQty, ask, askQty);
        }

        // Per update: (7−5) − (3−4) = 3; 1 − 0 = 1 (bid improved); 0 − 2 = −2 (ask improved); 0 − 0 = 0 (both retreated).
        Assert.Multiple(() =>
        {
            Assert.That(whole.Value, Is.EqualTo(2).Within(1e-12));
            Assert.That(lastThree.Value, Is.EqualTo(-1).Within(1e-12));
        });
    }

    [Test]
    public void OrderFlowImbalance_FollowsContKukanovStoikov()
    {
        var whole = new OrderFlowImbalance(10);
        var lastThree = new OrderFlowImbalance(3);
        foreach (var (bid, bidQty, ask, askQty) in s_touches)
        {
            whole.Update(bid, bidQty, ask, askQty);
            lastThree.Update(bid, bidQty, ask, askQty);
        }

        // e per update: (7 − 5) + (−3 + 4) = 3; 1 + (−3 + 3) = 1; (1 − 1) − 2 = −2; −1 + 2 = 1.
        Assert.Multiple(() =>
        {
            Assert.That(whole.Value, Is.EqualTo(3).Within(1e-12));
            Assert.That(lastThree.Value, Is.EqualTo(0).Within(1e-12));
        });
    }

    [Test]
    public void TradeFlowImbalance_IsSignedVolumeOverTotal_InItsWindow()
    {
        var whole = new TradeFlowImbalance(10);
        var lastTwo = new TradeFlowImbalance(2);
        foreach (var (quantity, side) in new[] { (2.0, Side.Buy), (1.0, Side.Sell), (1.0, Side.Buy), (5.0, Side.Unspecified) })
        {
            whole.Update(quantity, side);
            lastTwo.Update(quantity, side);
        }

        Assert.Multiple(() =>
        {
            Assert.That(whole.Value, Is.EqualTo(0.5).Within(1e-12), "(2 − 1 + 1) / 4; the unsigned trade is skipped");
            Assert.That(lastTwo.Value, Is.EqualTo(0).Within(1e-12));
        });
    }

    [Test]
    public void BollingerBandWidth_OverOneMinuteCloses()
    {
        const long Minute = 60_000_000_000;
        var width = new BollingerBandWidth(3, 2);
        width.Update(99, 0);
        width.Update(100, Minute / 2);
        width.Update(102, Minute + 1);
        width.Update(104, (2 * Minute) + 1);
        var beforeThirdClose = width.IsReady;
        width.Update(90, (3 * Minute) + 1);

        // Closes 100, 102, 104: mean 102, population σ = √(8/3); width = 2·2·σ / 102.
        Assert.Multiple(() =>
        {
            Assert.That(beforeThirdClose, Is.False);
            Assert.That(width.IsReady, Is.True);
            Assert.That(width.Value, Is.EqualTo(4 * Math.Sqrt(8.0 / 3) / 102).Within(1e-12));
        });
    }

    [Test]
    public void BookFeatures_Imbalance_Microprice_AndReferenceMid()
    {
        var spec = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 2, 4);
        var venue = VenueId.Create("v");
        BookLevel Level(decimal price, decimal quantity) => new(new Price(price), new Quantity(quantity));
        var book = new OrderBook(spec);
        book.Apply(new BookSnapshot(venue, spec.Instrument, [Level(99.9m, 2), Level(99.8m, 3)], [Level(100.0m, 1), Level(100.1m, 4)], 1, 1));
        var reference = new OrderBook(spec);
        reference.Apply(new BookSnapshot(venue, spec.Instrument, [Level(100.0m, 1)], [Level(100.1m, 1)], 1, 1));

        Assert.Multiple(() =>
        {
            Assert.That(BookFeatures.Imbalance(book, [1, 2]), Is.EqualTo(((2.0 - 1) / 3 + 0) / 2).Within(1e-12), "depth 1: 1/3; depth 2: 0");
            Assert.That(BookFeatures.MicropriceOffsetBps(book), Is.EqualTo((((100.0 * 2) + (99.9 * 1)) / 3 - 99.95) / 99.95 * 10_000).Within(1e-9));
            Assert.That(BookFeatures.ReferenceMidDifferenceBps(book, reference), Is.EqualTo((100.05 - 99.95) / 99.95 * 10_000).Within(1e-9));
        });
    }
}
