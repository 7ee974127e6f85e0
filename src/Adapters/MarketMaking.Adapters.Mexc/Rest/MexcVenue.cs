using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc;

/// <summary>MEXC Spot's identity and what the adapter supports there.</summary>
public static class MexcVenue
{
    /// <summary>Gets the spot venue id, <c>mexc</c>.</summary>
    public static VenueId SpotId { get; } = VenueId.Create("mexc");

    /// <summary>Gets the futures venue id, <c>mexc-futures</c>.</summary>
    public static VenueId FuturesId { get; } = VenueId.Create("mexc-futures");

    /// <summary>
    /// Gets the spot capabilities: limit and market orders; GTC, IOC and FOK (sent as MEXC order types); post-only
    /// (<c>LIMIT_MAKER</c>); batches of 20; cancel all by symbol; validate-only (<c>/api/v3/order/test</c>); orders
    /// addressed by client order id. No amend, no dead-man switch, no order entry over the WebSocket.
    /// </summary>
    public static VenueCapabilities SpotCapabilities { get; } = new(
        [OrderType.Limit, OrderType.Market],
        [TimeInForce.GoodTillCanceled, TimeInForce.ImmediateOrCancel, TimeInForce.FillOrKill],
        VenueFeatures.BatchPlace | VenueFeatures.CancelAll | VenueFeatures.ValidateOnly | VenueFeatures.ClientOrderIdAddressing)
    {
        BookDepths = [5, 10, 20, 50, 100, 500, 1000, 5000],
        MaxBatchSize = 20,
    };
}
