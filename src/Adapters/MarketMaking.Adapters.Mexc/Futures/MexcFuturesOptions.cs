using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Adapters.Mexc;

/// <summary>Settings of the MEXC Futures (contract v1) adapter, bound from the <c>MexcFutures</c> section.</summary>
public sealed class MexcFuturesOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "MexcFutures";

    /// <summary>Gets or sets the REST base URL (MEXC's 2026 demo uses <c>https://api.mexc.com</c> for the same paths).</summary>
    /// <value>Defaults to <c>https://contract.mexc.com</c>.</value>
    [Required]
    public Uri RestBaseUrl { get; set; } = new("https://contract.mexc.com");

    /// <summary>Gets or sets the WebSocket URL (JSON, not protobuf).</summary>
    /// <value>Defaults to <c>wss://contract.mexc.com/edge</c>.</value>
    [Required]
    public Uri WebSocketUrl { get; set; } = new("wss://contract.mexc.com/edge");

    /// <summary>Gets or sets the API key (<c>MEXC_API_KEY</c>); never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the API secret (<c>MEXC_API_SECRET</c>); never logged.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>
    /// Gets or sets whether order entry is sent at all. Off by default: MEXC closed futures order placement to ordinary API
    /// keys on 2022-07-25 (error 1002 "Contract not allow place order!"); turn it on for an account a live probe proved
    /// allowed (<c>docs/protocol/mexc.md</c> §5.6).
    /// </summary>
    public bool EnableOrderEntry { get; set; }

    /// <summary>Gets or sets the requests allowed per 2 s (MEXC's documented 20 per 2 s for most endpoints).</summary>
    /// <value>Defaults to 20.</value>
    [Range(1, 1000)]
    public int RequestsPer2Seconds { get; set; } = 20;

    /// <summary>Gets or sets the longest a call waits for rate-limit budget.</summary>
    /// <value>Defaults to 2 s.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the pipeline of every call.</summary>
    [Required]
    public VenuePipelineOptions Pipeline { get; set; } = new();

    /// <summary>Gets or sets the User-Agent sent.</summary>
    [Required]
    public string UserAgent { get; set; } = "MarketMaking/1.0";

    /// <summary>Gets or sets the connection settings; MEXC drops a connection after 1 min without a ping, so the client pings every 15 s.</summary>
    [Required]
    public WebSocketConnectionOptions WebSocket { get; set; } = new() { PingInterval = TimeSpan.FromSeconds(15), NoDataTimeout = TimeSpan.FromSeconds(60) };

    /// <summary>Gets or sets the longest wait for a subscription's or the login's answer.</summary>
    /// <value>Defaults to 5 s.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan SubscriptionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets whether both the API key and secret are set.</summary>
    public bool HasCredentials => !string.IsNullOrWhiteSpace(ApiKey) && !string.IsNullOrWhiteSpace(ApiSecret);
}
