using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Adapters.Kraken;

/// <summary>Settings of the Kraken Spot adapter. Secrets come from the environment or <c>.env</c>, never from files in the repository.</summary>
public sealed class KrakenOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Kraken";

    /// <summary>Gets or sets the REST base URL.</summary>
    /// <value>Defaults to <c>https://api.kraken.com</c>. Plain <c>http</c> is refused unless the host is loopback.</value>
    [Required]
    public Uri RestBaseUrl { get; set; } = new("https://api.kraken.com");

    /// <summary>Gets or sets the public WebSocket v2 URL.</summary>
    /// <value>Defaults to <c>wss://ws.kraken.com/v2</c>. Plain <c>ws</c> is refused unless the host is loopback.</value>
    [Required]
    public Uri PublicWebSocketUrl { get; set; } = new("wss://ws.kraken.com/v2");

    /// <summary>Gets or sets the authenticated WebSocket v2 URL.</summary>
    /// <value>Defaults to <c>wss://ws-auth.kraken.com/v2</c>. Plain <c>ws</c> is refused unless the host is loopback.</value>
    [Required]
    public Uri PrivateWebSocketUrl { get; set; } = new("wss://ws-auth.kraken.com/v2");

    /// <summary>Gets or sets the API key (environment variable <c>KRAKEN_API_KEY</c>); never logged.</summary>
    /// <value>Defaults to none: public data only.</value>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the API secret in Base64 (environment variable <c>KRAKEN_API_SECRET</c>); never logged.</summary>
    /// <value>Defaults to none: public data only.</value>
    public string? ApiSecret { get; set; }

    /// <summary>Gets or sets the account's verification tier, which sets the modelled rate limits.</summary>
    /// <value>Defaults to <see cref="KrakenTier.Starter"/>, the most restrictive.</value>
    [EnumDataType(typeof(KrakenTier))]
    public KrakenTier Tier { get; set; } = KrakenTier.Starter;

    /// <summary>Gets or sets the part of each pair's trading counter kept for cancels.</summary>
    /// <value>Defaults to 16 (two cancels of orders younger than 5 s).</value>
    [Range(0.0, 59.0)]
    public double CancelReserve { get; set; } = 16;

    /// <summary>
    /// Gets or sets how long a cancel that the modelled trading counter cannot take yet is held for the counter to decay
    /// before it fails (a cancel is never refused at once). New orders and amends always leave the budget to cancel every
    /// open order of the pair, so a cancel waits only after a restart or for orders placed by another client.
    /// </summary>
    /// <value>Defaults to 30 s.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxCancelWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the pipeline of public REST calls.</summary>
    /// <value>Defaults to 10 s per attempt, 3 retries.</value>
    [Required]
    public VenuePipelineOptions PublicPipeline { get; set; } = new();

    /// <summary>Gets or sets the pipeline of private REST calls other than order entry.</summary>
    /// <value>Defaults to 10 s per attempt, 3 retries.</value>
    [Required]
    public VenuePipelineOptions PrivatePipeline { get; set; } = new();

    /// <summary>Gets or sets the pipeline of order entry; it retries only requests Kraken says it did not execute.</summary>
    /// <value>Defaults to 5 s per attempt, 2 retries.</value>
    [Required]
    public VenuePipelineOptions TradingPipeline { get; set; } = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(5),
        TotalTimeout = TimeSpan.FromSeconds(15),
        MaxRetryAttempts = 2,
    };

    /// <summary>Gets or sets the most public REST calls in a burst; they then flow at one per second.</summary>
    /// <value>Defaults to 3. Kraken publishes no figure; one per second is the common client default.</value>
    [Range(1, 100)]
    public int PublicBurst { get; set; } = 3;

    /// <summary>Gets or sets the longest a call waits for rate limit budget before it is refused.</summary>
    /// <value>Defaults to 5 s.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the <c>User-Agent</c> header sent with REST calls.</summary>
    /// <value>Defaults to <c>MarketMaking/1.0</c>.</value>
    [Required]
    public string UserAgent { get; set; } = "MarketMaking/1.0";

    /// <summary>
    /// Gets or sets whether order entry is held to the modelled per-pair trading counter before sending. Leave it on
    /// against Kraken; turn it off only against a venue that does not limit (the simulator with its limits off).
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool ModelTradingCounter { get; set; } = true;

    /// <summary>Gets or sets the WebSocket connections' timeouts and reconnection backoff.</summary>
    /// <value>Defaults: 60 s no-data timeout, ping after 20 s of quiet, backoff from 1 s to 5 s with jitter, at most 60 attempts in 10 minutes.</value>
    [Required]
    public WebSocketConnectionOptions WebSocket { get; set; } = new();

    /// <summary>Gets or sets how long a WebSocket request (subscription, order entry) waits for Kraken's answer.</summary>
    /// <value>Defaults to 5 s. An order request left unanswered ends with an unknown outcome.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan WebSocketRequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the dead-man switch's timeout: Kraken cancels every order if not refreshed within it.</summary>
    /// <value>Defaults to 60 s (Kraken's suggestion).</value>
    [Range(typeof(TimeSpan), "00:00:01", "23:59:59")]
    public TimeSpan DeadManSwitchTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how often the dead-man switch is refreshed while orders rest; zero turns the switch off.</summary>
    /// <value>Defaults to 20 s (Kraken suggests 15–30 s with a 60 s timeout).</value>
    [Range(typeof(TimeSpan), "00:00:00", "23:59:59")]
    public TimeSpan DeadManSwitchRefreshInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Gets whether both the API key and secret are set.</summary>
    public bool HasCredentials => !string.IsNullOrWhiteSpace(ApiKey) && !string.IsNullOrWhiteSpace(ApiSecret);
}
