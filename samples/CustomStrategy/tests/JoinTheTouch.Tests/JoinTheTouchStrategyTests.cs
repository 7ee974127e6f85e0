using JoinTheTouch;
using MarketMaking.Models;
using NUnit.Framework;

namespace JoinTheTouch.Tests;

public sealed class JoinTheTouchStrategyTests
{
    private static readonly InstrumentSpec s_spec = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USDT"), 2, 8);
    private static readonly Price s_bid = new(61_000.00m);
    private static readonly Price s_ask = new(61_000.10m);

    [Test]
    public void Flat_JoinsBothSidesOfTheTouch()
    {
        var grid = JoinTheTouchStrategy.Quotes(s_spec, s_bid, s_ask, position: 0m, quoteSize: 0.001m, inventoryCap: 0.005m);

        Assert.Multiple(() =>
        {
            Assert.That(grid.Bids.Single(), Is.EqualTo(new BookLevel(s_bid, new Quantity(0.001m))));
            Assert.That(grid.Asks.Single(), Is.EqualTo(new BookLevel(s_ask, new Quantity(0.001m))));
        });
    }

    [Test]
    public void NearTheCap_BuysOnlyWhatIsLeft_AndAtTheCapStopsBuying()
    {
        var near = JoinTheTouchStrategy.Quotes(s_spec, s_bid, s_ask, position: 0.0045m, quoteSize: 0.001m, inventoryCap: 0.005m);
        var at = JoinTheTouchStrategy.Quotes(s_spec, s_bid, s_ask, position: 0.005m, quoteSize: 0.001m, inventoryCap: 0.005m);

        Assert.Multiple(() =>
        {
            Assert.That(near.Bids.Single().Quantity, Is.EqualTo(new Quantity(0.0005m)));
            Assert.That(at.Bids, Is.Empty, "long the cap: no bid");
            Assert.That(at.Asks.Single().Quantity, Is.EqualTo(new Quantity(0.001m)), "still sells");
        });
    }

    [Test]
    public void ShortTheCap_StopsSelling()
    {
        var grid = JoinTheTouchStrategy.Quotes(s_spec, s_bid, s_ask, position: -0.005m, quoteSize: 0.001m, inventoryCap: 0.005m);

        Assert.Multiple(() =>
        {
            Assert.That(grid.Asks, Is.Empty);
            Assert.That(grid.Bids.Single().Quantity, Is.EqualTo(new Quantity(0.001m)));
        });
    }
}
