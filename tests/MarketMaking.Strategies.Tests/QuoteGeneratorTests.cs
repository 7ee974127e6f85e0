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

    [Test]
    public void TicksAndLotsInDoubles_GiveTheGridsOfTheExactDecimalComputation_Over5000SeededRandomCases()
    {
        var random = new Random(20261203);
        for (var n = 0; n < 5_000; n++)
        {
            var pricePrecision = random.Next(0, 6);
            var sizePrecision = random.Next(0, 9);
            var spec = InstrumentSpec.FromPrecision(InstrumentId.Create("X/Y"), pricePrecision, sizePrecision);
            var midTicks = random.NextInt64(10, 100_000_000);
            var mid = new Price(FixedPoint.ToDecimal(midTicks, pricePrecision) + (random.Next(2) == 0 ? 0 : spec.TickSize.Value / 2));
            var parameters = s_base with
            {
                SpreadBps = 0.5 + Math.Round(random.NextDouble() * 40, random.Next(0, 3)),
                OrdersPerSide = random.Next(1, 12),
                FinalOrderDistanceBps = Math.Round(random.NextDouble() * 200, random.Next(0, 3)),
                MinOrderSize = FixedPoint.ToDecimal(random.Next(0, 5_000), random.Next(0, 6)),
                MaxOrderSize = FixedPoint.ToDecimal(random.Next(0, 9_000), random.Next(0, 6)),
                PriceOffset = random.Next(4) == 0 ? FixedPoint.ToDecimal(random.Next(-50, 50), random.Next(0, 4)) : 0m,
                SizeOffset = random.Next(4) == 0 ? FixedPoint.ToDecimal(random.Next(-5, 5), 3) : 0m,
                VolatilityOffsetBps = random.Next(4) == 0 ? random.Next(0, 10) : 0,
            };
            var signal = Math.Round((random.NextDouble() * 2) - 1, 3);
            var position = FixedPoint.ToDecimal(random.Next(-60, 60), 3);
            var bandWidth = random.Next(3) == 0 ? 0 : Math.Round(random.NextDouble() * 100, 2);

            var grid = QuoteGenerator.Generate(spec, mid, signal, position, bandWidth, parameters);
            var (bids, asks) = DecimalModel(spec, mid, signal, position, bandWidth, parameters);

            Assert.That((Levels(grid.Bids), Levels(grid.Asks)), Is.EqualTo((Levels(bids), Levels(asks))), $"case {n}: {spec}, mid {mid}, {parameters}");
        }
    }

    /// <summary>The grid computed in decimals from the remarks' formulas, rounding with the spec's own methods: the exact model the fast path must match.</summary>
    private static (BookLevel[] Bids, BookLevel[] Asks) DecimalModel(InstrumentSpec spec, Price mid, double signal, decimal position, double bandWidthBps, QuoteParameters p)
    {
        var multiplier = Math.Clamp(bandWidthBps / p.SpreadBps, 1, QuoteGenerator.MaxSpreadMultiplier);
        var half = ((p.SpreadBps * multiplier) + p.VolatilityOffsetBps) / 2;
        var delta = p.MaxPosition > 0 ? Math.Clamp((double)(position / p.MaxPosition), -1, 1) : 0;
        var skew = QuoteGenerator.Skew(Math.Clamp(signal, -1, 1), delta, p);
        return (
            delta <= p.InventoryExtreme ? Side(half * (1 - (skew / 2)), isBid: true) : [],
            delta >= -p.InventoryExtreme ? Side(half * (1 + (skew / 2)), isBid: false) : []);

        BookLevel[] Side(double nearestBps, bool isBid)
        {
            var count = p.OrdersPerSide;
            var farthest = Math.Max(p.FinalOrderDistanceBps, nearestBps);
            var levels = new List<BookLevel>();
            for (var i = 0; i < count; i++)
            {
                var fraction = count == 1 ? 0 : (double)i / (count - 1);
                var distance = nearestBps + ((farthest - nearestBps) * fraction);
                // A price within the documented margin of a whole tick counts as on it.
                var rawTicks = ((mid.Value * (1 + ((isBid ? -1 : 1) * (decimal)distance / 10_000m))) + p.PriceOffset) / spec.TickSize.Value;
                var margin = (decimal)(1e-9 + ((double)((mid.Value + Math.Abs(p.PriceOffset)) / spec.TickSize.Value) * 4e-15));
                var price = spec.FromTicks((long)(isBid ? decimal.Floor(rawTicks + margin) : decimal.Ceiling(rawTicks - margin)));
                // The size ramp exactly: the step times i over (count − 1), not times a rounded fraction (0.333… × 16.434
                // is a lot short of 5.478).
                var ramp = count == 1 ? 0 : (p.MaxOrderSize - p.MinOrderSize) * i / (count - 1);
                var quantity = spec.RoundDownToLot(new Quantity(Math.Max(0, p.MinOrderSize + ramp + p.SizeOffset)));
                if (quantity.Value > 0 && price.Value > 0)
                {
                    levels.Add(new BookLevel(price, quantity));
                }
            }

            return [.. levels];
        }
    }
}
