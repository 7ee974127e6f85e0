using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace MarketMaking.Strategies;

/// <summary>
/// Settings of <see cref="MarketMakingStrategy"/> (the <c>MarketMaker</c> configuration section). Prices in quote
/// currency per unit of base, sizes in base units. Every setting has a default; <see cref="MarketMakerConfigValidator"/>
/// says what a valid set is. All but <see cref="Venue"/>, <see cref="Symbols"/> and <see cref="ReferenceVenue"/> may
/// change while running (hot reload).
/// </summary>
public sealed class MarketMakerConfig
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "MarketMaker";

    /// <summary>Gets or sets the venue quoted.</summary>
    [Required]
    public string Venue { get; set; } = "kraken";

    /// <summary>Gets or sets the instruments quoted, such as <c>BTC/USDT</c>: each gets its own grid, features and position.</summary>
    [Required]
    [MinLength(1)]
    public string[] Symbols { get; set; } = ["BTC/USDT"];

    /// <summary>
    /// Gets or sets a venue whose book of the same symbol serves as a reference price (its mid against ours feeds the
    /// signal), or <see langword="null"/> for none.
    /// </summary>
    public string? ReferenceVenue { get; set; }

    /// <summary>Gets or sets the base spread between the nearest bid and ask, in bps.</summary>
    [Range(0.1, 10_000)]
    public double SpreadBps { get; set; } = 10;

    /// <summary>Gets or sets the orders per side.</summary>
    [Range(1, 50)]
    public int OrdersPerSide { get; set; } = 3;

    /// <summary>Gets or sets the farthest order's distance from the mid, in bps.</summary>
    [Range(0.1, 10_000)]
    public double FinalOrderDistanceBps { get; set; } = 50;

    /// <summary>Gets or sets the nearest order's size.</summary>
    [Range(typeof(decimal), "0", "1000000")]
    public decimal MinOrderSize { get; set; } = 0.001m;

    /// <summary>Gets or sets the farthest order's size.</summary>
    [Range(typeof(decimal), "0", "1000000")]
    public decimal MaxOrderSize { get; set; } = 0.003m;

    /// <summary>Gets or sets the position at which the inventory delta reaches ±1.</summary>
    [Range(typeof(decimal), "0.00000001", "1000000")]
    public decimal MaxPosition { get; set; } = 0.05m;

    /// <summary>Gets or sets the inventory delta (0..1) beyond which only the reducing side is quoted.</summary>
    [Range(0.0, 1.0)]
    public double InventoryExtreme { get; set; } = 0.8;

    /// <summary>Gets or sets how inventory bends the quotes.</summary>
    public InventoryMode InventoryMode { get; set; } = InventoryMode.MeanReverting;

    /// <summary>Gets or sets the strength of the inventory adjustment.</summary>
    [Range(0.0, 5.0)]
    public double InventorySkewFactor { get; set; } = 0.63;

    /// <summary>Gets or sets how often quotes are refreshed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets the shortest time between two refreshes that a change of the quoted book triggers, so that quotes
    /// follow the market between timer ticks without requoting on every update; zero refreshes on the timer only.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BookRefreshInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets how far a resting quote may be from its target before it is moved, in bps.</summary>
    [Range(0.0, 1_000)]
    public double RefreshToleranceBps { get; set; } = 2;

    /// <summary>Gets or sets the Bollinger band length, in one-minute closes.</summary>
    [Range(2, 1_000)]
    public int BollingerLength { get; set; } = 20;

    /// <summary>Gets or sets the Bollinger band multiplier (standard deviations).</summary>
    [Range(0.1, 10)]
    public double BollingerMultiplier { get; set; } = 2;

    /// <summary>Gets or sets the depths the book imbalance averages over.</summary>
    public int[] ImbalanceDepths { get; set; } = [1, 5, 10];

    /// <summary>Gets or sets the number of trades the trade-flow imbalance covers.</summary>
    [Range(1, 100_000)]
    public int TradeWindow { get; set; } = 100;

    /// <summary>Gets or sets the number of book updates the volume and order-flow imbalances cover.</summary>
    [Range(1, 100_000)]
    public int FlowWindow { get; set; } = 100;

    /// <summary>Gets or sets how much each feature counts in the signal.</summary>
    [Required]
    public SignalWeights SignalWeights { get; set; } = new();

    /// <summary>Gets or sets a price offset added to every quote.</summary>
    public decimal PriceOffset { get; set; }

    /// <summary>Gets or sets a size offset added to every quote.</summary>
    public decimal SizeOffset { get; set; }

    /// <summary>Gets or sets an offset added to the quoted range, in bps.</summary>
    public double VolatilityOffsetBps { get; set; }

    /// <summary>Binds a configuration section (such as <c>MarketMaker</c> of <c>appsettings.json</c>) to new settings; what the section leaves out keeps its default.</summary>
    /// <param name="section">The section.</param>
    /// <returns>The settings, not yet validated (see <see cref="MarketMakerConfigValidator"/>).</returns>
    /// <exception cref="InvalidOperationException">A value cannot be converted (text for a number); the message names the key.</exception>
    public static MarketMakerConfig FromConfiguration(IConfiguration section)
    {
        var config = new MarketMakerConfig();
        BindTo(section, config);
        return config;
    }

    /// <summary>Binds a configuration section onto settings; a list in the section replaces the default list.</summary>
    /// <param name="section">The section.</param>
    /// <param name="config">The settings to overwrite.</param>
    /// <exception cref="InvalidOperationException">A value cannot be converted; the message names the key.</exception>
    internal static void BindTo(IConfiguration section, MarketMakerConfig config)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(config);
        section.Bind(config);

        // The binder appends a section's array to the default one; the user means to replace it.
        if (section.GetSection(nameof(Symbols)).Get<string[]>() is { } symbols)
        {
            config.Symbols = symbols;
        }

        if (section.GetSection(nameof(ImbalanceDepths)).Get<int[]>() is { } depths)
        {
            config.ImbalanceDepths = depths;
        }
    }

    /// <summary>Returns the quote generator's view of these settings.</summary>
    public QuoteParameters ToQuoteParameters() => new()
    {
        SpreadBps = SpreadBps,
        OrdersPerSide = OrdersPerSide,
        FinalOrderDistanceBps = FinalOrderDistanceBps,
        MinOrderSize = MinOrderSize,
        MaxOrderSize = MaxOrderSize,
        MaxPosition = MaxPosition,
        InventoryExtreme = InventoryExtreme,
        InventoryMode = InventoryMode,
        InventorySkewFactor = InventorySkewFactor,
        PriceOffset = PriceOffset,
        SizeOffset = SizeOffset,
        VolatilityOffsetBps = VolatilityOffsetBps,
    };
}
