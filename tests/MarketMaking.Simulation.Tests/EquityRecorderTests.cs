using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Simulation.Reporting;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Simulation.Tests;

/// <summary>The equity recorder's position statistics on a driven loop and a fake clock, worked out by hand.</summary>
public sealed class EquityRecorderTests
{
    private static readonly VenueId s_venue = VenueId.Create("sim");
    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");
    private static readonly AssetId s_btc = AssetId.Create("BTC");

    [Test]
    public async Task TheTimeWeightedPosition_WeighsEachPositionByHowLongItWasHeld_UpToTheLastEvent()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        await using var loop = new EngineLoop();
        loop.DriveFromCurrentThread();
        var books = new BookKeeper();
        books.Track(s_venue, InstrumentSpec.FromPrecision(s_btcUsd, 2, 4));
        using var oms = new OrderManager(loop.Sink, clock, new ClientOrderIdGenerator(1_700_000_000));
        using var inventory = new InventoryManager(oms, null, new PositionLimits(), books, clock, loop.Sink);
        inventory.Track(s_btcUsd, new AssetPair(s_btc, AssetId.Create("USD")));
        var equity = new EquityRecorder(oms, books, inventory, clock, s_venue, s_btcUsd, s_btc);
        loop.AddHandler(books);
        loop.AddHandler(oms);
        loop.AddHandler(inventory);
        loop.AddHandler(equity);

        // Flat for 10 s, long 2 for 30 s, long 0.5 for 20 s; a book event between, as a run has them.
        await PostAsync(loop, Book(clock));
        clock.Advance(TimeSpan.FromSeconds(10));
        await FillAsync(loop, oms, clock, "c-1", Side.Buy, 2m);
        clock.Advance(TimeSpan.FromSeconds(15));
        await PostAsync(loop, Book(clock));
        clock.Advance(TimeSpan.FromSeconds(15));
        await FillAsync(loop, oms, clock, "c-2", Side.Sell, 1.5m);
        clock.Advance(TimeSpan.FromSeconds(20));
        await PostAsync(loop, Book(clock));

        var statistics = equity.Statistics(placed: 2, filled: 2, volume: 3.5m, turnover: 350m);
        using (Assert.EnterMultipleScope())
        {
            // (0 × 10 + 2 × 30 + 0.5 × 20) / 60 = 70 / 60.
            Assert.That(statistics.TimeWeightedAbsolutePosition, Is.EqualTo(decimal.Round(70m / 60m, 8)));
            Assert.That(statistics.MaxAbsolutePosition, Is.EqualTo(2m));
        }
    }

    /// <summary>An order of ours, acknowledged, filled in full at 100 now.</summary>
    private static async Task FillAsync(EngineLoop loop, OrderManager oms, FakeTimeProvider clock, string clientId, Side side, decimal quantity)
    {
        var order = new OmsOrder(s_venue, ClientOrderId.Create(clientId), s_btcUsd, side, OrderType.Limit, new Quantity(quantity), 0);
        oms.Store.Add(order);
        oms.Store.SetVenueOrderId(order, VenueOrderId.Create($"O-{clientId}"));
        OrderLifecycle.Apply(order, OrderEventKind.SubmitAcknowledged, 0);
        oms.Store.Reindex(order);
        await PostAsync(loop, new FillEvent(s_venue, s_btcUsd, VenueOrderId.Create($"O-{clientId}"), TradeId.Create($"T-{clientId}"), side, new Price(100m), new Quantity(quantity), 0, clock.GetUnixNanoseconds())
        {
            ClientOrderId = order.ClientOrderId,
            OrderStatus = OrderStatus.Filled,
        });
    }

    private static BookSnapshot Book(FakeTimeProvider clock) =>
        new(s_venue, s_btcUsd, [new BookLevel(new Price(99m), new Quantity(1m))], [new BookLevel(new Price(101m), new Quantity(1m))], 0, clock.GetUnixNanoseconds());

    private static async Task PostAsync(EngineLoop loop, VenueEvent venueEvent)
    {
        await loop.Sink.PostAsync(venueEvent);
        loop.RunPending();
    }
}
