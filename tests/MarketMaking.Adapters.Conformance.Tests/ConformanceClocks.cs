using MarketMaking.Testing;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>The clock an adapter under test runs on.</summary>
internal static class ConformanceClocks
{
    /// <summary>The system's; 3 s ahead of it for <see cref="ConformanceFaults.ClockAhead"/>, 15 s behind for <see cref="ConformanceFaults.ClockBehind"/> (the venue keeps the system's).</summary>
    public static TimeProvider For(ConformanceFaults faults) => faults switch
    {
        ConformanceFaults.ClockAhead => new ShiftedClock(TimeSpan.FromSeconds(3)),
        ConformanceFaults.ClockBehind => new ShiftedClock(TimeSpan.FromSeconds(-15)),
        _ => TimeProvider.System,
    };
}
