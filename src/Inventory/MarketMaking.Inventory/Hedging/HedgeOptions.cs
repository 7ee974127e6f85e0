using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Inventory;

/// <summary>
/// Which hedging policy runs and with what settings (the <c>Inventory:Hedging</c> section). Quantities in base units of
/// the hedged asset.
/// </summary>
public sealed class HedgeOptions
{
    /// <summary>Gets or sets the policy: <c>None</c>, <c>Immediate</c>, <c>Twap</c>, <c>Opportunistic</c> or <c>CrossExchange</c>.</summary>
    [Required]
    public string Policy { get; set; } = "None";

    /// <summary>Gets or sets the venue hedges go to (for CrossExchange: the hedge venue).</summary>
    public string Venue { get; set; } = "kraken";

    /// <summary>Gets or sets the instrument hedges trade on that venue.</summary>
    public string Symbol { get; set; } = "BTC/USDT";

    /// <summary>Gets or sets the primary venue (CrossExchange): its positions and the hedge venue's count.</summary>
    public string? Primary { get; set; }

    /// <summary>Gets or sets the absolute net position beyond which the policy hedges.</summary>
    [Range(typeof(decimal), "0", "1000000000")]
    public decimal Threshold { get; set; } = 0.01m;

    /// <summary>Gets or sets the largest quantity of one hedge order.</summary>
    [Range(typeof(decimal), "0.00000001", "1000000000")]
    public decimal MaxClip { get; set; } = 0.01m;

    /// <summary>Gets or sets how far through the touch a marketable hedge may trade, in bps.</summary>
    [Range(0.0, 10_000)]
    public double SlippageBps { get; set; } = 10;

    /// <summary>Gets or sets how often the policy is evaluated without other events (TWAP schedule, timeouts).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets the TWAP's duration.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the TWAP's number of child orders.</summary>
    [Range(1, 10_000)]
    public int NumOrders { get; set; } = 5;

    /// <summary>Gets or sets the widest hedge-venue spread at which the opportunistic policy rests passively, in bps.</summary>
    [Range(0.0, 10_000)]
    public double MaxSpreadBps { get; set; } = 5;

    /// <summary>Gets or sets how long the opportunistic policy waits before hedging aggressively.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
