using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Testing;

namespace MarketMaking.Inventory.Tests;

/// <summary>The inventory stage in a simulated run: the engine harness with an inventory manager (and its hedger), and helpers that script fills.</summary>
internal sealed class InventoryRun : IAsyncDisposable
{
    public static readonly VenueId Kraken = VenueId.Create("kraken");
    public static readonly VenueId Mexc = VenueId.Create("mexc");
    public static readonly InstrumentSpec BtcUsd = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 1, 8);
    public static readonly InstrumentSpec BtcUsdt = InstrumentSpec.FromPrecision(InstrumentId.Create("BTCUSDT"), 2, 6);
    private int _trades;

    public InventoryRun(IHedgingPolicy? policy = null, HedgeOptions? hedgeOptions = null, PositionLimits? limits = null)
    {
        KrakenVenue = Engine.AddVenue(Kraken, BtcUsd);
        MexcVenue = Engine.AddVenue(Mexc, BtcUsdt);
        Inventory = new InventoryManager(Engine.Oms, policy, limits ?? new PositionLimits(), Engine.Books, Engine.Clock, Engine.Loop.Sink, hedgeOptions);
        Inventory.Track(BtcUsdt.Instrument, new AssetPair(AssetId.Create("BTC"), AssetId.Create("USDT")));
        Engine.AddHandler(Inventory);
        Engine.Start();
    }

    public EngineHarness Engine { get; } = new();

    public RecordingVenue KrakenVenue { get; }

    public RecordingVenue MexcVenue { get; }

    public InventoryManager Inventory { get; }

    /// <summary>Places a resting order for the quantity and fills it with one fill (a quote being hit).</summary>
    public async Task<OmsOrder> QuoteFillAsync(VenueId venue, InstrumentId instrument, Side side, decimal price, decimal quantity, decimal fee = 0m, AssetId? feeAsset = null)
    {
        var order = await Engine.SubmitAsync(new OrderIntent(venue, instrument, side, OrderType.Limit, new Quantity(quantity)) { LimitPrice = new Price(price), Strategy = "quotes" });
        await FillAsync(order, price, quantity, fee, feeAsset);
        return order;
    }

    /// <summary>Posts a fill of an order we have.</summary>
    public Task FillAsync(OmsOrder order, decimal price, decimal quantity, decimal fee = 0m, AssetId? feeAsset = null) =>
        Engine.PostAsync(new FillEvent(order.Venue, order.Instrument, order.VenueOrderId!.Value, TradeId.Create($"t-{Interlocked.Increment(ref _trades)}"), order.Side, new Price(price), new Quantity(quantity), 1, 1)
        {
            ClientOrderId = order.ClientOrderId,
            Fee = fee,
            FeeAsset = feeAsset,
        });

    /// <summary>Ends an order's life at the venue (an IOC's unfilled rest expiring, a cancel).</summary>
    public Task EndAsync(OmsOrder order, OrderStatus status) =>
        Engine.PostAsync(new OrderUpdate(order.Venue, order.VenueOrderId!.Value, status, 1, 1) { ClientOrderId = order.ClientOrderId });

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
