namespace MarketMaker.Kraken.Configuration;

/// <summary>
/// The <c>BinanceSpot</c> section: where the host reaches Binance Spot when it quotes or hedges there
/// (<c>--venue binance</c>, <c>Inventory:Hedging:Venue binance</c>) and its key. The key and secret come from
/// <c>BINANCE_API_KEY</c> and <c>BINANCE_API_SECRET</c>, or an Ed25519 key from <c>BINANCE_PRIVATE_KEY</c> (environment
/// or <c>.env</c>; the same variables as Binance USD-M, one Binance account), and are never logged; the URLs default to
/// Binance's (<c>https://api.binance.com/</c>, <c>wss://stream.binance.com:9443/</c>, <c>wss://ws-api.binance.com:443/ws-api/v3</c>).
/// </summary>
public sealed class BinanceSpotSettings
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "BinanceSpot";

    /// <summary>Gets or sets the REST base URL; <see langword="null"/> for Binance's.</summary>
    public Uri? RestBaseUrl { get; set; }

    /// <summary>Gets or sets the market streams' base URL; <see langword="null"/> for Binance's.</summary>
    public Uri? StreamBaseUrl { get; set; }

    /// <summary>Gets or sets the WebSocket API URL (order entry and the account's user data stream); <see langword="null"/> for Binance's.</summary>
    public Uri? WebSocketApiUrl { get; set; }

    /// <summary>Gets or sets the API key (from <c>BINANCE_API_KEY</c>); never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the HMAC secret (from <c>BINANCE_API_SECRET</c>); never logged.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>
    /// Gets or sets an Ed25519 private key (from <c>BINANCE_PRIVATE_KEY</c>), as <see cref="BinanceUsdmSettings.PrivateKey"/>.
    /// With it, each WebSocket connection logs on once (<c>session.logon</c>) and its requests go unsigned. Never logged.
    /// </summary>
    public string? PrivateKey { get; set; }

    /// <summary>
    /// Gets or sets how orders are placed and canceled: over the WebSocket API (default) or REST. Spot amends only
    /// reduce a quantity (keep-priority); any other change is a cancel and a new order.
    /// </summary>
    public OrderEntryTransport OrderEntry { get; set; } = OrderEntryTransport.WebSocket;

    /// <summary>Gets the Ed25519 key as PEM, or <see langword="null"/> without one.</summary>
    internal string? PrivateKeyPem => BinanceUsdmSettings.PemOf(PrivateKey);
}
