using MarketMaking.Models;
using MarketMaking.Simulation.Accounts;
using MarketMaking.Simulation.Matching;

namespace MarketMaking.Simulation.Tests;

/// <summary>
/// Each queue model on one hand-built sequence, through the matching engine: a buy of 1 BTC joins behind 3 BTC at 99.8;
/// 4 BTC join behind it (level 7); 2 BTC are canceled (level 5); 4 more are canceled (level 1); then three sells of
/// 0.5 BTC print at 99.8. The quantity ahead after each cancellation and the print that first fills the order are worked
/// out by hand below from each model's published definition (hftbacktest's queue models: risk-averse, and
/// <c>p = f(back)/(f(back)+f(front))</c>, <c>front' = front − (1−p)Δ + min(back − pΔ, 0)</c>).
/// </summary>
public sealed class QueueModelTests
{
    private const string Account = "acct";
    private const double LotsPerBtc = 10_000;
    private static readonly VenueId s_venue = VenueId.Create("sim");
    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");

    /// <summary>The hand computations, in BTC: ahead after the first cancellation, after the second, and the print (1 to 3) that first fills.</summary>
    private static IEnumerable<TestCaseData> Cases()
    {
        // Risk-averse: cancellations are behind us until the level is smaller than what is ahead: 3, then min(3, 1) = 1;
        // the prints take 0.5 and 0.5 of the 1 ahead, and the third fills.
        yield return new TestCaseData(RiskAverseQueueModel.Instance, 3.0, 1.0, 3).SetName("RiskAverse");

        // f(x) = x. First: front 3, back 7 − 3 = 4, p = 4/7, front' = 3 − (3/7)·2 = 15/7 (back − pΔ = 4 − 8/7 > 0).
        // Second: front 15/7, back 5 − 15/7 = 20/7, p = (20/7)/5 = 4/7, front' = 15/7 − (3/7)·4 = 3/7, under 0.5: print 1.
        yield return new TestCaseData(PowerQueueModel.Linear, 15.0 / 7, 3.0 / 7, 1).SetName("Power1");

        // f(x) = x². First: p = 16/(16 + 9) = 16/25, front' = 3 − (9/25)·2 = 2.28.
        // Second: back = 5 − 2.28 = 2.72, p = 2.72²/(2.72² + 2.28²), front' = 2.28 − (1 − p)·4 (2.72 − 4p < 0: the excess
        // comes from the front too) + (2.72 − 4p) = 0.629…, over 0.5: print 1 leaves 0.129…, print 2 fills.
        var p2 = (2.72 * 2.72) / ((2.72 * 2.72) + (2.28 * 2.28));
        yield return new TestCaseData(new PowerQueueModel(2), 2.28, 2.28 - ((1 - p2) * 4) + Math.Min(2.72 - (p2 * 4), 0), 2).SetName("Power2");

        // f(x) = log(1 + x). First: p = ln 5 / (ln 5 + ln 4), front' = 3 − (1 − p)·2.
        // Second: back = 5 − front, p = ln(1 + back)/(ln(1 + back) + ln(1 + front)), front'' = front − (1 − p)·4 + min(back − 4p, 0).
        var first = 3 - ((1 - (Math.Log(5) / (Math.Log(5) + Math.Log(4)))) * 2);
        var back = 5 - first;
        var p = Math.Log(1 + back) / (Math.Log(1 + back) + Math.Log(1 + first));
        yield return new TestCaseData(LogQueueModel.Instance, first, first - ((1 - p) * 4) + Math.Min(back - (p * 4), 0), 1).SetName("Log");
    }

    [TestCaseSource(nameof(Cases))]
    public void TheHandWorkedSequence_GivesTheHandWorkedQueueAndFillTime(IQueueModel model, double aheadAfterFirstCancel, double aheadAfterSecondCancel, int fillingPrint)
    {
        var events = new List<VenueEvent>();
        var account = new SimulatedAccount(Account, new Dictionary<AssetId, decimal> { [AssetId.Create("BTC")] = 10m, [AssetId.Create("USD")] = 1_000_000m });
        var engine = new MatchingEngine(
            s_venue, new DirectBookSynchronizer(new OrderBook(InstrumentSpec.FromPrecision(s_btcUsd, 1, 4))), AssetId.Create("BTC"), AssetId.Create("USD"),
            new FeeSchedule(), id => id == Account ? account : null, new SimulatedIds(), events.Add, model);
        engine.OnMarketData(new BookSnapshot(s_venue, s_btcUsd, [Level(99.9m, 2), Level(99.8m, 3)], [Level(100.0m, 1)], 1, 1), 1);
        var ack = engine.Place(new OrderRequest(s_btcUsd, Side.Buy, OrderType.Limit, new Quantity(1m), ClientOrderId.Create("q-1")) { LimitPrice = new Price(99.8m) }, Account, 2);
        var order = engine.Find(ack.Value!.VenueOrderId!.Value)!;

        BidAt(engine, 7m, 3);
        BidAt(engine, 5m, 4);
        var afterFirst = order.QueueAheadLots / LotsPerBtc;
        BidAt(engine, 1m, 5);
        var afterSecond = order.QueueAheadLots / LotsPerBtc;
        var filledAt = 0;
        for (var print = 1; print <= 3 && filledAt == 0; print++)
        {
            engine.OnMarketData(new Trade(s_venue, s_btcUsd, new Price(99.8m), new Quantity(0.5m), Side.Sell, TradeId.Create($"t-{print}"), 5 + print, 5 + print), 5 + print);
            filledAt = order.FilledLots > 0 ? print : 0;
        }

        Assert.Multiple(() =>
        {
            Assert.That(model.Name, Is.Not.Empty);
            Assert.That(afterFirst, Is.EqualTo(aheadAfterFirstCancel).Within(1e-9), "ahead after 2 of 7 canceled");
            Assert.That(afterSecond, Is.EqualTo(aheadAfterSecondCancel).Within(1e-9), "ahead after 4 of 5 canceled");
            Assert.That(filledAt, Is.EqualTo(fillingPrint), "the print that first fills");
            Assert.That(events.OfType<FillEvent>().First().Liquidity, Is.EqualTo(LiquiditySide.Maker));
        });
    }

    [Test]
    public void APowerModelNeedsAPositiveExponent()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new PowerQueueModel(0));
        Assert.That(exception!.Message, Does.StartWith("The exponent must be a positive number."));
    }

    private static void BidAt(MatchingEngine engine, decimal quantity, long time) =>
        engine.OnMarketData(new BookDelta(s_venue, s_btcUsd, [Level(99.8m, quantity)], [], time, time), time);

    private static BookLevel Level(decimal price, decimal quantity) => new(new Price(price), new Quantity(quantity));
}
