namespace MarketMaking.Strategies;

/// <summary>
/// The order-arrival decay κ of Avellaneda and Stoikov's fill intensity <c>λ(δ) = A·e^(−κ·δ)</c>, estimated online
/// from public trades: the distance δ of each trade's price from the mid before it is, under that intensity,
/// exponentially distributed with rate κ, so the maximum-likelihood estimate over the last trades is
/// <c>κ = n / Σδ</c>, in 1 / price units.
/// </summary>
/// <remarks>
/// Distances are floored at half a tick (a trade at the touch of a one-tick spread is half a tick from the mid).
/// Source: M. Avellaneda and S. Stoikov, "High-frequency trading in a limit order book", Quantitative Finance 8(3),
/// 2008, §2.2 (the exponential intensity); the estimator is the exponential distribution's maximum likelihood.
/// </remarks>
public sealed class ArrivalDecayEstimator
{
    private readonly RollingSum _distances;
    private readonly int _warmUp;

    /// <summary>Initializes the estimator.</summary>
    /// <param name="window">How many recent trades it covers.</param>
    /// <param name="warmUpTrades">How many trades before <see cref="IsReady"/> (at most the window).</param>
    /// <exception cref="ArgumentOutOfRangeException">The window or warm-up is not positive.</exception>
    public ArrivalDecayEstimator(int window, int warmUpTrades = 50)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(warmUpTrades);
        _distances = new RollingSum(window);
        _warmUp = Math.Min(warmUpTrades, window);
    }

    /// <summary>Gets whether enough trades were seen to trust <see cref="Value"/>.</summary>
    public bool IsReady => _distances.Count >= _warmUp;

    /// <summary>Gets κ in 1 / price units (0 before any trade).</summary>
    public double Value => _distances.Value > 0 ? _distances.Count / _distances.Value : 0;

    /// <summary>Takes a public trade.</summary>
    /// <param name="tradePrice">The trade's price.</param>
    /// <param name="mid">The mid before the trade.</param>
    /// <param name="tickSize">The instrument's tick size, in price units.</param>
    public void Update(double tradePrice, double mid, double tickSize) =>
        _distances.Add(Math.Max(Math.Abs(tradePrice - mid), tickSize / 2));
}
