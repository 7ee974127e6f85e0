namespace MarketMaking.Simulation.Matching;

/// <summary>
/// A queue model in which a decrease of the level not explained by trades is split between the queue ahead of the order
/// and the queue behind it, by a probability that grows with the share behind: with <c>front</c> the quantity ahead,
/// <c>back = before − front</c> the quantity behind and <c>Δ</c> the unexplained decrease,
/// <c>p = f(back) / (f(back) + f(front))</c> is the probability that the cancellation was behind, and
/// <c>front' = front − (1 − p) Δ + min(back − p Δ, 0)</c>: the part of it ahead leaves the front, and a share behind
/// larger than what is behind comes from the front too. The result is kept between 0 and the level after. An increase
/// of the level joins behind and moves nothing.
/// </summary>
/// <remarks>Source: the probabilistic queue models of hftbacktest (N. Kim, "Queue Models",
/// <see href="https://hftbacktest.readthedocs.io/en/latest/tutorials/Probability%20Queue%20Models.html"/>), after
/// <see href="https://quant.stackexchange.com/questions/3782/how-do-we-estimate-position-of-our-order-in-order-book"/>;
/// <c>f</c> is the model's.</remarks>
public abstract class ProbabilisticQueueModel : IQueueModel
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public double OnLevelChange(double ahead, double levelBefore, double levelAfter, double traded)
    {
        var decrease = levelBefore - levelAfter - traded;
        var front = ahead;
        if (decrease > 0)
        {
            var back = levelBefore - front;
            var behind = Weight(back) / (Weight(back) + Weight(front));
            if (!double.IsFinite(behind))
            {
                // Neither side holds anything to weigh (an empty level): the cancellation cannot be ahead.
                behind = 1;
            }

            front = front - ((1 - behind) * decrease) + Math.Min(back - (behind * decrease), 0);
        }

        return Math.Clamp(front, 0, Math.Max(0, levelAfter));
    }

    /// <summary>The model's <c>f</c>: how a quantity weighs in the probability (increasing, <c>f(0) = 0</c>).</summary>
    /// <param name="quantity">A quantity ahead or behind, in base units.</param>
    /// <returns>Its weight.</returns>
    protected abstract double Weight(double quantity);
}
