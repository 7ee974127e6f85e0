namespace MarketMaking.Strategies;

/// <summary>The settings one quote grid is built from (a validated view of the strategy's configuration).</summary>
public sealed record QuoteParameters
{
    /// <summary>Gets the base spread between the nearest bid and ask, in bps of the mid.</summary>
    public double SpreadBps { get; init; } = 10;

    /// <summary>Gets the number of orders on each side.</summary>
    public int OrdersPerSide { get; init; } = 3;

    /// <summary>Gets the distance of the farthest order from the mid, in bps.</summary>
    public double FinalOrderDistanceBps { get; init; } = 50;

    /// <summary>Gets the size of the nearest order, in base units.</summary>
    public decimal MinOrderSize { get; init; } = 0.001m;

    /// <summary>Gets the size of the farthest order, in base units; sizes ramp linearly in between.</summary>
    public decimal MaxOrderSize { get; init; } = 0.003m;

    /// <summary>Gets the position at which the inventory delta reaches ±1, in base units.</summary>
    public decimal MaxPosition { get; init; } = 0.05m;

    /// <summary>Gets the inventory delta (0..1) beyond which only the side that reduces inventory is quoted.</summary>
    public double InventoryExtreme { get; init; } = 0.8;

    /// <summary>Gets how inventory bends the quotes.</summary>
    public InventoryMode InventoryMode { get; init; } = InventoryMode.MeanReverting;

    /// <summary>Gets the strength of the inventory adjustment (the seed's 0.63 for mean-reverting, 0.5 for trend-following).</summary>
    public double InventorySkewFactor { get; init; } = 0.63;

    /// <summary>Gets a price offset added to every quote, in quote currency.</summary>
    public decimal PriceOffset { get; init; }

    /// <summary>Gets a size offset added to every quote, in base units.</summary>
    public decimal SizeOffset { get; init; }

    /// <summary>Gets an offset added to the total quoted range, in bps (widens the spread when positive).</summary>
    public double VolatilityOffsetBps { get; init; }
}
