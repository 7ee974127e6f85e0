namespace MarketMaking.Simulation.Matching;

/// <summary>
/// The probabilistic queue model with <c>f(x) = log(1 + x)</c> (<see cref="ProbabilisticQueueModel"/>): the split of a
/// cancellation leans to the larger side less than in proportion, so an order moves up more evenly wherever it stands.
/// </summary>
/// <remarks>Source: hftbacktest's <c>LogProbQueueModel</c> (N. Kim,
/// <see href="https://hftbacktest.readthedocs.io/en/latest/reference/queue_models.html"/>).</remarks>
public sealed class LogQueueModel : ProbabilisticQueueModel
{
    /// <summary>Gets the one instance (the model has no settings).</summary>
    public static LogQueueModel Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => "log";

    /// <inheritdoc/>
    protected override double Weight(double quantity) => Math.Log(1 + Math.Max(0, quantity));
}
