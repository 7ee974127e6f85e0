using MarketMaking.Testing;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>The clock an adapter under test runs on.</summary>
internal static class ConformanceClocks
{
    /// <summary>The system's, or 3 s ahead of it for <see cref="ConformanceFaults.ClockAhead"/> (the venue keeps the system's).</summary>
    public static TimeProvider For(ConformanceFaults faults) =>
        faults == ConformanceFaults.ClockAhead ? new ShiftedClock(TimeSpan.FromSeconds(3)) : TimeProvider.System;
}
