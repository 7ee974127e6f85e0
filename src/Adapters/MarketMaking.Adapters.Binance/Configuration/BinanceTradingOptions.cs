using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Adapters.Binance;

/// <summary>Settings of <see cref="BinanceOrderEntryClient"/>: the market, its REST endpoint, the key and the request window.</summary>
/// <remarks>The key and its secret come from the environment or <c>.env</c>, never from a file in the repository; none of
/// them is ever logged.</remarks>
public sealed class BinanceTradingOptions
{
    /// <summary>Gets or sets the market.</summary>
    /// <value>Defaults to <see cref="BinanceMarket.Spot"/>.</value>
    public BinanceMarket Market { get; set; } = BinanceMarket.Spot;

    /// <summary>Gets or sets the REST base URL, or <see langword="null"/> for the market's (<see cref="BinanceVenue.RestBaseUrlOf"/>).</summary>
    public Uri? RestBaseUrl { get; set; }

    /// <summary>Gets or sets the WebSocket API URL (the spot user data stream), or <see langword="null"/> for the market's (<see cref="BinanceVenue.WebSocketApiUrlOf"/>).</summary>
    public Uri? WebSocketApiUrl { get; set; }

    /// <summary>Gets or sets the market streams' base URL (the futures user data stream's listen key is read there), or <see langword="null"/> for the market's (<see cref="BinanceVenue.StreamBaseUrlOf"/>).</summary>
    public Uri? StreamBaseUrl { get; set; }

    /// <summary>Gets or sets how often the futures listen key is kept alive; it lives 60 minutes without.</summary>
    /// <value>Defaults to 30 minutes.</value>
    public TimeSpan ListenKeyKeepAliveInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets the API key, sent as <c>X-MBX-APIKEY</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the HMAC-SHA256 secret; set it or <see cref="PrivateKeyPem"/>.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>Gets or sets the Ed25519 private key as PKCS#8 PEM (Binance's recommended key type); set it or <see cref="ApiSecret"/>.</summary>
    public string? PrivateKeyPem { get; set; }

    /// <summary>Gets or sets how long after its <c>timestamp</c> Binance may still execute a request, in ms.</summary>
    /// <value>Defaults to 5000 (Binance's default; at most 60000).</value>
    [Range(1, 60_000)]
    public int RecvWindowMilliseconds { get; set; } = 5000;

    /// <summary>Gets or sets how long to wait for an answer; an order request unanswered by then has an unknown outcome.</summary>
    /// <value>Defaults to 10 s.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets how long a new order waits for room under Binance's order-count limits (<c>ORDERS</c> per 10 s, per
    /// minute, per day; the client keeps nine tenths of each) before it is refused unsent. Defaults to 2 s.
    /// </summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets the symbols cancel-all covers beside every symbol ordered on (Binance cancels open orders per symbol).</summary>
    public IList<string> Symbols { get; } = [];
}
