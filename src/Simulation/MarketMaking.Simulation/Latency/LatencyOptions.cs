using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Simulation.Latency;

/// <summary>Settings of a <see cref="LatencyModel"/>.</summary>
public sealed class LatencyOptions
{
    /// <summary>Gets or sets the delay every time.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan Fixed { get; set; }

    /// <summary>Gets or sets the largest extra delay, drawn uniformly.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan Jitter { get; set; }

    /// <summary>Builds the model.</summary>
    /// <param name="seed">The generator's seed.</param>
    /// <returns>The model.</returns>
    public LatencyModel Build(int seed) => new(Fixed, Jitter, seed);
}
