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

    /// <summary>
    /// What a Binance market needs before its first signed call: the server clock's offset, and the account's order-count
    /// limits from <c>exchangeInfo</c>, kept from the first order on (<c>-1015</c> is never met).
    /// </summary>
    /// <param name="orders">The market's order entry.</param>
    /// <param name="venue">The venue's name, for messages.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The limits, for the log: <c>50 per 10 s, 160000 per 1440 min</c>.</returns>
    /// <exception cref="InvalidOperationException">Either could not be read; no order was sent.</exception>
    public static async Task<string> ReadClockAndOrderLimitsAsync(BinanceOrderEntryClient orders, string venue, CancellationToken cancellationToken)
    {
        var clock = await orders.SynchronizeClockAsync(cancellationToken).ConfigureAwait(false);
        if (!clock.IsSuccess)
        {
            throw new InvalidOperationException($"{venue}'s server time could not be read ({clock.Error}); no order was sent.");
        }

        var limits = await orders.ReadOrderRateLimitsAsync(cancellationToken).ConfigureAwait(false);
        if (!limits.IsSuccess)
        {
            throw new InvalidOperationException($"{venue}'s order limits could not be read from exchangeInfo ({limits.Error}); no order was sent.");
        }

        return string.Join(", ", limits.Value.Select(l => string.Create(
            System.Globalization.CultureInfo.InvariantCulture, $"{l.Limit} per {(l.Window.TotalMinutes >= 1 ? l.Window.TotalMinutes : l.Window.TotalSeconds)} {(l.Window.TotalMinutes >= 1 ? "min" : "s")}")));
    }
}
