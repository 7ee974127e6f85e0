using MarketMaking.Adapters.Binance;
using MarketMaking.Models;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>The order-entry options of a Binance market the host trades on, from its settings section.</summary>
internal static class BinanceTrading
{
    /// <summary>The options: the URLs (Binance's when null), the key, and the symbols traded, whose open orders reconciliation reads.</summary>
    /// <param name="market">The market.</param>
    /// <param name="rest">The REST base URL.</param>
    /// <param name="streams">The market streams' base URL.</param>
    /// <param name="webSocketApi">The WebSocket API's URL.</param>
    /// <param name="apiKey">The API key.</param>
    /// <param name="apiSecret">The HMAC secret, unused when an Ed25519 key is given.</param>
    /// <param name="privateKeyPem">The Ed25519 key as PEM, or <see langword="null"/>.</param>
    /// <param name="symbols">The symbols traded.</param>
    /// <returns>The options.</returns>
    public static BinanceTradingOptions Options(
        BinanceMarket market, Uri? rest, Uri? streams, Uri? webSocketApi, string? apiKey, string? apiSecret, string? privateKeyPem, IReadOnlyList<InstrumentId> symbols)
    {
        var options = new BinanceTradingOptions
        {
            Market = market,
            RestBaseUrl = rest,
            StreamBaseUrl = streams,
            WebSocketApiUrl = webSocketApi,
            ApiKey = apiKey,

            // An Ed25519 key, when given, signs (or logs the connections on); the HMAC secret is then not used.
            ApiSecret = privateKeyPem is null ? apiSecret : null,
            PrivateKeyPem = privateKeyPem,
        };
        foreach (var instrument in symbols)
        {
            options.Symbols.Add(instrument.Value);
        }

        return options;
    }
}
