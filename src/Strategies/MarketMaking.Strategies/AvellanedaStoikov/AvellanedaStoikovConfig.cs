using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Strategies;

/// <summary>
/// Settings of <see cref="AvellanedaStoikovStrategy"/> (the <c>AvellanedaStoikov</c> configuration section). Prices in
/// quote currency per unit of base, sizes in base units. All but <see cref="Venue"/> and <see cref="Symbol"/> may
/// change while running.
/// </summary>
public sealed class AvellanedaStoikovConfig
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "AvellanedaStoikov";

    /// <summary>Gets or sets the venue quoted.</summary>
    [Required]
    public string Venue { get; set; } = "kraken";

    /// <summary>Gets or sets the instrument quoted.</summary>
    [Required]
    public string Symbol { get; set; } = "BTC/USDT";

    /// <summary>Gets or sets the risk aversion γ, in 1 / price units: larger quotes tighter around a reservation price further from the mid when holding inventory.</summary>
    [Range(1e-9, 1e6)]
    public double RiskAversion { get; set; } = 0.1;

    /// <summary>Gets or sets each quote's size, in base units; the inventory q counts in these units.</summary>
    [Range(typeof(decimal), "0.00000001", "1000000")]
    public decimal OrderSize { get; set; } = 0.001m;

    /// <summary>Gets or sets the largest inventory, in order sizes: beyond it only the reducing side is quoted (and it bounds ω with an infinite horizon).</summary>
    [Range(1, 1_000_000)]
    public double MaxInventory { get; set; } = 10;

    /// <summary>
    /// Gets or sets the horizon T: with a finite one, the model's τ = T − t runs down over each period of this length
    /// and starts again (a trading session); <see cref="TimeSpan.Zero"/> uses the infinite-horizon model.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan Horizon { get; set; } = TimeSpan.Zero;

    /// <summary>Gets or sets how often quotes are refreshed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how far a resting quote may be from its target before it is moved, in bps.</summary>
    [Range(0.0, 1_000)]
    public double RefreshToleranceBps { get; set; } = 1;

    /// <summary>Gets or sets how often the mid is sampled for the volatility.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan VolatilitySampleInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the half-life of the volatility's exponential weights.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan VolatilityHalfLife { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how many volatility samples are needed before quoting.</summary>
    [Range(1, 100_000)]
    public int VolatilityWarmUp { get; set; } = 30;

    /// <summary>Gets or sets how many recent public trades the arrival decay κ is estimated from.</summary>
    [Range(1, 1_000_000)]
    public int ArrivalWindow { get; set; } = 500;

    /// <summary>Gets or sets how many trades are needed before quoting.</summary>
    [Range(1, 1_000_000)]
    public int ArrivalWarmUp { get; set; } = 50;

    /// <summary>Gets or sets the narrowest total spread quoted, in bps of the mid (a floor under the model's spread).</summary>
    [Range(0.0, 10_000)]
    public double MinSpreadBps { get; set; } = 2;
}
