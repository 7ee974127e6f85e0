using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Adapters;

/// <summary>Settings of a supervised WebSocket connection (<see cref="SupervisedWebSocket"/>).</summary>
public sealed class WebSocketConnectionOptions
{
    /// <summary>Gets or sets the longest wait for the WebSocket handshake.</summary>
    /// <value>Defaults to 10 s.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:02:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the wait before the first reconnection attempt; each further attempt doubles it, with jitter.</summary>
    /// <value>Defaults to 1 s.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan InitialReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets the longest wait between reconnection attempts: how late, at worst, a connection notices that the
    /// venue is back. Kept short; <see cref="MaxAttemptsPerWindow"/> keeps a long outage within the venue's limits.
    /// </summary>
    /// <value>Defaults to 5 s.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets the most connection attempts in any <see cref="AttemptWindow"/>; past it, the next attempt waits
    /// until the oldest leaves the window. Kraken bans an IP for 10 minutes after about 150 (re)connections in 10
    /// minutes (<c>docs/adapters/kraken.md</c>); a client holds two connections.
    /// </summary>
    /// <value>Defaults to 60.</value>
    [Range(1, 100_000)]
    public int MaxAttemptsPerWindow { get; set; } = 60;

    /// <summary>Gets or sets the rolling window of <see cref="MaxAttemptsPerWindow"/>.</summary>
    /// <value>Defaults to 10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AttemptWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets how long a connection must stay up before the backoff starts again from
    /// <see cref="InitialReconnectDelay"/>; a connection that drops sooner keeps doubling the wait.
    /// </summary>
    /// <value>Defaults to 60 s.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the longest silence (no frame of any kind) before the connection is declared dead and replaced.</summary>
    /// <value>Defaults to 60 s.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan NoDataTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how long the client may stay quiet before it sends the venue's application-level ping (zero: never).</summary>
    /// <value>Defaults to 20 s.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Gets or sets how long a graceful close may take before the socket is aborted.</summary>
    /// <value>Defaults to 2 s.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the largest message accepted, in bytes; a larger one ends the connection.</summary>
    /// <value>Defaults to 16 MiB.</value>
    [Range(1024, 1 << 30)]
    public int MaxMessageBytes { get; set; } = 16 << 20;
}
