using MarketMaking.Models;

namespace MarketMaking.Models.Tests;

public sealed class InstrumentSpecTests
{
    private static InstrumentSpec CreateSut() => new(
        InstrumentId.Create("BTC/USD"),
        Price.Parse("0.5"),
        Quantity.Parse("0.0001"),
        pricePrecision: 1,
        sizePrecision: 8,
        minQuantity: Quantity.Parse("0.0001"),
        maxQuantity: Quantity.Parse("100"),
        minNotional: 5m);

    [TestCase("100.2", "100.0")]
    [TestCase("100.25", "100.5")]
    [TestCase("100.7", "100.5")]
    public void RoundToTick_Nearest(string price, string expected)
    {
        Assert.That(CreateSut().RoundToTick(Price.Parse(price)).ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void RoundDownAndUpToTick_ArePassiveForBidAndAsk()
    {
        var spec = CreateSut();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(spec.RoundDownToTick(Price.Parse("100.4")).ToString(), Is.EqualTo("100.0"));
            Assert.That(spec.RoundUpToTick(Price.Parse("100.1")).ToString(), Is.EqualTo("100.5"));
        }
    }

    [Test]
    public void RoundDownToLot_NeverRoundsUp()
    {
        Assert.That(CreateSut().RoundDownToLot(Quantity.Parse("0.12349")).ToString(), Is.EqualTo("0.12340000"));
    }

    [TestCase("100.5", "0.1", SpecViolation.None)]
    [TestCase("0", "0.1", SpecViolation.NonPositivePrice)]
    [TestCase("100.3", "0.1", SpecViolation.PriceOffTick)]
    [TestCase("100.5", "0", SpecViolation.ZeroQuantity)]
    [TestCase("100.5", "0.00015", SpecViolation.QuantityOffLot)]
    [TestCase("100.5", "101", SpecViolation.QuantityAboveMaximum)]
    [TestCase("10", "0.1", SpecViolation.NotionalBelowMinimum)]
    public void Validate_ReportsTheFirstRuleBroken(string price, string quantity, SpecViolation expected)
    {
        Assert.That(CreateSut().Validate(Price.Parse(price), Quantity.Parse(quantity)), Is.EqualTo(expected));
    }

    [Test]
    public void Ticks_RoundTripWithPrecisionDecimals()
    {
        var spec = CreateSut();
        var ticks = spec.ToTicks(Price.Parse("29430.5"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ticks, Is.EqualTo(58861));
            Assert.That(spec.TickSizeScaled, Is.EqualTo(5));
            Assert.That(spec.FromTicks(ticks).ToString(), Is.EqualTo("29430.5"));
            Assert.That(spec.TryToTicks(Price.Parse("29430.2"), out _), Is.False);
        }
    }

    [Test]
    public void Constructor_TickFinerThanPrecision_ThrowsNamingBoth()
    {
        Assert.That(
            () => new InstrumentSpec(InstrumentId.Create("X"), Price.Parse("0.05"), Quantity.Parse("1"), 1, 0),
            Throws.ArgumentException.With.Message.Contains("0.05").And.Message.Contains("1 decimals"));
    }
}
