
namespace MarketMaking.Models;

/// <summary>A supervised connection changed state; posted to the engine loop like any other venue event.</summary>
/// <param name="Venue">The venue.</param>
/// <param name="Connection">Which connection of the adapter, such as <c>public</c> or <c>private</c>.</param>
/// <param name="Previous">The state before.</param>
/// <param name="Current">The state now.</param>
/// <param name="Reason">Why it changed (the error, the timeout), or <see langword="null"/>.</param>
/// <param name="TsInit">The local time of the change in ns since the Unix epoch.</param>
public sealed record ConnectionStateChanged(
    VenueId Venue,
    string Connection,
    ConnectionState Previous,
    ConnectionState Current,
    string? Reason,
    long TsInit) : VenueEvent(Venue, TsInit, TsInit)
{
    /// <summary>Gets the reconnection attempt this change belongs to (0 for the first connection).</summary>
    public int Attempt { get; init; }
}
