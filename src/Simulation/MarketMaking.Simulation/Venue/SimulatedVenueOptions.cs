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

    /// <summary>Gets or sets the delay between the venue publishing market data and the client receiving it, in recorded time.</summary>
    /// <value>Defaults to 1 ms plus up to 1 ms of jitter.</value>
    [Required]
    public LatencyOptions MarketDataLatency { get; set; } = new() { Fixed = TimeSpan.FromMilliseconds(1), Jitter = TimeSpan.FromMilliseconds(1) };

    /// <summary>Gets or sets the seed of every random draw: the same data, settings and seed give the same run.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Gets or sets how resting orders' queue positions move on a level's changes without a trade.</summary>
    /// <value>Defaults to <see cref="Matching.PowerQueueModel.Linear"/> (a cancellation as likely at any displayed unit).</value>
    public Matching.IQueueModel QueueModel { get; set; } = Matching.PowerQueueModel.Linear;
}
