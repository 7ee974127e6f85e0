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

    // Up to this many levels a side, they are built on the stack.
    private const int MaxLevelsOnStack = 32;

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
        var multiplier = Math.Clamp(bandWidthBps / parameters.SpreadBps, 1, MaxSpreadMultiplier);
        var halfSpreadBps = ((parameters.SpreadBps * multiplier) + parameters.VolatilityOffsetBps) / 2;
        var delta = parameters.MaxPosition > 0 ? Math.Clamp((double)(position / parameters.MaxPosition), -1, 1) : 0;
        var skew = Skew(Math.Clamp(signal, -1, 1), delta, parameters);
        var quoteBids = delta <= parameters.InventoryExtreme;
        var quoteAsks = delta >= -parameters.InventoryExtreme;
        var perSide = Math.Max(0, parameters.OrdersPerSide);
        Span<BookLevel> bids = perSide <= MaxLevelsOnStack ? stackalloc BookLevel[MaxLevelsOnStack] : new BookLevel[perSide];
        Span<BookLevel> asks = perSide <= MaxLevelsOnStack ? stackalloc BookLevel[MaxLevelsOnStack] : new BookLevel[perSide];
        bids = bids[..(quoteBids ? perSide : 0)];
        asks = asks[..(quoteAsks ? perSide : 0)];
        bids = bids[..Side(spec, mid, halfSpreadBps * (1 - (skew / 2)), parameters, isBid: true, bids)];
        asks = asks[..Side(spec, mid, halfSpreadBps * (1 + (skew / 2)), parameters, isBid: false, asks)];
        return previous is not null && bids.SequenceEqual(previous.Bids.AsSpan()) && asks.SequenceEqual(previous.Asks.AsSpan())
            ? previous
            : new QuoteGrid([.. bids], [.. asks], skew, multiplier);
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

    /// <summary>Writes one side's levels, nearest first; returns how many (a level rounded to nothing is left out).</summary>
    private static int Side(InstrumentSpec spec, Price mid, double nearestBps, QuoteParameters parameters, bool isBid, Span<BookLevel> levels)
    {
        var count = levels.Length;
        var farthestBps = Math.Max(parameters.FinalOrderDistanceBps, nearestBps);
        var written = 0;
        for (var i = 0; i < count; i++)
        {
            var fraction = count == 1 ? 0 : (double)i / (count - 1);
            var distanceBps = nearestBps + ((farthestBps - nearestBps) * fraction);
            var raw = (mid.Value * (1 + ((isBid ? -1 : 1) * (decimal)distanceBps / 10_000m))) + parameters.PriceOffset;
            var price = isBid ? spec.RoundDownToTick(new Price(raw)) : spec.RoundUpToTick(new Price(raw));
            var size = parameters.MinOrderSize + ((parameters.MaxOrderSize - parameters.MinOrderSize) * (decimal)fraction) + parameters.SizeOffset;
            var quantity = spec.RoundDownToLot(new Quantity(Math.Max(0, size)));
            if (quantity.Value > 0 && price.Value > 0)
            {
                levels[written++] = new BookLevel(price, quantity);
            }
        }

        return written;
    }
}
