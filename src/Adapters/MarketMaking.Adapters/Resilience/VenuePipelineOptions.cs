using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Adapters;

/// <summary>Settings of one venue endpoint class's resilience pipeline.</summary>
public sealed class VenuePipelineOptions
{
    /// <summary>Gets or sets the longest one attempt may take.</summary>
    /// <value>Defaults to 10 s.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the longest a call may take, retries and waits included.</summary>
    /// <value>Defaults to 30 s.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many times a transient failure is retried.</summary>
    /// <value>Defaults to 3.</value>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the first retry's delay; later ones grow exponentially with jitter.</summary>
    /// <value>Defaults to 500 ms.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the longest delay between retries.</summary>
    /// <value>Defaults to 10 s.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the share of failed calls over <see cref="SamplingDuration"/> that opens the circuit.</summary>
    /// <value>Defaults to 0.5.</value>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets the fewest calls in <see cref="SamplingDuration"/> before the circuit may open.</summary>
    /// <value>Defaults to 4.</value>
    [Range(2, 1000)]
    public int MinimumThroughput { get; set; } = 4;

    /// <summary>Gets or sets the window over which failures are counted.</summary>
    /// <value>Defaults to 30 s.</value>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long the circuit stays open before a trial call.</summary>
    /// <value>Defaults to 30 s.</value>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:30:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
