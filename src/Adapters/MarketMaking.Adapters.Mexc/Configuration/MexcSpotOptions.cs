using System.ComponentModel.DataAnnotations;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc;

/// <summary>Settings of the MEXC Spot adapter (<see cref="MexcSpotRestClient"/>, <see cref="MexcSpotWsClient"/>), bound from the <c>MexcSpot</c> section.</summary>
/// <remarks>
/// MEXC's published rate limits disagree (<c>docs/protocol/mexc.md</c> §1.8): the defaults are the conservative reading —
/// 10 order requests per second per account, 300 weight per 10 s for public calls, 500 per 10 s for signed calls.
/// </remarks>
public sealed class MexcSpotOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "MexcSpot";

    /// <summary>Gets or sets the REST base URL.</summary>
    /// <value>Defaults to <c>https://api.mexc.com</c>.</value>
    [Required]
    public Uri RestBaseUrl { get; set; } = new("https://api.mexc.com");

    /// <summary>Gets or sets the protobuf WebSocket URL (public market data and, with <c>?listenKey=</c>, the user stream).</summary>
    /// <value>Defaults to <c>wss://wbs-api.mexc.com/ws</c>.</value>
    [Required]
    public Uri WebSocketUrl { get; set; } = new("wss://wbs-api.mexc.com/ws");

    /// <summary>Gets or sets the API key (<c>MEXC_API_KEY</c>); never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the API secret (<c>MEXC_API_SECRET</c>); never logged.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>Gets or sets the <c>recvWindow</c> sent with signed calls, in ms (MEXC refuses 60000 and more: error 700005).</summary>
    /// <value>Defaults to 5000.</value>
    [Range(1, 59_999)]
    public int RecvWindowMilliseconds { get; set; } = 5000;

    /// <summary>Gets or sets the order requests (place, cancel, batch) allowed per second, burst included.</summary>
    /// <value>Defaults to 10.</value>
    [Range(1, 1000)]
    public int OrderRequestsPerSecond { get; set; } = 10;

    /// <summary>Gets or sets the request weight public calls may spend per 10 s (per IP).</summary>
    /// <value>Defaults to 300.</value>
    [Range(1, 100_000)]
    public int PublicWeightPer10Seconds { get; set; } = 300;

    /// <summary>Gets or sets the request weight signed calls may spend per 10 s (per account).</summary>
    /// <value>Defaults to 500.</value>
    [Range(1, 100_000)]
    public int SignedWeightPer10Seconds { get; set; } = 500;

    /// <summary>Gets or sets the longest a call waits for rate-limit budget before failing with <see cref="VenueErrorKind.RateLimited"/>.</summary>
    /// <value>Defaults to 2 s.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the symbols the account trades, for the calls MEXC scopes by symbol (open orders, cancel all).</summary>
    /// <value>Defaults to none; symbols ordered on are added as they are used.</value>
    public IList<string> Symbols { get; set; } = [];

    /// <summary>Gets or sets the pipeline of public calls.</summary>
    [Required]
    public VenuePipelineOptions PublicPipeline { get; set; } = new();

    /// <summary>Gets or sets the pipeline of signed reads.</summary>
    [Required]
    public VenuePipelineOptions PrivatePipeline { get; set; } = new();

    /// <summary>Gets or sets the pipeline of order entry (retried only when MEXC answered that it did not execute).</summary>
    [Required]
    public VenuePipelineOptions TradingPipeline { get; set; } = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(5),
        TotalTimeout = TimeSpan.FromSeconds(15),
        MaxRetryAttempts = 2,
    };

    /// <summary>Gets or sets the User-Agent sent.</summary>
    [Required]
    public string UserAgent { get; set; } = "MarketMaking/1.0";

    /// <summary>Gets or sets the connection settings; MEXC closes a connection idle for 60 s, so the client pings every 20 s.</summary>
    [Required]
    public WebSocketConnectionOptions WebSocket { get; set; } = new() { PingInterval = TimeSpan.FromSeconds(20), NoDataTimeout = TimeSpan.FromSeconds(60) };

    /// <summary>Gets or sets the subscriptions per connection; MEXC ignores any beyond 30, so more symbols open more connections.</summary>
    /// <value>Defaults to 30.</value>
    [Range(1, 30)]
    public int MaxSubscriptionsPerConnection { get; set; } = 30;

    /// <summary>Gets or sets how long a connection is kept before it is replaced; MEXC closes every connection after 24 h.</summary>
    /// <value>Defaults to 23 h 30 min.</value>
    [Range(typeof(TimeSpan), "00:00:01", "23:59:00")]
    public TimeSpan ConnectionLifetime { get; set; } = TimeSpan.FromHours(23.5);

    /// <summary>Gets or sets the longest wait for a subscription's answer.</summary>
    /// <value>Defaults to 5 s.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan SubscriptionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how often the listen key is kept alive; it lives 60 min, MEXC advises every 30 min.</summary>
    /// <value>Defaults to 30 min.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:59:00")]
    public TimeSpan ListenKeyKeepAliveInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets the levels of the REST depth snapshot a WebSocket book starts from (MEXC allows up to 5000).</summary>
    /// <value>Defaults to 1000.</value>
    [Range(1, 5000)]
    public int BookSnapshotDepth { get; set; } = 1000;

    /// <summary>Gets or sets the aggregation interval of depth, deals and book ticker pushes: <c>10ms</c> or <c>100ms</c>.</summary>
    /// <value>Defaults to <c>100ms</c>.</value>
    [Required]
    [RegularExpression("^(10ms|100ms)$", ErrorMessage = "PushInterval must be 10ms or 100ms")]
    public string PushInterval { get; set; } = "100ms";

    /// <summary>Gets whether both the API key and secret are set.</summary>
    public bool HasCredentials => !string.IsNullOrWhiteSpace(ApiKey) && !string.IsNullOrWhiteSpace(ApiSecret);
}
