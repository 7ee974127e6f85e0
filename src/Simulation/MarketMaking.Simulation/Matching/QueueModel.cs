namespace MarketMaking.Simulation.Matching;

/// <summary>
/// How a resting order's place in its price level's queue moves, from what a replayed L2 feed shows.
/// </summary>
/// <remarks>
/// <para>The order joins behind the quantity displayed at its price when it rests. A public trade at that price
/// consumes the queue from the front: first the displayed quantity ahead of our earliest order, then that order, and so
/// on. A decrease of the level not explained by trades since the level was last seen is a cancellation somewhere in
/// the queue; the share of it ahead of us is taken proportional to our position:
/// <c>ahead −= Δ × ahead / level</c> — a cancellation is as likely at any displayed unit. Increases join behind us.
/// The estimate never exceeds the level's displayed quantity.</para>
/// <para>Source: the probabilistic queue models of hftbacktest (N. Kim, "Queue Models",
/// <see href="https://hftbacktest.readthedocs.io/en/latest/tutorials/Probability%20Queue%20Models.html"/>) with the
/// linear probability <c>f(x) = x</c>; the trade-first rule is the same as its risk-averse model.</para>
/// </remarks>
public static class QueueModel
{
    /// <summary>Applies a change of the level's displayed quantity to the quantity ahead of an order.</summary>
    /// <param name="aheadLots">The quantity ahead before.</param>
    /// <param name="levelBeforeLots">The level's displayed quantity when last seen.</param>
    /// <param name="levelAfterLots">The level's displayed quantity now.</param>
    /// <param name="tradedLots">The quantity traded at the price since the level was last seen (already taken from the front).</param>
    /// <returns>The quantity ahead after.</returns>
    public static double OnLevelChange(double aheadLots, long levelBeforeLots, long levelAfterLots, long tradedLots)
    {
        var decrease = levelBeforeLots - levelAfterLots;
        var canceled = Math.Max(0, decrease - tradedLots);
        var ahead = aheadLots;
        if (canceled > 0 && levelBeforeLots > 0)
        {
            ahead -= canceled * (aheadLots / levelBeforeLots);
        }

        return Math.Clamp(ahead, 0, Math.Max(0, levelAfterLots));
    }

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
