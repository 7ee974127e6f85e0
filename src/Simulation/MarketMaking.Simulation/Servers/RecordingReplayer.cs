using MarketMaking.Models;

namespace MarketMaking.Simulation.Servers;

/// <summary>
/// A protocol simulator's replay of its recording, one caller at a time: each event paced to its time, then applied
/// (and sent) by the simulator. An event is taken from the recording only once applied: a replay stopped while it waits
/// for the event's time leaves it for the next call (a lost depth diff would break every client's book for good).
/// </summary>
/// <param name="recording">The recorded market data, in order.</param>
/// <param name="pacer">The pacing of the replay.</param>
/// <param name="apply">Applies one event to the venue and sends what it makes.</param>
internal sealed class RecordingReplayer(IEnumerable<MarketDataEvent> recording, ReplayPacer pacer, Func<MarketDataEvent, Task> apply) : IDisposable
{
    private readonly IEnumerator<MarketDataEvent> _recording = recording.GetEnumerator();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MarketDataEvent? _pending;

    /// <summary>Gets how many recorded events have been replayed.</summary>
    public long EventsReplayed { get; private set; }

    /// <summary>Gets whether the whole recording has been replayed.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>Replays the next events.</summary>
    /// <param name="maxEvents">The most events to replay in this call.</param>
    /// <param name="cancellationToken">Stops the replay between events.</param>
    /// <returns>How many were replayed; fewer than asked once the recording ends.</returns>
    /// <exception cref="OperationCanceledException">The replay was stopped while it waited for an event's time.</exception>
    public async Task<long> ReplayAsync(long maxEvents, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long replayed = 0;
            while (replayed < maxEvents && !cancellationToken.IsCancellationRequested)
            {
                if (_pending is null)
                {
                    if (!_recording.MoveNext())
                    {
                        IsComplete = true;
                        break;
                    }

                    _pending = _recording.Current;
                }

                await pacer.PaceAsync(_pending.TsInit, cancellationToken).ConfigureAwait(false);
                var recorded = _pending;
                _pending = null;
                await apply(recorded).ConfigureAwait(false);
                replayed++;
                EventsReplayed++;
            }

            return replayed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Replays one event at a time until <paramref name="done"/> says so.</summary>
    /// <param name="done">Whether the state wanted is reached, such as a book built from the recording's first snapshot.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    /// <returns>Whether it was reached; <see langword="false"/> when the recording ended first.</returns>
    public async Task<bool> ReplayUntilAsync(Func<Task<bool>> done, CancellationToken cancellationToken)
    {
        while (!await done().ConfigureAwait(false))
        {
            if (await ReplayAsync(1, cancellationToken).ConfigureAwait(false) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _recording.Dispose();
        _gate.Dispose();
    }
}
