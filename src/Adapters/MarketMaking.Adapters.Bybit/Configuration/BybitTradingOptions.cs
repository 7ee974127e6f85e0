namespace MarketMaking.Adapters.Bybit;

/// <summary>Settings of the Bybit order entry (REST and WebSocket) and private stream clients for one category.</summary>
public sealed class BybitTradingOptions
{
    /// <summary>Gets or sets the category traded.</summary>
    /// <value>Defaults to <see cref="BybitCategory.Spot"/>.</value>
    public BybitCategory Category { get; set; } = BybitCategory.Spot;

    /// <summary>Gets or sets the REST base URL; <see langword="null"/> for Bybit's.</summary>
    public Uri? RestBaseUrl { get; set; }

    /// <summary>Gets or sets the private stream's URL; <see langword="null"/> for Bybit's.</summary>
    public Uri? PrivateWebSocketUrl { get; set; }

    /// <summary>Gets or sets the trade stream's URL (order entry over the WebSocket); <see langword="null"/> for Bybit's.</summary>
    public Uri? TradeWebSocketUrl { get; set; }

    /// <summary>Gets or sets the API key (<c>BYBIT_API_KEY</c>); never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the HMAC secret (<c>BYBIT_API_SECRET</c>); never logged.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>Gets or sets <c>X-BAPI-RECV-WINDOW</c> in ms.</summary>
    /// <value>Defaults to 5000.</value>
    public int RecvWindowMilliseconds { get; set; } = 5000;

    /// <summary>Gets or sets how long a request waits for its answer; an order request unanswered by then has an unknown outcome.</summary>
    /// <value>Defaults to 10 s.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets Bybit's per-account order rate per endpoint (create, amend, cancel, cancel-all, batch), a second;
    /// <see langword="null"/> (the default) takes the category's: 20 on spot, 10 on linear. The client sends at most
    /// nine tenths of it in any second, waiting up to <see cref="MaxRateLimitWait"/> for room, so that 10006 is not met.
    /// </summary>
    public int? OrderRequestsPerSecond { get; set; }

    /// <summary>Gets or sets how long an order request waits for room under the rate before it is refused unsent.</summary>
    /// <value>Defaults to 2 s.</value>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets or sets whether the private stream subscribes Bybit's disconnection protection topic (<c>dcp.spot</c> or
    /// <c>dcp.future</c>), without which the protection set by <see cref="BybitOrderEntryClient.CancelAllAfterAsync"/>
    /// never fires. Defaults to <see langword="false"/> (Bybit enables the protection per account, on request).
    /// </summary>
    public bool DisconnectProtection { get; set; }

    /// <summary>Gets the symbols cancel-all covers besides those ordered on.</summary>
    public IList<string> Symbols { get; } = [];

    /// <summary>Throws when the settings cannot be used, naming each problem (never a secret).</summary>
    /// <exception cref="ArgumentException">A key without a secret or the reverse, a non-positive window or time-out.</exception>
    internal void ThrowIfInvalid()
    {
        if (string.IsNullOrEmpty(ApiKey) || string.IsNullOrEmpty(ApiSecret))
        {
            throw new ArgumentException("Bybit trading needs both ApiKey and ApiSecret (BYBIT_API_KEY, BYBIT_API_SECRET)");
        }

        if (RecvWindowMilliseconds <= 0 || RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Bybit's RecvWindowMilliseconds and RequestTimeout must be positive");
        }
    }
}
