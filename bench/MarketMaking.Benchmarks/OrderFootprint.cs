using System.Globalization;
using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Benchmarks;

/// <summary>
/// What a tracked order keeps alive: the heap after a full collection, with 100,000 orders in the store, each
/// acknowledged and filled once (its indexes, its ids, its first trade id), less the heap before, per order. The
/// allocation figure of <see cref="OmsBenchmark.TrackOneOrder"/> also counts what is thrown away (the fill event, the
/// indexes' growth). Run with <c>dotnet run -c Release --project bench/MarketMaking.Benchmarks -- --order-footprint</c>.
/// </summary>
internal static class OrderFootprint
{
    private const int Orders = 100_000;

    public static void Run()
    {
        var venue = VenueId.Create("kraken");
        var instrument = InstrumentId.Create("BTC/USD");
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var store = new OrderStore();
        for (var i = 0; i < Orders; i++)
        {
            // Ids as long as the OMS's and Kraken's: mm + run + counter, and Kraken's order and trade ids.
            var order = new OmsOrder(venue, ClientOrderId.Create($"mm0shxbqd{i:D7}"), instrument, Side.Buy, OrderType.Limit, new Quantity(0.002m), i) { LimitPrice = new Price(61_000.1m), Strategy = "market-maker", PostOnly = true };
            store.Add(order);
            store.SetVenueOrderId(order, VenueOrderId.Create($"O{i:D5}-ABCDE-FGHIJK"));
            OrderLifecycle.Apply(order, OrderEventKind.SubmitAcknowledged, i);
            OrderLifecycle.ApplyFill(order, new FillEvent(venue, instrument, order.VenueOrderId!.Value, TradeId.Create($"T{i:D5}-ABCDE-FGHIJK"), Side.Buy, new Price(61_000.1m), new Quantity(0.001m), i, i));
            store.Reindex(order);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(store);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Orders:N0} tracked orders, each acknowledged and filled once: {(after - before) / (double)Orders:N0} B per order kept alive"));
    }
}
