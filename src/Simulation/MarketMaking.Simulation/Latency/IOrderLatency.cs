namespace MarketMaking.Simulation.Latency;

/// <summary>
/// How long an order request takes to reach a simulated venue's matching engine, and how long the venue's answer (and
/// every event about our orders) takes to come back: the two legs of hftbacktest's order latency
/// (https://hftbacktest.readthedocs.io/en/latest/latency_models.html).
/// </summary>
/// <remarks>
/// Called on the thread that drives the venue, in simulated time order; an implementation may keep state (a seeded
/// generator) but must give the same delays for the same calls to keep runs reproducible.
/// </remarks>
public interface IOrderLatency
{
    /// <summary>Draws the delay of a request from the client to the matching engine.</summary>
    /// <param name="sendTime">When the client sends it, in ns since the Unix epoch.</param>
    /// <returns>The delay in ns, zero or more.</returns>
    long EntryNanoseconds(long sendTime);

    /// <summary>Draws the delay of an answer or order event from the matching engine to the client.</summary>
    /// <param name="venueTime">When the venue sends it, in ns since the Unix epoch.</param>
    /// <returns>The delay in ns, zero or more.</returns>
    long ResponseNanoseconds(long venueTime);
}
