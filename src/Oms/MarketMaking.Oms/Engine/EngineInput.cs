using System.Threading.Channels;
using MarketMaking.Models;

namespace MarketMaking.Oms;

/// <summary>
/// The engine loop's two queues. Control messages (venue answers, fills, order and balance updates, connection changes,
/// commands, timers) go before market data (book snapshots and deltas, public trades), so that an answer or a fill is
/// never held behind a backlog of book updates. Market data is bounded (an adapter waits when the loop is behind);
/// control is not (it is small, and must never wait behind market data). Nothing is conflated: every book update is
/// applied in order, since a delta cannot be skipped without resynchronizing the book.
/// </summary>
internal sealed class EngineInput : IVenueEventSink
{
    private readonly Channel<VenueEvent> _control = Channel.CreateUnbounded<VenueEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<VenueEvent> _marketData;

    public EngineInput(int marketDataCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(marketDataCapacity);
        _marketData = Channel.CreateBounded<VenueEvent>(new BoundedChannelOptions(marketDataCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <inheritdoc/>
    public ValueTask PostAsync(VenueEvent venueEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(venueEvent);
        var writer = venueEvent is BookSnapshot or BookDelta or Trade ? _marketData.Writer : _control.Writer;
        return writer.TryWrite(venueEvent) ? ValueTask.CompletedTask : writer.WriteAsync(venueEvent, cancellationToken);
    }

    /// <summary>Takes the next message: a control message when there is one, else market data.</summary>
    /// <param name="venueEvent">The message.</param>
    /// <returns>Whether there was one.</returns>
    public bool TryRead(out VenueEvent venueEvent) =>
        _control.Reader.TryRead(out venueEvent!) || _marketData.Reader.TryRead(out venueEvent!);

    /// <summary>Gets whether a message waits, without waiting.</summary>
    public bool CanRead => _control.Reader.TryPeek(out _) || _marketData.Reader.TryPeek(out _);

    /// <summary>Waits until a message can be read.</summary>
    /// <returns><see langword="true"/> when one can; <see langword="false"/> once both queues are completed and empty.</returns>
    public async ValueTask<bool> WaitToReadAsync()
    {
        if (CanRead)
        {
            return true;
        }

        var control = _control.Reader.WaitToReadAsync().AsTask();
        var marketData = _marketData.Reader.WaitToReadAsync().AsTask();
        var first = await Task.WhenAny(control, marketData).ConfigureAwait(false);
        return await first.ConfigureAwait(false) || await (first == control ? marketData : control).ConfigureAwait(false);
    }

    /// <summary>Stops taking messages; the reader completes once both queues are empty.</summary>
    public void Complete()
    {
        _control.Writer.TryComplete();
        _marketData.Writer.TryComplete();
    }
}
