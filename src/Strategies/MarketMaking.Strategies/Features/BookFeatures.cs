using MarketMaking.Models;

namespace MarketMaking.Strategies;

/// <summary>Features read straight from one book: depth imbalance, microprice offset, and the difference to a reference venue's mid.</summary>
public static class BookFeatures
{
    /// <summary>
    /// The quantity imbalance of the top levels, averaged over several depths:
    /// mean over d of (Σᵈ bid qty − Σᵈ ask qty) / (Σᵈ bid qty + Σᵈ ask qty), in [−1, 1]. Positive: more bids.
    /// </summary>
    /// <param name="book">The book.</param>
    /// <param name="depths">The depths, such as 1, 5 and 10 (the seed's <c>depths</c>).</param>
    /// <returns>The imbalance, or 0 for an empty book.</returns>
    /// <remarks>Source: the seed's feature engine; see also Cartea, Jaimungal and Penalva, "Algorithmic and High-Frequency Trading", 2015, §4.3.</remarks>
    public static double Imbalance(OrderBook book, ReadOnlySpan<int> depths)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (depths.IsEmpty)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var depth in depths)
        {
            sum += book.Imbalance(depth);
        }

        return sum / depths.Length;
    }

    /// <summary>
    /// The microprice's offset from the mid, in bps: the size-weighted mid (Pᴬ·qᴮ + Pᴮ·qᴬ)/(qᴬ + qᴮ) leans toward the
    /// side more likely to be taken next.
    /// </summary>
    /// <param name="book">The book.</param>
    /// <returns>The offset in bps of the mid, or 0 without both sides.</returns>
    /// <remarks>Source: S. Stoikov, "The micro-price: a high-frequency estimator of future prices", Quantitative Finance 18(12), 2018 (the weighted mid is its first-order form).</remarks>
    public static double MicropriceOffsetBps(OrderBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (book.BidDepth == 0 || book.AskDepth == 0)
        {
            return 0;
        }

        // In ticks and doubles: the decimals of Mid and Microprice cost more than the rest of a requote's features.
        var (bid, ask) = (book.GetBid(0), book.GetAsk(0));
        var mid = (bid.PriceTicks + (double)ask.PriceTicks) / 2;
        var micro = ((bid.PriceTicks * (double)ask.QuantityLots) + (ask.PriceTicks * (double)bid.QuantityLots)) / ((double)bid.QuantityLots + ask.QuantityLots);
        return mid > 0 ? (micro - mid) / mid * 10_000 : 0;
    }

    /// <summary>The reference venue's mid minus ours, in bps of ours: where the other market says the price is.</summary>
    /// <param name="book">Our venue's book.</param>
    /// <param name="reference">The reference venue's book.</param>
    /// <returns>The difference in bps, or 0 without both mids.</returns>
    public static double ReferenceMidDifferenceBps(OrderBook book, OrderBook reference)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(reference);
        return book.Mid is { } mid && reference.Mid is { } other && mid.Value > 0
            ? (double)((other.Value - mid.Value) / mid.Value) * 10_000
            : 0;
    }
}
