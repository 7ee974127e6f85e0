using MarketMaking.Models;

namespace MarketMaking.Adapters.Binance;

/// <summary>Binance's venue ids and each market's documented endpoints and rules.</summary>
/// <remarks>
/// Sources: spot <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/general-api-information"/>
/// and <see href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams"/>; USD-M
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams"/>; COIN-M
/// <see href="https://developers.binance.com/docs/derivatives/coin-margined-futures/websocket-market-streams"/>.
/// </remarks>
public static class BinanceVenue
{
    /// <summary>Gets the spot venue id, <c>binance</c>.</summary>
    public static VenueId SpotId { get; } = VenueId.Create("binance");

    /// <summary>Gets the USD-M futures venue id, <c>binance-usdm</c>.</summary>
    public static VenueId UsdMId { get; } = VenueId.Create("binance-usdm");

    /// <summary>Gets the COIN-M futures venue id, <c>binance-coinm</c>.</summary>
    public static VenueId CoinMId { get; } = VenueId.Create("binance-coinm");

    /// <summary>Gets a market's venue id.</summary>
    /// <param name="market">The market.</param>
    /// <returns>The id.</returns>
    public static VenueId IdOf(BinanceMarket market) => market switch
    {
        BinanceMarket.UsdM => UsdMId,
        BinanceMarket.CoinM => CoinMId,
        _ => SpotId,
    };

    /// <summary>Gets a market's REST base URL.</summary>
    /// <param name="market">The market.</param>
    /// <returns><c>https://api.binance.com</c>, <c>https://fapi.binance.com</c> or <c>https://dapi.binance.com</c>.</returns>
    public static Uri RestBaseUrlOf(BinanceMarket market) => market switch
    {
        BinanceMarket.UsdM => new Uri("https://fapi.binance.com"),
        BinanceMarket.CoinM => new Uri("https://dapi.binance.com"),
        _ => new Uri("https://api.binance.com"),
    };

    /// <summary>Gets a market's market-stream base URL (paths are added per stream).</summary>
    /// <param name="market">The market.</param>
    /// <returns><c>wss://stream.binance.com:9443</c>, <c>wss://fstream.binance.com</c> or <c>wss://dstream.binance.com</c>.</returns>
    public static Uri StreamBaseUrlOf(BinanceMarket market) => market switch
    {
        BinanceMarket.UsdM => new Uri("wss://fstream.binance.com"),
        BinanceMarket.CoinM => new Uri("wss://dstream.binance.com"),
        _ => new Uri("wss://stream.binance.com:9443"),
    };

    /// <summary>Gets a market's WebSocket API URL (order entry and, on spot, the user data stream).</summary>
    /// <param name="market">The market.</param>
    /// <returns><c>wss://ws-api.binance.com:443/ws-api/v3</c> on spot, <c>wss://ws-fapi.binance.com/ws-fapi/v1</c> on USD-M,
    /// <c>wss://ws-dapi.binance.com/ws-dapi/v1</c> on COIN-M.</returns>
    public static Uri WebSocketApiUrlOf(BinanceMarket market) => market switch
    {
        BinanceMarket.UsdM => new Uri("wss://ws-fapi.binance.com/ws-fapi/v1"),
        BinanceMarket.CoinM => new Uri("wss://ws-dapi.binance.com/ws-dapi/v1"),
        _ => new Uri("wss://ws-api.binance.com:443/ws-api/v3"),
    };
}
