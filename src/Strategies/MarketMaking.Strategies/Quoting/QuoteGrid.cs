using System.Collections.Immutable;
using MarketMaking.Models;

namespace MarketMaking.Strategies;

/// <summary>The quotes wanted now: bids from the nearest to the farthest, then asks likewise. Prices on tick, sizes on lot.</summary>
/// <param name="Bids">The bids, best first.</param>
/// <param name="Asks">The asks, best first.</param>
/// <param name="Skew">The final skew used, in [−1, 1].</param>
/// <param name="SpreadMultiplier">The volatility multiple of the base spread used, in [1, 10].</param>
public sealed record QuoteGrid(ImmutableArray<BookLevel> Bids, ImmutableArray<BookLevel> Asks, double Skew, double SpreadMultiplier)
{
    /// <summary>Whether the grid's levels are these (prices and sizes), side by side.</summary>
    internal bool Has(ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks) =>
        bids.SequenceEqual(Bids.AsSpan()) && asks.SequenceEqual(Asks.AsSpan());
}
