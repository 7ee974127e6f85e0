using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Inventory;

/// <summary>
/// How much inventory may be held (the <c>Inventory:Limits</c> section): positions in base units per symbol, total
/// exposure in USD across every asset and venue.
/// </summary>
public sealed class PositionLimits
{
    /// <summary>Gets or sets the largest total absolute exposure, in USD.</summary>
    [Range(typeof(decimal), "0", "1000000000000")]
    public decimal MaxTotalExposureUsd { get; set; } = 50_000m;

    /// <summary>Gets or sets the largest absolute position per symbol, in base units, such as <c>{"BTC/USDT": 0.5}</c>.</summary>
    public Dictionary<string, decimal> MaxPerSymbol { get; set; } = [];

    /// <summary>Gets or sets the largest absolute position of a symbol not in <see cref="MaxPerSymbol"/>, in base units.</summary>
    [Range(typeof(decimal), "0", "1000000000")]
    public decimal DefaultMaxPosition { get; set; } = 1m;

    /// <summary>A preset for a first live run: $5,000 of total exposure, 0.05 of any one symbol.</summary>
    /// <returns>The limits.</returns>
    public static PositionLimits Conservative() => new() { MaxTotalExposureUsd = 5_000m, DefaultMaxPosition = 0.05m };

    /// <summary>Returns the position limit of a symbol.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>Its limit in base units.</returns>
    public decimal MaxPositionFor(string symbol) => MaxPerSymbol.TryGetValue(symbol, out var max) ? max : DefaultMaxPosition;
}
