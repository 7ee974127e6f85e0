namespace MarketMaking.Simulation.Matching;

/// <summary>
/// The conservative queue model: an order advances only by trades at its price; a decrease of the level is taken to be
/// behind it, and moves it only when the level falls below the quantity ahead (nobody can be ahead of more than the
/// level shows).
/// </summary>
/// <remarks>Source: hftbacktest's <c>RiskAverseQueueModel</c> (N. Kim,
/// <see href="https://hftbacktest.readthedocs.io/en/latest/reference/queue_models.html"/>).</remarks>
public sealed class RiskAverseQueueModel : IQueueModel
{
    /// <summary>Gets the one instance (the model has no settings).</summary>
    public static RiskAverseQueueModel Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "risk-averse";

    /// <inheritdoc/>
    public double OnLevelChange(double ahead, double levelBefore, double levelAfter, double traded) =>
        Math.Clamp(ahead, 0, Math.Max(0, levelAfter));
}
