namespace MarketMaking.Simulation.Matching;

/// <summary>
/// The part of queue-position estimation every <see cref="IQueueModel"/> shares: an order joins behind the quantity
/// displayed at its price when it rests, and a public trade at that price consumes the queue from the front (first the
/// displayed quantity ahead of our earliest order, then that order, and so on). How the queue moves on a change of the
/// level without a trade is the model's.
/// </summary>
/// <remarks>Source: hftbacktest's queue models (N. Kim,
/// <see href="https://hftbacktest.readthedocs.io/en/latest/reference/queue_models.html"/>): a trade advances every
/// model's queue by its quantity.</remarks>
public static class QueueModel
{
    /// <summary>
    /// Applies a public trade at the order's price: the trade first consumes the displayed quantity ahead, and what
    /// is left of it fills the order.
    /// </summary>
    /// <param name="aheadLots">The quantity ahead before.</param>
    /// <param name="tradeLots">The part of the trade not already filled to our orders ahead of this one.</param>
    /// <param name="remainingLots">The order's open quantity.</param>
    /// <param name="filledLots">The order's fill from this trade.</param>
    /// <returns>The quantity ahead after.</returns>
    public static double OnTrade(double aheadLots, long tradeLots, long remainingLots, out long filledLots)
    {
        if (tradeLots <= aheadLots)
        {
            filledLots = 0;
            return aheadLots - tradeLots;
        }

        // Whole lots only: the part of a lot still ahead is not ours to fill.
        filledLots = Math.Min(remainingLots, (long)Math.Floor(tradeLots - aheadLots));
        return 0;
    }
}
