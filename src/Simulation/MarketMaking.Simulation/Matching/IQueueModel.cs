namespace MarketMaking.Simulation.Matching;

/// <summary>
/// How a resting order's place in its price level's queue moves when the level's displayed quantity changes without a
/// trade to explain it (a cancellation somewhere in the queue, or orders joining behind). An extension point: the
/// simulator ships <see cref="RiskAverseQueueModel"/>, <see cref="PowerQueueModel"/> and <see cref="LogQueueModel"/>.
/// </summary>
/// <remarks>
/// Every model shares the rest (<see cref="QueueModel"/>): an order joins behind the quantity displayed at its price,
/// and a public trade at its price consumes the queue from the front, the order filling with what is left of the trade.
/// A decrease never fills an order: only trades do. Quantities are in base units (contracts where the
/// venue counts in contracts), as the published models define them: <see cref="LogQueueModel"/> depends on the unit.
/// </remarks>
public interface IQueueModel
{
    /// <summary>Gets the model's name, as <c>--queue-model</c> takes it (such as <c>power:2</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Applies a change of the level's displayed quantity to the quantity ahead of an order. Called when the level
    /// changed or trades happened at the price since it was last seen; an unchanged level leaves the queue as it was.
    /// </summary>
    /// <param name="ahead">The quantity ahead before.</param>
    /// <param name="levelBefore">The level's displayed quantity when last seen.</param>
    /// <param name="levelAfter">The level's displayed quantity now.</param>
    /// <param name="traded">The quantity traded at the price since the level was last seen (already taken from the front).</param>
    /// <returns>The quantity ahead after: never negative, never more than <paramref name="levelAfter"/>.</returns>
    double OnLevelChange(double ahead, double levelBefore, double levelAfter, double traded);
}
