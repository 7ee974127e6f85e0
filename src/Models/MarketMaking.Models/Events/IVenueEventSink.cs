
namespace MarketMaking.Models;

/// <summary>
/// Where an adapter posts the normalized events it receives, in the order received. The engine loop provides one
/// backed by a bounded channel, so a slow consumer slows the adapter's reading instead of growing memory.
/// </summary>
public interface IVenueEventSink
{
    /// <summary>Posts one event, waiting while the sink is full.</summary>
    /// <param name="venueEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Completes when the event is accepted.</returns>
    ValueTask PostAsync(VenueEvent venueEvent, CancellationToken cancellationToken = default);
}
