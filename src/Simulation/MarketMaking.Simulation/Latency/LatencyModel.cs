using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Simulation.Latency;

/// <summary>
/// A delay drawn as a fixed part plus a uniform jitter from a seeded generator: the same seed gives the same delays in
/// the same order, so a simulation is reproducible.
/// </summary>
public sealed class LatencyModel
{
    private readonly long _fixedNanoseconds;
    private readonly long _jitterNanoseconds;
    private readonly Random _random;

    /// <summary>Initializes a model.</summary>
    /// <param name="fixedPart">The delay every time.</param>
    /// <param name="jitter">The largest extra delay, drawn uniformly from [0, jitter].</param>
    /// <param name="seed">The generator's seed.</param>
    /// <exception cref="ArgumentOutOfRangeException">A delay is negative.</exception>
    public LatencyModel(TimeSpan fixedPart, TimeSpan jitter, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fixedPart, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(jitter, TimeSpan.Zero);
        _fixedNanoseconds = fixedPart.Ticks * 100;
        _jitterNanoseconds = jitter.Ticks * 100;
        _random = new Random(seed);
    }

    /// <summary>Gets a model without delay.</summary>
    public static LatencyModel None => new(TimeSpan.Zero, TimeSpan.Zero, 0);

    /// <summary>Draws the next delay.</summary>
    /// <returns>The delay in ns.</returns>
    public long NextNanoseconds() => _fixedNanoseconds + (_jitterNanoseconds == 0 ? 0 : _random.NextInt64(_jitterNanoseconds + 1));
}
