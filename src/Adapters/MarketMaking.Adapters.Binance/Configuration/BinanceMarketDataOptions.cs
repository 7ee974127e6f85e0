using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Adapters.Binance;

/// <summary>Settings of <see cref="BinanceMarketDataClient"/>: which market, its endpoints, the depth stream and the connections.</summary>
public sealed class BinanceMarketDataOptions
{
    /// <summary>Gets or sets the market.</summary>
    /// <value>Defaults to <see cref="BinanceMarket.Spot"/>.</value>
    public BinanceMarket Market { get; set; } = BinanceMarket.Spot;

    /// <summary>Gets or sets the REST base URL, or <see langword="null"/> for the market's (<see cref="BinanceVenue.RestBaseUrlOf"/>).</summary>
    public Uri? RestBaseUrl { get; set; }

    /// <summary>Gets or sets the market streams' base URL, or <see langword="null"/> for the market's (<see cref="BinanceVenue.StreamBaseUrlOf"/>).</summary>
    public Uri? StreamBaseUrl { get; set; }

    /// <summary>Gets or sets the diff-depth stream's update speed in ms: 100 or 1000 on spot; 100, 250 or 500 on futures.</summary>
    /// <value>Defaults to 100.</value>
    public int DepthUpdateMilliseconds { get; set; } = 100;

    /// <summary>Gets or sets the levels per side of the REST depth snapshot the book is built from: up to 5000 on spot, 1000 on futures.</summary>
    /// <value>Defaults to 1000 (request weight 10 on spot, 20 on futures).</value>
    [Range(5, 5000)]
    public int SnapshotDepth { get; set; } = 1000;

    /// <summary>Gets or sets how long to wait for a subscription's answer or a REST answer.</summary>
    /// <value>Defaults to 10 s.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the connections' timeouts and reconnection backoff.</summary>
    [Required]
    public WebSocketConnectionOptions WebSocket { get; set; } = new();
}
