using MarketMaking.Models;

namespace MarketMaking.Strategies.Tests;

/// <summary>Quote grids for given books, inventories and volatilities, against grids worked out by hand.</summary>
public sealed class QuoteGeneratorTests
{
    private static readonly InstrumentSpec s_spec = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 2, 3);
    private static readonly Price s_mid = new(100.00m);

    private static readonly QuoteParameters s_base = new()
    {
        SpreadBps = 10,
        OrdersPerSide = 3,
        FinalOrderDistanceBps = 50,
        MinOrderSize = 0.010m,
        MaxOrderSize = 0.030m,
        MaxPosition = 0.05m,
        InventoryExtreme = 0.8,
    };

    private static (decimal, decimal)[] Levels(IEnumerable<BookLevel> levels) => [.. levels.Select(l => (l.Price.Value, l.Quantity.Value))];

    [Test]
    public void Neutral_GridIsSymmetric_OnTickAndLot_WithSizesRamping()
    {
        var grid = QuoteGenerator.Generate(s_spec, s_mid, signal: 0, position: 0, bandWidthBps: 0, s_base);

        // Half spread 5 bps; distances 5, 27.5, 50 bps; bids round down and asks up to the cent.
        Assert.Multiple(() =>
        {
            Assert.That(Levels(grid.Bids), Is.EqualTo(new[] { (99.95m, 0.010m), (99.72m, 0.020m), (99.50m, 0.030m) }));
            Assert.That(Levels(grid.Asks), Is.EqualTo(new[] { (100.05m, 0.010m), (100.28m, 0.020m), (100.50m, 0.030m) }));
            Assert.That(grid.Skew, Is.Zero);
            Assert.That(grid.SpreadMultiplier, Is.EqualTo(1));
        });
    }

    [TestCase(0, 1, 99.95, 100.05)]
    [TestCase(30, 3, 99.85, 100.15)]
    [TestCase(500, 10, 99.50, 100.50)]
    public void Volatility_ScalesTheSpread_CappedAtTenTimes(double bandWidthBps, double multiplier, decimal nearestBid, decimal nearestAsk)
    {
        var grid = QuoteGenerator.Generate(s_spec, s_mid, 0, 0, bandWidthBps, s_base);

        Assert.Multiple(() =>
        {
            Assert.That(grid.SpreadMultiplier, Is.EqualTo(multiplier));
            Assert.That(grid.Bids[0].Price.Value, Is.EqualTo(nearestBid));
            Assert.That(grid.Asks[0].Price.Value, Is.EqualTo(nearestAsk));
        });
    }

    [Test]
    public void MeanReverting_LongInventory_SkewsBothQuotesDown()
    {
        // Δ = 0.25, f = 0.5: skew = 0·(1 − 0.5) − 0.63·0.5 = −0.315; bid at 5·1.1575 bps, ask at 5·0.8425 bps.
        var grid = QuoteGenerator.Generate(s_spec, s_mid, 0, 0.0125m, 0, s_base);

        Assert.Multiple(() =>
        {
            Assert.That(grid.Skew, Is.EqualTo(-0.315).Within(1e-12));
            Assert.That(grid.Bids[0].Price.Value, Is.EqualTo(99.94m));
            Assert.That(grid.Asks[0].Price.Value, Is.EqualTo(100.05m));
        });
    }

    [Test]
    public void TrendFollowing_InventoryAlignedWithTheSignal_LeansFurtherIn_AndAgainstItLeansOut()
    {
        var trend = s_base with { InventoryMode = InventoryMode.TrendFollowing, InventorySkewFactor = 0.5 };

        // Δ = 0.25, f = 0.5; signal +0.4: a = 0.2, skew = 0.4·1.2 + 0.5·0.5 = 0.73. Signal −0.4: −0.48 − 0.25 = −0.73.
        var aligned = QuoteGenerator.Generate(s_spec, s_mid, 0.4, 0.0125m, 0, trend);
        var against = QuoteGenerator.Generate(s_spec, s_mid, -0.4, 0.0125m, 0, trend);

        Assert.Multiple(() =>
        {
            Assert.That(aligned.Skew, Is.EqualTo(0.73).Within(1e-12));
            Assert.That(aligned.Bids[0].Price.Value, Is.EqualTo(99.96m), "bid 3.175 bps away: keeps buying with the trend");
            Assert.That(aligned.Asks[0].Price.Value, Is.EqualTo(100.07m));
            Assert.That(against.Skew, Is.EqualTo(-0.73).Within(1e-12), "long against a falling signal: sell");
        });
    }

    [TestCase(0.045, false, true)]
    [TestCase(-0.045, true, false)]
    [TestCase(0.03, true, true)]
    public void BeyondInventoryExtreme_OnlyTheReducingSideIsQuoted(decimal position, bool bids, bool asks)
    {
        var grid = QuoteGenerator.Generate(s_spec, s_mid, 0, position, 0, s_base);

        Assert.Multiple(() =>
        {
            Assert.That(grid.Bids.IsEmpty, Is.EqualTo(!bids));
            Assert.That(grid.Asks.IsEmpty, Is.EqualTo(!asks));
        });
    }

    [Test]
    public void Offsets_MovePricesAndSizes_AndEverythingStaysOnTickAndLot()
    {
        var grid = QuoteGenerator.Generate(s_spec, s_mid, 0.1, 0.003m, 17, s_base with { PriceOffset = 0.02m, SizeOffset = 0.0015m });

        Assert.Multiple(() =>
        {
            Assert.That(grid.Bids.Concat(grid.Asks).Select(l => s_spec.ValidatePrice(l.Price)), Has.All.EqualTo(SpecViolation.None));
            Assert.That(grid.Bids.Concat(grid.Asks).Select(l => l.Quantity.Value % 0.001m), Has.All.EqualTo(0m));
            Assert.That(grid.Bids[0].Quantity.Value, Is.EqualTo(0.011m), "0.010 + 0.0015 rounded down to the lot");
            Assert.That(grid.Asks.Select(l => l.Price.Value), Is.Ordered.Ascending);
            Assert.That(grid.Bids.Select(l => l.Price.Value), Is.Ordered.Descending);
        });
    }

    [Test]
    public void Generate_KeepsThePreviousGrid_WhenItsLevelsAreTheOnesWanted_AndBuildsANewOneWhenTheyMove()
    {
        var first = QuoteGenerator.Generate(s_spec, s_mid, 0.1, 0, 0, s_base, previous: null);
        var again = QuoteGenerator.Generate(s_spec, s_mid, 0.1, 0, 0, s_base, first);
        var moved = QuoteGenerator.Generate(s_spec, new Price(100.50m), 0.1, 0, 0, s_base, first);

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.SameAs(first), "nothing to build: requoting an unchanged market allocates no grid");
            Assert.That(moved, Is.Not.SameAs(first));
            Assert.That(moved.Bids, Is.EqualTo(QuoteGenerator.Generate(s_spec, new Price(100.50m), 0.1, 0, 0, s_base).Bids));
            Assert.That(first.Bids, Is.EqualTo(QuoteGenerator.Generate(s_spec, s_mid, 0.1, 0, 0, s_base).Bids));
            Assert.That(first.Asks, Has.Length.EqualTo(3));
        });
    }
}
