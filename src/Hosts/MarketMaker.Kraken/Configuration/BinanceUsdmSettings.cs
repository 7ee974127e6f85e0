using System.ComponentModel.DataAnnotations;

namespace MarketMaker.Kraken.Configuration;

/// <summary>
/// The <c>BinanceUsdm</c> section: where the host reaches Binance USD-M futures when it quotes or hedges there
/// (<c>--venue binance-usdm</c>, <c>Inventory:Hedging:Venue binance-usdm</c>), its key, and what the account is set to
/// at start (leverage 1–125). The key and secret come from <c>BINANCE_API_KEY</c> and <c>BINANCE_API_SECRET</c>, or an
/// Ed25519 key from <c>BINANCE_PRIVATE_KEY</c> (environment or <c>.env</c>), and are never logged; the REST URL defaults to <c>https://fapi.binance.com/</c>.
/// </summary>
public sealed class BinanceUsdmSettings : FuturesVenueSettings
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "BinanceUsdm";

    /// <summary>
    /// Gets or sets an Ed25519 private key (from <c>BINANCE_PRIVATE_KEY</c>): the PKCS#8 PEM Binance's key generator
    /// writes, or its base64 body on one line (as a <c>.env</c> holds it). When set, requests are signed with it and
    /// the HMAC secret is not used. Never logged.
    /// </summary>
    public string? PrivateKey { get; set; }

    /// <summary>Gets the Ed25519 key as PEM, or <see langword="null"/> without one.</summary>
    internal string? PrivateKeyPem => PemOf(PrivateKey);

    /// <summary>A Binance Ed25519 key as given (PEM, or its base64 body on one line) as PEM, or <see langword="null"/> without one.</summary>
    /// <param name="key">The key as given.</param>
    /// <returns>The PEM.</returns>
    internal static string? PemOf(string? key) => string.IsNullOrWhiteSpace(key) ? null
        : key.Contains("-----BEGIN", StringComparison.Ordinal) ? key
        : $"-----BEGIN PRIVATE KEY-----\n{key.Trim()}\n-----END PRIVATE KEY-----";

    /// <summary>Gets or sets the market streams' base URL; <see langword="null"/> for Binance's (<c>wss://fstream.binance.com/</c>).</summary>
    public Uri? StreamBaseUrl { get; set; }

    /// <summary>Gets or sets the WebSocket API URL; <see langword="null"/> for Binance's (<c>wss://ws-fapi.binance.com/ws-fapi/v1</c>).</summary>
    public Uri? WebSocketApiUrl { get; set; }

    /// <summary>
    /// Gets or sets how orders are placed, amended and canceled: over the WebSocket API (default) or REST. Batches,
    /// cancel-all, the dead-man switch and the order queries go over REST either way.
    /// </summary>
    public OrderEntryTransport OrderEntry { get; set; } = OrderEntryTransport.WebSocket;

    /// <summary>
    /// Gets or sets the dead-man switch's countdown (<c>countdownCancelAll</c> on each symbol traded): if the host has not
    /// renewed it when it ends, Binance cancels every open order of the symbol. Default 120 s, Binance's example.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan DeadManSwitchTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets or sets how often the countdown is renewed; default 30 s, zero turns the switch off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan DeadManSwitchRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
