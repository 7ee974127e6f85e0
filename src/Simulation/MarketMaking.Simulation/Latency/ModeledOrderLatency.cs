namespace MarketMaking.Simulation.Latency;

/// <summary>Order latency drawn from two <see cref="LatencyModel"/>s, one a leg: a constant, or a constant plus a uniform jitter.</summary>
/// <param name="entry">The request's leg.</param>
/// <param name="response">The answer's leg.</param>
public sealed class ModeledOrderLatency(LatencyModel entry, LatencyModel response) : IOrderLatency
{
    /// <inheritdoc/>
    public long EntryNanoseconds(long sendTime) => entry.NextNanoseconds();

    /// <inheritdoc/>
    public long ResponseNanoseconds(long venueTime) => response.NextNanoseconds();
}
