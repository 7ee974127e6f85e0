namespace MarketMaking.Testing;

/// <summary>The system's clock shifted by a fixed offset: a machine whose clock is off the venue's.</summary>
/// <param name="offset">How far ahead (positive) or behind (negative) of the system's clock.</param>
public sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
