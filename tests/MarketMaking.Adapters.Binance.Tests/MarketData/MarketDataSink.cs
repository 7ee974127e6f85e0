using MarketMaking.Models;

namespace MarketMaking.Adapters.Binance.Tests;

/// <summary>Counts what the client posts and lets a test wait for a condition on it, without sleeping.</summary>
internal sealed class MarketDataSink : IVenueEventSink
{
    private readonly object _gate = new();
    private readonly List<(Func<MarketDataSink, bool> Condition, TaskCompletionSource Done)> _waiters = [];

    public int Snapshots { get; private set; }

    public long Deltas { get; private set; }

    public long Tops { get; private set; }

    public long Trades { get; private set; }

    public long LastDeltaUpdateId { get; private set; }

    public long LastTopUpdateId { get; private set; }

    public List<BookSyncChanged> SyncChanges { get; } = [];

    public List<MarkPriceUpdate> MarkPrices { get; } = [];

    public ValueTask PostAsync(VenueEvent venueEvent, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            switch (venueEvent)
            {
                case BookSnapshot:
                    Snapshots++;
                    break;
                case BookDelta delta:
                    Deltas++;
                    LastDeltaUpdateId = delta.FinalUpdateId ?? 0;
                    break;
                case TopOfBook top:
                    Tops++;
                    LastTopUpdateId = top.UpdateId ?? 0;
                    break;
                case Trade:
                    Trades++;
                    break;
                case BookSyncChanged change:
                    SyncChanges.Add(change);
                    break;
                case MarkPriceUpdate mark:
                    MarkPrices.Add(mark);
                    break;
            }

            foreach (var waiter in _waiters.Where(w => w.Condition(this)).ToArray())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Completes when the condition holds (checked now and after every event).</summary>
    public Task WaitForAsync(Func<MarketDataSink, bool> condition, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (condition(this))
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, done));
            return done.Task.WaitAsync(timeout);
        }
    }
}
