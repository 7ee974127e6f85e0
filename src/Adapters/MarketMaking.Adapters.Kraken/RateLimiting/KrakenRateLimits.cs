namespace MarketMaking.Adapters.Kraken;

/// <summary>Kraken's published rate limits per tier and the trading counter's costs by order age.</summary>
/// <remarks>
/// Sources: <see href="https://docs.kraken.com/api/docs/guides/spot-rest-ratelimits"/> (REST call counter) and
/// <see href="https://docs.kraken.com/api/docs/guides/spot-ratelimits"/> (matching-engine counter per pair, shared by
/// REST, WebSocket and FIX). The age of an order is counted from its creation or its last amend.
/// </remarks>
public static class KrakenRateLimits
{
    // Age brackets of the penalty table: < 5 s, < 10 s, < 15 s, < 45 s, < 90 s, < 300 s, older.
    private static readonly double[] s_ageBracketSeconds = [5, 10, 15, 45, 90, 300];
    private static readonly int[] s_amendPenalty = [3, 2, 1, 0, 0, 0, 0];
    private static readonly int[] s_editPenalty = [6, 5, 4, 2, 1, 0, 0];
    private static readonly int[] s_cancelPenalty = [8, 6, 5, 4, 2, 1, 0];

    /// <summary>Gets the REST call counter's maximum for a tier.</summary>
    /// <param name="tier">The tier.</param>
    /// <returns>15 for Starter, 20 otherwise.</returns>
    public static double RestCounterMaximum(KrakenTier tier) => tier == KrakenTier.Starter ? 15 : 20;

    /// <summary>Gets the REST call counter's decay per second for a tier.</summary>
    /// <param name="tier">The tier.</param>
    /// <returns>0.33, 0.5 or 1.</returns>
    public static double RestCounterDecayPerSecond(KrakenTier tier) => tier switch
    {
        KrakenTier.Starter => 0.33,
        KrakenTier.Intermediate => 0.5,
        KrakenTier.Pro => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown Kraken tier."),
    };

    /// <summary>Gets the trading counter's threshold per pair for a tier.</summary>
    /// <param name="tier">The tier.</param>
    /// <returns>60, 125 or 180.</returns>
    public static double TradingCounterThreshold(KrakenTier tier) => tier switch
    {
        KrakenTier.Starter => 60,
        KrakenTier.Intermediate => 125,
        KrakenTier.Pro => 180,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown Kraken tier."),
    };

    /// <summary>Gets the trading counter's decay per second for a tier.</summary>
    /// <param name="tier">The tier.</param>
    /// <returns>1, 2.34 or 3.75.</returns>
    public static double TradingCounterDecayPerSecond(KrakenTier tier) => tier switch
    {
        KrakenTier.Starter => 1,
        KrakenTier.Intermediate => 2.34,
        KrakenTier.Pro => 3.75,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown Kraken tier."),
    };

    /// <summary>Gets the most open orders per pair for a tier.</summary>
    /// <param name="tier">The tier.</param>
    /// <returns>60, 80 or 225.</returns>
    public static int MaxOpenOrdersPerPair(KrakenTier tier) => tier switch
    {
        KrakenTier.Starter => 60,
        KrakenTier.Intermediate => 80,
        KrakenTier.Pro => 225,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown Kraken tier."),
    };

    /// <summary>Gets what a trading action adds to the pair's counter.</summary>
    /// <param name="action">The action.</param>
    /// <param name="orderAge">For amend, edit and cancel: the time since the order was created or last amended.</param>
    /// <param name="orderCount">For batches: the number of orders.</param>
    /// <returns>The cost in counter units.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is unknown or <paramref name="orderCount"/> is not positive.</exception>
    public static double TradingCost(KrakenTradingAction action, TimeSpan orderAge = default, int orderCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(orderCount);
        var bracket = AgeBracket(orderAge);
        return action switch
        {
            KrakenTradingAction.AddOrder => 1,
            KrakenTradingAction.AmendOrder => 1 + s_amendPenalty[bracket],
            KrakenTradingAction.EditOrder => 1 + s_editPenalty[bracket],
            KrakenTradingAction.CancelOrder => s_cancelPenalty[bracket],
            KrakenTradingAction.BatchAdd => orderCount / 2.0,
            KrakenTradingAction.BatchCancel => s_cancelPenalty[bracket] * orderCount,
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown Kraken trading action."),
        };
    }

    private static int AgeBracket(TimeSpan age)
    {
        var seconds = age.TotalSeconds;
        var bracket = 0;
        while (bracket < s_ageBracketSeconds.Length && seconds >= s_ageBracketSeconds[bracket])
        {
            bracket++;
        }

        return bracket;
    }
}
