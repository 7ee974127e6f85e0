using System.ComponentModel.DataAnnotations;
using MarketMaking.Simulation.Accounts;
using MarketMaking.Simulation.Latency;

namespace MarketMaking.Simulation.Venue;

/// <summary>Settings of a <see cref="SimulatedVenue"/>.</summary>
public sealed class SimulatedVenueOptions
{
    /// <summary>Gets or sets the fee rates.</summary>
    [Required]
    public FeeSchedule Fees { get; set; } = new();

    /// <summary>Gets or sets the delay between a request leaving the client and the engine acting on it, in recorded time.</summary>
    /// <value>Defaults to 1 ms plus up to 1 ms of jitter.</value>
    [Required]
    public LatencyOptions OrderEntryLatency { get; set; } = new() { Fixed = TimeSpan.FromMilliseconds(1), Jitter = TimeSpan.FromMilliseconds(1) };

    /// <summary>
    /// Gets or sets the delay between the venue answering a request (or sending an event about an order) and the
    /// client receiving it, in recorded time. In-process clients (<see cref="SimulatedVenueClient"/>: backtests, a
    /// simulated hedge venue) apply it; the Kraken-protocol server answers on its sockets as soon as it has acted.
    /// </summary>
    /// <value>Defaults to 1 ms plus up to 1 ms of jitter.</value>
    [Required]
    public LatencyOptions ResponseLatency { get; set; } = new() { Fixed = TimeSpan.FromMilliseconds(1), Jitter = TimeSpan.FromMilliseconds(1) };

    /// <summary>
    /// Gets or sets the order latency used instead of <see cref="OrderEntryLatency"/> and <see cref="ResponseLatency"/>,
    /// such as one measured on a live run (<see cref="RecordedOrderLatency"/>), or <see langword="null"/> for those two.
    /// </summary>
    public IOrderLatency? OrderLatency { get; set; }

    /// <summary>
    /// Gets or sets when an in-process simulated venue (<see cref="SimulatedVenueClient"/>) acts on a recorded event
    /// against when its client sees it.
    /// </summary>
    /// <value>Defaults to <see cref="Latency.FeedLatency.Recorded"/>: the venue at the exchange's time, the client at the receive time.</value>
    public FeedLatency FeedLatency { get; set; } = FeedLatency.Recorded;

    /// <summary>Gets or sets the delay between the venue publishing market data and the client receiving it, in recorded time.</summary>
    /// <value>Defaults to 1 ms plus up to 1 ms of jitter.</value>
    [Required]
    public LatencyOptions MarketDataLatency { get; set; } = new() { Fixed = TimeSpan.FromMilliseconds(1), Jitter = TimeSpan.FromMilliseconds(1) };

    /// <summary>Gets or sets the seed of every random draw: the same data, settings and seed give the same run.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Gets or sets whether a trade fills a resting order only in part when it had less left than the order (<see cref="Matching.MatchingEngine.PartialFills"/>).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool PartialFills { get; set; } = true;

    /// <summary>Gets or sets how resting orders' queue positions move on a level's changes without a trade.</summary>
    /// <value>Defaults to <see cref="Matching.PowerQueueModel.Linear"/> (a cancellation as likely at any displayed unit).</value>
    public Matching.IQueueModel QueueModel { get; set; } = Matching.PowerQueueModel.Linear;
}
