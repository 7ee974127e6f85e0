using MarketMaking.Models;
using NUnit.Framework;

namespace MyStrategy.Tests;

public sealed class MyStrategyClassStrategyTests
{
    [Test]
    public void Quotes_SitTheGivenBpsAroundTheMid_OnTick()
    {
        var spec = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USDT"), 2, 8);

        var grid = MyStrategyClassStrategy.Quotes(spec, new Price(60_000m), size: 0.001m, halfSpreadBps: 5m);

        Assert.Multiple(() =>
        {
            Assert.That(grid.Bids.Single().Price, Is.EqualTo(new Price(59_970.00m)), "60,000 − 5 bps");
            Assert.That(grid.Asks.Single().Price, Is.EqualTo(new Price(60_030.00m)), "60,000 + 5 bps");
            Assert.That(grid.Bids.Single().Quantity, Is.EqualTo(new Quantity(0.001m)));
        });
    }
}
