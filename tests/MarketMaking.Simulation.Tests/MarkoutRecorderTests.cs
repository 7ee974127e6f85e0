using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Simulation.Reporting;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Simulation.Tests;

/// <summary>A fill marked to its book's mid at each horizon, on a driven loop and a fake clock, worked out by hand.</summary>
public sealed class MarkoutRecorderTests
{
    private static readonly VenueId s_venue = VenueId.Create("sim");
    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");

    [Test]
    public async Task AFill_IsMarkedToTheMidInForceAtEachHorizon_AndAHorizonTheRunDidNotReachIsLeftOut()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        await using var loop = new EngineLoop();
        loop.DriveFromCurrentThread();
        var books = new BookKeeper();
        books.Track(s_venue, InstrumentSpec.FromPrecision(s_btcUsd, 2, 4));
        using var oms = new OrderManager(loop.Sink, clock, new ClientOrderIdGenerator(1_700_000_000));
        var order = new OmsOrder(s_venue, ClientOrderId.Create("c-1"), s_btcUsd, Side.Buy, OrderType.Limit, new Quantity(2m), 0);
        oms.Store.Add(order);
        oms.Store.SetVenueOrderId(order, VenueOrderId.Create("O-1"));
        OrderLifecycle.Apply(order, OrderEventKind.SubmitAcknowledged, 0);
        var markouts = new MarkoutRecorder(oms, books, clock);
        loop.AddHandler(books);
        loop.AddHandler(oms);
        loop.AddHandler(markouts);

        // t = 0: mid 100, and we buy 2 at 99.
        await PostAsync(loop, Book(99m, 101m, clock));
        await PostAsync(loop, new FillEvent(s_venue, s_btcUsd, VenueOrderId.Create("O-1"), TradeId.Create("T-1"), Side.Buy, new Price(99m), new Quantity(2m), 0, clock.GetUnixNanoseconds()) { OrderStatus = OrderStatus.Filled });

        // t = 50 ms: mid 102, in force at 100 ms and 1 s. t = 1.5 s: mid 98, in force at 5 s and 30 s (read at t = 40 s).
        clock.Advance(TimeSpan.FromMilliseconds(50));
        await PostAsync(loop, Book(101m, 103m, clock));
        clock.Advance(TimeSpan.FromMilliseconds(1_450));
        await PostAsync(loop, Book(97m, 99m, clock));
        clock.Advance(TimeSpan.FromSeconds(38.5));
        await PostAsync(loop, Book(97m, 99m, clock));

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

    private static BookSnapshot Book(decimal bid, decimal ask, FakeTimeProvider clock) =>
        new(s_venue, s_btcUsd, [new BookLevel(new Price(bid), new Quantity(1m))], [new BookLevel(new Price(ask), new Quantity(1m))], 0, clock.GetUnixNanoseconds());

    private static async Task PostAsync(EngineLoop loop, VenueEvent venueEvent)
    {
        await loop.Sink.PostAsync(venueEvent);
        loop.RunPending();
    }
}
