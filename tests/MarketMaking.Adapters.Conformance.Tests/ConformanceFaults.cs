namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>What the loopback venue does wrong for one test.</summary>
internal enum ConformanceFaults
{
    /// <summary>Nothing.</summary>
    None,

    /// <summary>Every order-entry answer comes later than the adapter's time-out.</summary>
    SlowAnswers,

    /// <summary>The venue answers order entry with its rate-limit refusal after the first request.</summary>
    RateLimited,

    /// <summary>The adapter's clock runs 3 s ahead of the venue's: a signed timestamp is refused until the adapter reads the venue's clock.</summary>
    ClockAhead,

    /// <summary>The adapter's clock runs 15 s behind the venue's: past every receive window and every stream auth's expiry.</summary>
    ClockBehind,
}
