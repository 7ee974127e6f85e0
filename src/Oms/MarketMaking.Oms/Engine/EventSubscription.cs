using System.Runtime.InteropServices;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Oms;

/// <summary>
/// An out-of-loop subscriber of the engine loop: its own bounded queue and task, so that a slow or throwing subscriber
/// stalls neither the loop nor the other subscribers.
/// </summary>
public sealed class EventSubscription : IAsyncDisposable
{
    private readonly SubscriberRing _queue;
    private readonly Func<VenueEvent, bool> _filter;
    private readonly Func<VenueEvent, CancellationToken, ValueTask> _handler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _worker;
    private long _dropped;
    private bool _written;

    // What the subscriber's task counts, on cache lines of its own: beside the fields the loop reads and writes on every
    // event, each count moved their line between the two cores (about a tenth of the OMS benchmark's time an event).
    private DeliveryCounts _counts;

    internal EventSubscription(string name, Func<VenueEvent, bool> filter, Func<VenueEvent, CancellationToken, ValueTask> handler, int capacity, OverflowPolicy policy, ILogger logger)
    {
        Name = name;
        Policy = policy;
        _filter = filter;
        _handler = handler;
        _logger = logger;
        _queue = new SubscriberRing(capacity, dropOldest: policy == OverflowPolicy.DropOldest);
        _worker = Task.Run(DeliverAsync);
    }

    /// <summary>Gets the subscriber's name.</summary>
    public string Name { get; }

    /// <summary>Gets what happens when the queue is full.</summary>
    public OverflowPolicy Policy { get; }

    /// <summary>Gets whether the subscriber was detached for falling behind (<see cref="OverflowPolicy.Detach"/>).</summary>
    public bool IsDetached { get; private set; }

    /// <summary>Gets how many events were dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped) + _queue.Dropped;

    /// <summary>Gets how many events the handler threw on.</summary>
    public long Failures => Volatile.Read(ref _counts.Failures);

    /// <summary>Gets how many events were handled.</summary>
    public long Delivered => Volatile.Read(ref _counts.Delivered);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _queue.Complete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _worker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    /// <summary>Offers an event without ever waiting (called on the engine loop).</summary>
    internal void Offer(VenueEvent venueEvent)
    {
        if (IsDetached || !_filter(venueEvent))
        {
            return;
        }

        if (_queue.TryWrite(venueEvent))
        {
            // Written only when it changes: its line is one the subscriber's task reads.
            if (!_written)
            {
                _written = true;
            }

            return;
        }

        // Full (DropOldest never gets here).
        Interlocked.Increment(ref _dropped);
        if (Policy == OverflowPolicy.Detach)
        {
            IsDetached = true;
            _queue.Complete();
            Log.SubscriberDetached(_logger, Name);
        }
    }

    /// <summary>Wakes the subscriber's task if events were queued since the last wake (the loop calls it after a batch).</summary>
    internal void Wake()
    {
        if (_written)
        {
            _written = false;
            _queue.Wake();
        }
    }

    /// <summary>Stops accepting events; the ones queued are still delivered.</summary>
    internal void Complete() => _queue.Complete();

    /// <summary>Waits until every queued event was handled.</summary>
    internal Task Completion => _worker;

    private async Task DeliverAsync()
    {
        while (await _queue.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_queue.TryRead(out var venueEvent))
            {
                try
                {
                    await _handler(venueEvent, _stop.Token).ConfigureAwait(false);
                    Volatile.Write(ref _counts.Delivered, _counts.Delivered + 1);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Volatile.Write(ref _counts.Failures, _counts.Failures + 1);
                    Log.SubscriberFailed(_logger, Name, exception);
                }
            }
        }
    }

    /// <summary>The subscriber task's counts (it alone writes them), alone on their cache lines.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct DeliveryCounts
    {
        [FieldOffset(64)]
        public long Delivered;

        [FieldOffset(72)]
        public long Failures;
    }
}
