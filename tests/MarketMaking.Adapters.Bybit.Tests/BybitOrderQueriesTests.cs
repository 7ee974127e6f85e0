using MarketMaking.Models;
using MarketMaking.Simulation.BybitProtocol;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Bybit.Tests;

/// <summary>The order queries reconciliation reads (<c>/v5/order/realtime</c>), against the Bybit-protocol simulator.</summary>
[NonParallelizable]
public sealed class BybitOrderQueriesTests
{
    private const string Key = "bybit-test-key";
    private const string Secret = "bybit-test-secret-0123456789";

    [TestCase(BybitCategory.Spot)]
    [TestCase(BybitCategory.Linear)]
    public async Task TheOpenOrders_AndAnEndedOrderById_AreReadAsTheVenueHoldsThem(BybitCategory category)
    {
        await using var server = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = category, ApiKey = Key, ApiSecret = Secret });
        var instrument = BybitSimulatorSetup.BtcUsdt;
        var options = new BybitTradingOptions { Category = category, RestBaseUrl = server.RestBaseUrl, ApiKey = Key, ApiSecret = Secret };
        options.Symbols.Add(instrument.Value);
        using var orders = new BybitOrderEntryClient(options, TimeProvider.System);
        var (bid, ask) = await server.ReadAsync(venue =>
        {
            var book = venue.Engines[instrument].Book;
            return (book.Spec.FromTicks(book.GetBid(0).PriceTicks).Value, book.Spec.FromTicks(book.GetAsk(0).PriceTicks).Value);
        });

        var resting = await orders.PlaceOrderAsync(PostOnly(instrument, Side.Buy, bid - 10m, "q-rest"));
        var canceled = await orders.PlaceOrderAsync(PostOnly(instrument, Side.Sell, ask + 10m, "q-cancel"));
        await orders.CancelOrderAsync(instrument, new OrderReference(canceled.Value!.VenueOrderId, null));
        var open = await orders.GetOpenOrdersAsync();
        var queried = await orders.QueryOrdersAsync([canceled.Value.VenueOrderId!.Value, VenueOrderId.Create("never-given")]);

        Assert.Multiple(() =>
        {
            Assert.That(open.IsSuccess, Is.True, open.Error?.ToString());
            Assert.That(
                open.Value.Select(o => (o.ClientOrderId!.Value.Value, o.Side, o.Status, o.Quantity.Value, o.LimitPrice!.Value.Value, o.PostOnly)),
                Is.EqualTo(new[] { ("q-rest", Side.Buy, OrderStatus.Accepted, 0.002m, bid - 10m, true) }));
            Assert.That(queried.IsSuccess, Is.True, queried.Error?.ToString());
            Assert.That(queried.Value.Select(o => (o.VenueOrderId, o.Status, o.FilledQuantity.Value)), Is.EqualTo(new[] { (canceled.Value.VenueOrderId!.Value, OrderStatus.Canceled, 0m) }), "an id the venue never gave is left out");
            Assert.That(resting.IsSuccess, Is.True);
        });
    }

    private static OrderRequest PostOnly(InstrumentId instrument, Side side, decimal price, string clientOrderId) =>
        new(instrument, side, OrderType.Limit, Quantity.Parse("0.002"), ClientOrderId.Create(clientOrderId)) { LimitPrice = new Price(price), PostOnly = true };
}
