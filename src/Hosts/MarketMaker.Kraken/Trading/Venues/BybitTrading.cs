using MarketMaking.Adapters.Bybit;
using MarketMaking.Models;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>What the host's Bybit venues (spot and linear) share: the adapter's trading options from their sections.</summary>
internal static class BybitTrading
{
    /// <summary>The trading options of a Bybit category, from its section's URLs, keys and order rate.</summary>
    /// <param name="category">Spot or linear.</param>
    /// <param name="rest">The REST base URL, or <see langword="null"/> for Bybit's.</param>
    /// <param name="privateStream">The private stream's URL, or <see langword="null"/> for Bybit's.</param>
    /// <param name="tradeStream">The trade stream's URL, or <see langword="null"/> for Bybit's.</param>
    /// <param name="apiKey">The API key.</param>
    /// <param name="apiSecret">The API secret (HMAC-SHA256).</param>
    /// <param name="orderRequestsPerSecond">The order requests a second per endpoint, or <see langword="null"/> for Bybit's.</param>
    /// <param name="symbols">The symbols traded.</param>
    /// <param name="disconnectProtection">Whether every open order is canceled once the private stream is lost (linear).</param>
    /// <returns>The options.</returns>
    public static BybitTradingOptions Options(
        BybitCategory category, Uri? rest, Uri? privateStream, Uri? tradeStream, string? apiKey, string? apiSecret, int? orderRequestsPerSecond, IReadOnlyList<InstrumentId> symbols, bool disconnectProtection = false)
    {
        var options = new BybitTradingOptions
        {
            Category = category,
            RestBaseUrl = rest,
            PrivateWebSocketUrl = privateStream,
            TradeWebSocketUrl = tradeStream,
            DisconnectProtection = disconnectProtection,
            ApiKey = apiKey,
            ApiSecret = apiSecret,
            OrderRequestsPerSecond = orderRequestsPerSecond,
        };
        foreach (var instrument in symbols)
        {
            options.Symbols.Add(instrument.Value);
        }

        return options;
    }
}
