namespace MarketMaker.Kraken.Configuration;

/// <summary>
/// The <c>BybitSpot</c> section: where the host reaches Bybit's spot market when it quotes or hedges there
/// (<c>--venue bybit</c>, <c>Inventory:Hedging:Venue bybit</c>) and its key. The key and secret come from
/// <c>BYBIT_API_KEY</c> and <c>BYBIT_API_SECRET</c> (environment or <c>.env</c>; the same variables as Bybit linear, one
/// Bybit account) and are never logged; the URLs default to Bybit's (<c>https://api.bybit.com</c>,
/// <c>wss://stream.bybit.com/v5/public/spot</c>, <c>wss://stream.bybit.com/v5/private</c>, <c>wss://stream.bybit.com/v5/trade</c>).
/// </summary>
public sealed class BybitSpotSettings
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "BybitSpot";

    /// <summary>Gets or sets the REST base URL; <see langword="null"/> for Bybit's.</summary>
    public Uri? RestBaseUrl { get; set; }

    /// <summary>Gets or sets the public stream's URL; <see langword="null"/> for Bybit's spot stream.</summary>
    public Uri? PublicWebSocketUrl { get; set; }

    /// <summary>Gets or sets the private stream's URL; <see langword="null"/> for Bybit's.</summary>
    public Uri? PrivateWebSocketUrl { get; set; }

    /// <summary>Gets or sets the trade stream's URL; <see langword="null"/> for Bybit's.</summary>
    public Uri? TradeWebSocketUrl { get; set; }

    /// <summary>Gets or sets the API key (from <c>BYBIT_API_KEY</c>); never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the HMAC secret (from <c>BYBIT_API_SECRET</c>); never logged.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>
    /// Gets or sets how orders are created, amended and canceled: over the trade stream (default) or REST. Cancel-all
    /// and the order queries go over REST either way.
    /// </summary>
    public OrderEntryTransport OrderEntry { get; set; } = OrderEntryTransport.WebSocket;

    /// <summary>
    /// Gets or sets the order requests a second per endpoint Bybit allows the account (create, amend, cancel): the adapter
    /// sends nine tenths of it at most. <see langword="null"/> (the default) takes Bybit's, 20 on spot; sim mode sets it to that
    /// rate in replayed time.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int? OrderRequestsPerSecond { get; set; }

    /// <summary>
    /// Gets or sets Bybit's disconnection protection window: when the private stream has been gone this long, Bybit
    /// cancels every open spot order of the account (3 s to 5 min). Zero (the default) leaves it unset: Bybit enables the
    /// function per account, through the account manager, and refuses it otherwise (the start then stops).
    /// </summary>
    [BybitDisconnectWindow]
    public TimeSpan DisconnectCancelWindow { get; set; }
}
