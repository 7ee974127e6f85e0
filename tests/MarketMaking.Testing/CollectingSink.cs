using MarketMaking.Models;

namespace MarketMaking.Testing;

/// <summary>Keeps what an adapter posts, in order, and lets a test wait for a condition on it without sleeping.</summary>
public sealed class CollectingSink : IVenueEventSink
{
    private readonly object _gate = new();
    private readonly List<(Func<IReadOnlyList<VenueEvent>, bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private readonly List<VenueEvent> _events = [];

    /// <summary>Gets a copy of what was posted so far.</summary>
    public IReadOnlyList<VenueEvent> Snapshot
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Gets or sets a filter every event passes before it is kept (a deliberately broken adapter drops some).</summary>
    public Func<VenueEvent, bool> Keep { get; set; } = static _ => true;

    /// <inheritdoc/>
    public ValueTask PostAsync(VenueEvent venueEvent, CancellationToken cancellationToken = default)
    {
        if (!Keep(venueEvent))
        {
            return ValueTask.CompletedTask;
        }

        lock (_gate)
        {
            _events.Add(venueEvent);
            foreach (var waiter in _waiters.Where(w => w.Condition(_events)).ToArray())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Completes when the condition holds over what was posted; fails with <paramref name="what"/> after the time-out.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<VenueEvent>, bool> condition, string what, TimeSpan? timeout = null)
    {
        Task done;
        lock (_gate)
        {
            if (condition(_events))
            {
                return;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, waiter));
            done = waiter.Task;
        }

        try
        {
            await done.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out waiting for {what}");
        }
    }
}
