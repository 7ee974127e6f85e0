using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Risk;

/// <summary>The pre-trade limits (the <c>Risk:Limits</c> section). Notionals in quote currency, positions in base units.</summary>
public sealed class RiskLimits
{
    /// <summary>Gets or sets how far a limit price may be from the mid, in bps (fat-finger band).</summary>
    [Range(0.1, 100_000)]
    public double MaxPriceDeviationBps { get; set; } = 200;

    /// <summary>Gets or sets the largest notional of one order.</summary>
    [Range(typeof(decimal), "0", "1000000000")]
    public decimal MaxOrderNotional { get; set; } = 10_000m;

    /// <summary>Gets or sets the largest absolute position per venue and instrument, counting open orders at worst.</summary>
    [Range(typeof(decimal), "0", "1000000000")]
    public decimal MaxPosition { get; set; } = 1m;

    /// <summary>Gets or sets the largest absolute position per symbol, overriding <see cref="MaxPosition"/>, such as <c>{"BTC/USDT": 0.5}</c>.</summary>
    public Dictionary<string, decimal> MaxPositionPerSymbol { get; set; } = [];

    /// <summary>Gets or sets the most orders open at once per venue.</summary>
    [Range(1, 100_000)]
    public int MaxOpenOrders { get; set; } = 50;

    /// <summary>Gets or sets the most new orders and amends per second per venue.</summary>
    [Range(1, 100_000)]
    public int MaxOrdersPerSecond { get; set; } = 20;

    /// <summary>
    /// Gets or sets the margin each venue's positions stand on, in USD (a stablecoin quote counted as USD), by venue id,
    /// such as <c>{"binance-usdm": 2000}</c>: the capital allotted there. A venue not named has no leverage check.
    /// </summary>
    public Dictionary<string, decimal> MarginUsd { get; set; } = [];

    /// <summary>
    /// Gets or sets the largest leverage on a venue with a margin (<see cref="MarginUsd"/>): the gross notional of its
    /// positions and open orders at worst (each instrument's position if every open order on one side filled, at the
    /// mid), over that margin. Default 3.
    /// </summary>
    [Range(typeof(decimal), "0.01", "1000")]
    public decimal MaxLeverage { get; set; } = 3m;

    /// <summary>
    /// Gets or sets how near, in bps of the mid, a perpetual position's liquidation price (as the venue reports it) may
    /// come before orders that add to the position are denied; orders that reduce it always go. 0 turns the check off.
    /// Default 500 (5 %): an isolated position at 20x is liquidated about 4.5 % from its entry, at 10x about 9.5 %.
    /// </summary>
    [Range(0, 10_000)]
    public double MinLiquidationDistanceBps { get; set; } = 500;

    /// <summary>Returns the position limit of a symbol.</summary>
    /// <param name="symbol">The instrument symbol.</param>
    /// <returns>Its override, or <see cref="MaxPosition"/>.</returns>
    public decimal MaxPositionFor(string symbol) => MaxPositionPerSymbol.TryGetValue(symbol, out var max) ? max : MaxPosition;
}
