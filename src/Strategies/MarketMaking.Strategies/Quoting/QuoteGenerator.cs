using MarketMaking.Models;

namespace MarketMaking.Strategies;

/// <summary>
/// Builds the quote grid from the mid, the features' signal, the inventory and the volatility. A pure function.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item><b>Volatility:</b> the spread is the base spread times <c>clamp(BBW / base spread, 1, 10)</c> (BBW is the
/// Bollinger band width in bps), plus the volatility offset.</item>
/// <item><b>Inventory:</b> with the inventory delta Δ = clamp(position / MaxPosition, −1, 1) and f = sign(Δ)·√|Δ|:
/// mean-reverting gives <c>skew = s·(1 − |f|) − k·f</c>; trend-following gives, with a = f·s,
/// <c>skew = s·(1 + |a|) + (a &gt; 0 ? k : −k)·f</c>; both clipped to [−1, 1] (the quote-generator seed, with k
/// configurable instead of 0.63 and 0.5).</item>
/// <item><b>Grid:</b> the nearest bid sits <c>h·(1 − skew/2)</c> below the mid and the nearest ask <c>h·(1 + skew/2)</c>
/// above it (h is half the spread), so a positive skew moves both up. Orders are spaced evenly out to the final
/// distance; bids round down and asks up to the tick. Sizes ramp linearly from the minimum (nearest) to the maximum
/// (farthest), plus the size offset, rounded down to the lot.</item>
/// <item><b>Extremes:</b> beyond <c>InventoryExtreme</c>, only the side that reduces the position is quoted.</item>
/// </list>
/// </remarks>
public static class QuoteGenerator
{
    /// <summary>The largest multiple of the base spread volatility can ask for.</summary>
    public const double MaxSpreadMultiplier = 10;

    /// <summary>Up to this many levels a side, they are built on the stack.</summary>
    internal const int MaxLevelsOnStack = 32;

    /// <summary>Builds the grid.</summary>
    /// <param name="spec">The instrument's tick and lot.</param>
    /// <param name="mid">The mid (or fair) price.</param>
    /// <param name="signal">The features' combined signal in [−1, 1]: positive when the price is expected to rise.</param>
    /// <param name="position">The position in base units (negative when short).</param>
    /// <param name="bandWidthBps">The Bollinger band width in bps (0 when not ready).</param>
    /// <param name="parameters">The settings.</param>
    /// <returns>The grid.</returns>
    public static QuoteGrid Generate(InstrumentSpec spec, Price mid, double signal, decimal position, double bandWidthBps, QuoteParameters parameters) =>
        Generate(spec, mid, signal, position, bandWidthBps, parameters, previous: null);

    /// <summary>
    /// Builds the grid, or returns <paramref name="previous"/> when its levels (prices and sizes) are the ones wanted:
    /// requoting an unchanged market then allocates nothing. The skew and spread multiplier of a grid kept this way are
    /// those it was built with.
    /// </summary>
    /// <param name="spec">The instrument's tick and lot.</param>
    /// <param name="mid">The mid (or fair) price.</param>
    /// <param name="signal">The features' combined signal in [−1, 1]: positive when the price is expected to rise.</param>
    /// <param name="position">The position in base units (negative when short).</param>
    /// <param name="bandWidthBps">The Bollinger band width in bps (0 when not ready).</param>
    /// <param name="parameters">The settings.</param>
    /// <param name="previous">The grid last built, or <see langword="null"/>.</param>
    /// <returns>The grid.</returns>
    public static QuoteGrid Generate(InstrumentSpec spec, Price mid, double signal, decimal position, double bandWidthBps, QuoteParameters parameters, QuoteGrid? previous)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(parameters);
        var perSide = Math.Max(0, parameters.OrdersPerSide);
        Span<BookLevel> bids = perSide <= MaxLevelsOnStack ? stackalloc BookLevel[MaxLevelsOnStack] : new BookLevel[perSide];
        Span<BookLevel> asks = perSide <= MaxLevelsOnStack ? stackalloc BookLevel[MaxLevelsOnStack] : new BookLevel[perSide];
        var (skew, multiplier) = Levels(spec, mid, signal, position, bandWidthBps, parameters, ref bids, ref asks);
        return previous is not null && previous.Has(bids, asks)
            ? previous
            : new QuoteGrid([.. bids], [.. asks], skew, multiplier);
    }

    /// <summary>
    /// Writes the grid's levels into buffers the caller keeps (at least <see cref="QuoteParameters.OrdersPerSide"/>
    /// long), sliced to the levels written: the loop's requotes build a grid object only when they act on it.
    /// </summary>
    /// <returns>The skew and the spread multiplier used.</returns>
    internal static (double Skew, double SpreadMultiplier) Levels(InstrumentSpec spec, Price mid, double signal, decimal position, double bandWidthBps, QuoteParameters parameters, ref Span<BookLevel> bids, ref Span<BookLevel> asks)
    {
        var multiplier = Math.Clamp(bandWidthBps / parameters.SpreadBps, 1, MaxSpreadMultiplier);
        var halfSpreadBps = ((parameters.SpreadBps * multiplier) + parameters.VolatilityOffsetBps) / 2;
        var delta = parameters.MaxPosition > 0 ? Math.Clamp((double)(position / parameters.MaxPosition), -1, 1) : 0;
        var skew = Skew(Math.Clamp(signal, -1, 1), delta, parameters);
        var quoteBids = delta <= parameters.InventoryExtreme;
        var quoteAsks = delta >= -parameters.InventoryExtreme;
        var perSide = Math.Max(0, parameters.OrdersPerSide);
        bids = bids[..(quoteBids ? perSide : 0)];
        asks = asks[..(quoteAsks ? perSide : 0)];
        var units = GridUnits.Of(spec, mid, parameters);
        bids = bids[..Side(units, halfSpreadBps * (1 - (skew / 2)), parameters, isBid: true, bids)];
        asks = asks[..Side(units, halfSpreadBps * (1 + (skew / 2)), parameters, isBid: false, asks)];
        return (skew, multiplier);
    }

    /// <summary>The final skew from the signal and the inventory delta, by the configured mode (see the remarks).</summary>
    /// <param name="signal">The signal in [−1, 1].</param>
    /// <param name="inventoryDelta">The position over MaxPosition, in [−1, 1].</param>
    /// <param name="parameters">The settings.</param>
    /// <returns>The skew in [−1, 1].</returns>
    public static double Skew(double signal, double inventoryDelta, QuoteParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var f = Math.Sign(inventoryDelta) * Math.Sqrt(Math.Abs(inventoryDelta));
        var k = parameters.InventorySkewFactor;
        double combined;
        if (parameters.InventoryMode == InventoryMode.TrendFollowing)
        {
            var alignment = f * signal;
            combined = (signal * (1 + Math.Abs(alignment))) + ((alignment > 0 ? k : -k) * f);
        }
        else
        {
            combined = (signal * (1 - Math.Abs(f))) - (k * f);
        }

        return Math.Clamp(combined, -1, 1);
    }

    /// <summary>
    /// Writes one side's levels, nearest first; returns how many (a level rounded to nothing is left out). Computed in
    /// ticks and lots as doubles, which the loop's requotes need to be fast (the decimal arithmetic cost more than the
    /// rest of a requote): a result within <see cref="OnGrid"/>'s margin of a whole tick or lot counts as on it, so
    /// that 100 × (1 − 5 bps) is 99.95 and not a tick below. The grids equal the decimal computation's
    /// (<c>QuoteGeneratorTests</c>, 5,000 seeded random cases).
    /// </summary>
    private static int Side(in GridUnits units, double nearestBps, QuoteParameters parameters, bool isBid, Span<BookLevel> levels)
    {
        var count = levels.Length;
        var farthestBps = Math.Max(parameters.FinalOrderDistanceBps, nearestBps);
        var direction = isBid ? -1 : 1;
        var priceMargin = OnGrid(Math.Abs(units.MidTicks) + Math.Abs(units.OffsetTicks));
        var lotsMargin = OnGrid(Math.Abs(units.MinLots) + Math.Abs(units.RangeLots));
        var written = 0;
        for (var i = 0; i < count; i++)
        {
            var fraction = count == 1 ? 0 : (double)i / (count - 1);
            var distanceBps = nearestBps + ((farthestBps - nearestBps) * fraction);
            var rawTicks = (units.MidTicks * (1 + (direction * distanceBps / 10_000))) + units.OffsetTicks;
            var priceTicks = isBid ? Math.Floor(rawTicks + priceMargin) : Math.Ceiling(rawTicks - priceMargin);
            var rawLots = Math.Max(0, units.MinLots + (units.RangeLots * fraction));
            var lots = Math.Floor(rawLots + lotsMargin);
            if (lots > 0 && priceTicks > 0)
            {
                levels[written++] = units.Spec.ToBookLevel(new TickLevel((long)priceTicks, (long)lots));
            }
        }

        return written;
    }

    /// <summary>
    /// How close to a whole tick or lot a computed value counts as on it: about twenty of a double's rounding errors at
    /// the size of the terms it was computed from (2.2e-16 of it each; a sum of terms of opposite signs keeps their
    /// error), far below anything a venue could tell apart.
    /// </summary>
    private static double OnGrid(double termsMagnitude) => 1e-9 + (termsMagnitude * 4e-15);

    /// <summary>The mid, the price offset and the sizes in ticks and lots, once a grid (each a few rounding errors off).</summary>
    private readonly record struct GridUnits(InstrumentSpec Spec, double MidTicks, double OffsetTicks, double MinLots, double RangeLots)
    {
        public static GridUnits Of(InstrumentSpec spec, Price mid, QuoteParameters parameters)
        {
            var tick = (double)spec.TickSize.Value;
            var lot = (double)spec.LotSize.Value;
            return new(
                spec,
                (double)mid.Value / tick,
                (double)parameters.PriceOffset / tick,
                (double)(parameters.MinOrderSize + parameters.SizeOffset) / lot,
                (double)(parameters.MaxOrderSize - parameters.MinOrderSize) / lot);
        }
    }
}
