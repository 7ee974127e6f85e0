using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Risk;

/// <summary>
/// The kill switch's triggers and the action each takes (the <c>Risk:KillSwitch</c> section). A trigger left
/// <see langword="null"/> is off. PnL figures in the reporting currency (USD).
/// </summary>
public sealed class KillSwitchOptions
{
    /// <summary>Gets or sets how often the time-based triggers are checked.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the largest fall of total PnL from its peak.</summary>
    [Range(typeof(decimal), "0", "1000000000")]
    public decimal? MaxDrawdown { get; set; } = 500m;

    /// <summary>Gets or sets what a drawdown does.</summary>
    public KillSwitchAction DrawdownAction { get; set; } = KillSwitchAction.Flatten;

    /// <summary>Gets or sets the largest realized loss (a positive number).</summary>
    [Range(typeof(decimal), "0", "1000000000")]
    public decimal? MaxRealizedLoss { get; set; } = 250m;

    /// <summary>Gets or sets what a realized loss does.</summary>
    public KillSwitchAction RealizedLossAction { get; set; } = KillSwitchAction.CancelAll;

    /// <summary>Gets or sets how old a book's last update may be.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan? MaxMarketDataAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets what stale market data does.</summary>
    public KillSwitchAction StaleMarketDataAction { get; set; } = KillSwitchAction.CancelAll;

    /// <summary>Gets or sets how long a venue connection may stay down.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan? MaxDisconnected { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets what a long disconnection does.</summary>
    public KillSwitchAction DisconnectedAction { get; set; } = KillSwitchAction.CancelAll;

    /// <summary>Gets or sets the most failed or unknown order-entry answers in a minute.</summary>
    [Range(1, 1_000_000)]
    public int? MaxErrorsPerMinute { get; set; } = 30;

    /// <summary>Gets or sets what too many errors do.</summary>
    public KillSwitchAction ErrorRateAction { get; set; } = KillSwitchAction.StopQuoting;

    /// <summary>
    /// Gets or sets how long market data and every venue connection must be healthy again, after a stale-data or
    /// disconnection trip, before trading resumes by itself; <see langword="null"/> latches those trips too. Trips about
    /// money (drawdown, realized loss), the error rate and an operator's always latch until an operator resets them.
    /// </summary>
    /// <value>Defaults to 3 s.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan? ResumeAfterHealthy { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Gets or sets how far through the touch a flattening order may trade, in bps.</summary>
    [Range(0.0, 10_000)]
    public double FlattenSlippageBps { get; set; } = 50;
}
