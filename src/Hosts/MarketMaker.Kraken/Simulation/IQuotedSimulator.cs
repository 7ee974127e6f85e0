using MarketMaking.Models;

namespace MarketMaker.Kraken.Simulation;

/// <summary>
/// The simulator of the venue quoted in a sim run, speaking that venue's own protocol on loopback: the host's adapter
/// connects to it as it would to the venue, and <see cref="ReplayDriver"/> paces its replay.
/// </summary>
internal interface IQuotedSimulator : IAsyncDisposable
{
    /// <summary>Gets the venue id the adapter trades under.</summary>
    VenueId Venue { get; }

    /// <summary>Gets how the start line and the summary name it, such as <c>Kraken-protocol simulator</c>.</summary>
    string Description { get; }

    /// <summary>Gets its REST base URL.</summary>
    Uri RestBaseUrl { get; }

    /// <summary>Gets whether the whole recording has been replayed.</summary>
    bool IsReplayComplete { get; }

    /// <summary>Gets how many recorded events have been replayed.</summary>
    long EventsReplayed { get; }

    /// <summary>Gets the configuration that points the host's adapter at it: URLs and the simulator's API key and secret.</summary>
    IReadOnlyDictionary<string, string?> AdapterSettings { get; }

    /// <summary>Replays the next events, paced by the run's speed.</summary>
    /// <param name="maxEvents">The most events to replay.</param>
    /// <param name="cancellationToken">Stops the replay between events.</param>
    /// <returns>How many were replayed.</returns>
    Task<long> ReplayAsync(long maxEvents, CancellationToken cancellationToken);

    /// <summary>Reads the venue's replayed time.</summary>
    /// <returns>The time in ns since the Unix epoch.</returns>
    Task<long> NowAsync();

    /// <summary>Counts the orders resting at the venue (the summary's check that nothing of ours was left).</summary>
    /// <returns>The count.</returns>
    Task<int> RestingOrdersAsync();
}
