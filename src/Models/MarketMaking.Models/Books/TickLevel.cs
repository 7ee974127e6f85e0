namespace MarketMaking.Models;

/// <summary>One book level in integer units: the price in ticks and the quantity in lots of its <see cref="InstrumentSpec"/>.</summary>
/// <param name="PriceTicks">The price as a whole number of <see cref="InstrumentSpec.TickSize"/>.</param>
/// <param name="QuantityLots">The quantity as a whole number of <see cref="InstrumentSpec.LotSize"/>.</param>
public readonly record struct TickLevel(long PriceTicks, long QuantityLots);
