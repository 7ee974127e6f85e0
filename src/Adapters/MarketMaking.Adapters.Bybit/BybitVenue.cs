using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit;

/// <summary>Bybit's venue ids, endpoints and what its order entry supports, per category.</summary>
/// <remarks>Source: <see href="https://bybit-exchange.github.io/docs/v5/guide"/>, <see href="https://bybit-exchange.github.io/docs/v5/order/create-order"/>.</remarks>
public static class BybitVenue
{
    /// <summary>Gets Bybit spot's venue id.</summary>
    public static VenueId SpotId { get; } = VenueId.Create("bybit");

    /// <summary>Gets Bybit linear perpetuals' venue id.</summary>
    public static VenueId LinearId { get; } = VenueId.Create("bybit-linear");

    /// <summary>Gets Bybit's REST base URL (<c>https://api.bybit.com</c>).</summary>
    public static Uri RestBaseUrl { get; } = new("https://api.bybit.com");

    /// <summary>Gets the private stream's URL (<c>wss://stream.bybit.com/v5/private</c>), every category's.</summary>
    public static Uri PrivateWebSocketUrl { get; } = new("wss://stream.bybit.com/v5/private");

    /// <summary>Gets the trade stream's URL (<c>wss://stream.bybit.com/v5/trade</c>): order entry over the WebSocket, every category's.</summary>
    public static Uri TradeWebSocketUrl { get; } = new("wss://stream.bybit.com/v5/trade");

    /// <summary>Gets a category's venue id.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The id.</returns>
    public static VenueId IdOf(BybitCategory category) => category == BybitCategory.Spot ? SpotId : LinearId;

    /// <summary>Gets a category's public stream URL (<c>wss://stream.bybit.com/v5/public/spot</c> or <c>/linear</c>).</summary>
    /// <param name="category">The category.</param>
    /// <returns>The URL.</returns>
    public static Uri PublicWebSocketUrlOf(BybitCategory category) => new($"wss://stream.bybit.com/v5/public/{WireName(category)}");

    /// <summary>Gets a category as the <c>category</c> parameter writes it.</summary>
    /// <param name="category">The category.</param>
    /// <returns><c>spot</c> or <c>linear</c>.</returns>
    public static string WireName(BybitCategory category) => category == BybitCategory.Spot ? "spot" : "linear";

    /// <summary>Gets what a category's order entry supports: limit and market orders, GTC, IOC, FOK and post-only; amend; batches of 10 (spot) or 20 (linear); cancel-all; reduce-only on linear.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The capabilities.</returns>
    public static VenueCapabilities CapabilitiesOf(BybitCategory category) => new(
        [OrderType.Limit, OrderType.Market],
        [TimeInForce.GoodTillCanceled, TimeInForce.ImmediateOrCancel, TimeInForce.FillOrKill],
        VenueFeatures.Amend | VenueFeatures.BatchPlace | VenueFeatures.CancelAll | VenueFeatures.DeadManSwitch | VenueFeatures.ClientOrderIdAddressing | (category == BybitCategory.Linear ? VenueFeatures.ReduceOnly : 0))
    {
        MaxBatchSize = category == BybitCategory.Spot ? 10 : 20,
    };
}
