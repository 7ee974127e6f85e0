using System.Collections.Concurrent;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc.Tests.Loopback;

/// <summary>Keeps every event an adapter posts, in order.</summary>
internal sealed class RecordingSink : IVenueEventSink
{
    public ConcurrentQueue<VenueEvent> Events { get; } = new();

    public IEnumerable<T> Of<T>() => Events.OfType<T>();

    public ValueTask PostAsync(VenueEvent venueEvent, CancellationToken cancellationToken = default)
    {
        Events.Enqueue(venueEvent);
        return ValueTask.CompletedTask;
    }
}
