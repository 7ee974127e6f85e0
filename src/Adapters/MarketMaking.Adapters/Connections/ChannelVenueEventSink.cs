using System.Threading.Channels;
using MarketMaking.Models;

namespace MarketMaking.Adapters;

/// <summary>An <see cref="IVenueEventSink"/> over a bounded channel that waits when full (never drops an event).</summary>
public sealed class ChannelVenueEventSink : IVenueEventSink
{
    private readonly Channel<VenueEvent> _channel;

    /// <summary>Initializes a sink with its own channel.</summary>
    /// <param name="capacity">The most events held before posting waits.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public ChannelVenueEventSink(int capacity = 65_536)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _channel = Channel.CreateBounded<VenueEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Gets the reader the consumer takes events from, in the order posted.</summary>
    public ChannelReader<VenueEvent> Reader => _channel.Reader;

    /// <inheritdoc/>
    public ValueTask PostAsync(VenueEvent venueEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(venueEvent);
        return _channel.Writer.TryWrite(venueEvent) ? ValueTask.CompletedTask : _channel.Writer.WriteAsync(venueEvent, cancellationToken);
    }

    /// <summary>Marks the end of the stream: the reader completes once it has taken every event.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
