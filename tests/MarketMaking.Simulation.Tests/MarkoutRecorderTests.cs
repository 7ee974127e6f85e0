using MarketMaking.Models;
using MarketMaking.Simulation.Reporting;

namespace MarketMaking.Simulation.Tests;

/// <summary>A fill marked to its book's mid at each horizon, on a driven loop and a fake clock, worked out by hand.</summary>
public sealed class MarkoutRecorderTests
{
    [Test]
    public async Task AFill_IsMarkedToTheMidInForceAtEachHorizon_AndAHorizonTheRunDidNotReachIsLeftOut()
    {
        await using var kernel = new DrivenKernel();
        var order = kernel.AcknowledgedOrder("c-1", Side.Buy, 2m);
        var markouts = new MarkoutRecorder(kernel.Oms, kernel.Books, kernel.Clock);
        kernel.Loop.AddHandler(markouts);

        // t = 0: mid 100, and we buy 2 at 99.
        await kernel.PostAsync(kernel.Book(99m, 101m));
        await kernel.PostAsync(kernel.Fill(order, 99m, "T-1"));

        // t = 50 ms: mid 102, in force at 100 ms and 1 s. t = 1.5 s: mid 98, in force at 5 s and 30 s (read at t = 40 s).
        kernel.Clock.Advance(TimeSpan.FromMilliseconds(50));
        await kernel.PostAsync(kernel.Book(101m, 103m));
        kernel.Clock.Advance(TimeSpan.FromMilliseconds(1_450));
        await kernel.PostAsync(kernel.Book(97m, 99m));
        kernel.Clock.Advance(TimeSpan.FromSeconds(38.5));
        await kernel.PostAsync(kernel.Book(97m, 99m));

        var buys = markouts.Summaries().Where(m => m.Side == Side.Buy).ToDictionary(m => m.HorizonMilliseconds);
        using (Assert.EnterMultipleScope())
        {
            // ±(mid − price) × quantity and (mid − price) / price × 10,000.
            Assert.That((buys[0].Fills, buys[0].Total, buys[0].MeanBps), Is.EqualTo((1, 2m, decimal.Round(1m / 99m * 10_000m, 4))), "at the fill: mid 100");
            Assert.That((buys[100].Total, buys[100].MeanBps), Is.EqualTo((6m, decimal.Round(3m / 99m * 10_000m, 4))), "100 ms: mid 102");
            Assert.That(buys[1_000].Total, Is.EqualTo(6m), "1 s: mid 102 (the 98 came at 1.5 s)");
            Assert.That((buys[5_000].Total, buys[5_000].MeanBps), Is.EqualTo((-2m, decimal.Round(-1m / 99m * 10_000m, 4))), "5 s: mid 98");
            Assert.That(buys[30_000].Total, Is.EqualTo(-2m), "30 s: mid 98");
            Assert.That(buys[60_000].Fills, Is.Zero, "the run ended at 40 s: 60 s not reached");
            Assert.That(markouts.Summaries().Where(m => m.Side == Side.Sell), Has.All.Property(nameof(MarkoutSummary.Fills)).Zero);
        }
    }
}
