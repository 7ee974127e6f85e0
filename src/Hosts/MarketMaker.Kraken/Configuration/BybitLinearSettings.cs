namespace MarketMaker.Kraken.Configuration;

/// <summary>
/// The <c>BybitLinear</c> section: where the host reaches Bybit's linear perpetuals when it quotes there
/// (<c>--venue bybit-linear</c>), its key, and what the account is set to at start (leverage 1–100 on Bybit). The key
/// and secret come from <c>BYBIT_API_KEY</c> and <c>BYBIT_API_SECRET</c> (environment or <c>.env</c>) and are never
/// logged; the URLs default to Bybit's (<c>https://api.bybit.com</c>, <c>wss://stream.bybit.com/v5/…</c>).
/// </summary>
public sealed class BybitLinearSettings : FuturesVenueSettings
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "BybitLinear";

    /// <summary>Gets or sets the public stream's URL; <see langword="null"/> for Bybit's (<c>wss://stream.bybit.com/v5/public/linear</c>).</summary>
    public Uri? PublicWebSocketUrl { get; set; }

    /// <summary>Gets or sets the private stream's URL; <see langword="null"/> for Bybit's (<c>wss://stream.bybit.com/v5/private</c>).</summary>
    public Uri? PrivateWebSocketUrl { get; set; }

    /// <summary>Gets or sets the trade stream's URL; <see langword="null"/> for Bybit's (<c>wss://stream.bybit.com/v5/trade</c>).</summary>
    public Uri? TradeWebSocketUrl { get; set; }

    /// <summary>
    /// Gets or sets how orders are created, amended and canceled: over the trade stream (default) or REST. Cancel-all
    /// and the order queries go over REST either way.
    /// </summary>
    public OrderEntryTransport OrderEntry { get; set; } = OrderEntryTransport.WebSocket;

    /// <summary>
    /// Gets or sets the order requests a second per endpoint Bybit allows the account (create, amend, cancel): the adapter
    /// sends nine tenths of it at most. <see langword="null"/> (the default) takes Bybit's, 10 on linear; sim mode sets it to that
    /// rate in replayed time.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int? OrderRequestsPerSecond { get; set; }

    /// <summary>
    /// Gets or sets Bybit's disconnection protection window: when the private stream has been gone this long, Bybit
    /// cancels every open derivatives order of the account (3 s to 5 min). Zero (the default) leaves it unset: Bybit enables the
    /// function per account, through the account manager, and refuses it otherwise (the start then stops).
    /// </summary>
    [BybitDisconnectWindow]
    public TimeSpan DisconnectCancelWindow { get; set; }
}
