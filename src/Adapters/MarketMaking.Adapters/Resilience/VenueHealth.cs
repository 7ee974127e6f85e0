namespace MarketMaking.Adapters;

/// <summary>A venue endpoint class's health, from its circuit breaker. Values are pinned.</summary>
public enum VenueHealth
{
    /// <summary>Calls flow (circuit closed).</summary>
    Healthy = 0,

    /// <summary>Trial calls are let through after a break (circuit half-open).</summary>
    Recovering = 1,

    /// <summary>Too many recent failures: calls are refused without being sent (circuit open).</summary>
    Unavailable = 2,

    /// <summary>Isolated by an operator: calls are refused until reset.</summary>
    Isolated = 3,
}
