using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace MarketMaking.Simulation.Recordings;

/// <summary>
/// A recording's events read and decoded on a thread of their own, a few batches ahead of the replay: the file's I/O
/// and parsing (the whole of a gzip JSON recording's cost) leave the thread that replays it, and the events arrive in
/// the same order as read directly. An error the reading throws is thrown to the replay where it happened, after the
/// events read before it.
/// </summary>
/// <remarks>The source's error callbacks (<see cref="RecordingError"/>) are called on the reading thread, and whatever
/// the source does to its events (a venue's timing of them, <see cref="Venue.RecordingTimeline"/>) is done there. The
/// reading may be started before the events are asked for (<see cref="Start"/>), so that its first batch is read while
/// the caller builds what will replay it.</remarks>
/// <typeparam name="T">The event as handed over.</typeparam>
/// <param name="source">The events, enumerated once, on the reading thread.</param>
internal sealed class ReadAheadRecording<T>(IEnumerable<T> source) : IEnumerable<T>, IDisposable
{
    private const int BatchSize = 512;

    // Enough to ride out the reader's thread waiting for a CPU, no more: read further ahead, the reader ran in longer
    // bursts that took the replay's CPU, and the events waiting made each collection of the young generation copy more
    // (the grid backtest with 16 batches ahead against 4, six interleaved pairs of `--grid-backtest 14 --phases`
    // processes: the replay thread waiting for a CPU 4.4 to 6.9 ms a run against 1.2 to 2.0, paused by the GC 3.6 to
    // 4.1 ms against 2.4 to 2.8, wall-time medians 90 to 105.5 ms against 84.5 to 91.5).
    private const int BatchesAhead = 4;

    private Reading? _started;

    /// <summary>Starts the reading thread now; the next enumeration takes the events it reads.</summary>
    /// <returns>This recording.</returns>
    public ReadAheadRecording<T> Start()
    {
        _started ??= new Reading(source);
        return this;
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => Interlocked.Exchange(ref _started, null) ?? new Reading(source);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Stops a reading started and never enumerated (an enumeration's own is stopped when it is disposed).</summary>
    public void Dispose() => Interlocked.Exchange(ref _started, null)?.Dispose();

    /// <summary>One reading: its thread, started at once, and the enumeration of what it reads.</summary>
    private sealed class Reading : IEnumerator<T>
    {
        private readonly BlockingCollection<(List<T> Events, ExceptionDispatchInfo? Failure)> _batches = new(BatchesAhead);
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _reader;
        private List<T>? _events;
        private int _index;
        private ExceptionDispatchInfo? _failure;
        private bool _disposed;

        public Reading(IEnumerable<T> source)
        {
            _reader = new Thread(() => Produce(source, _batches, _stop.Token)) { IsBackground = true, Name = "recording-read-ahead" };
            _reader.Start();
        }

        public T Current => _events![_index];

        object? IEnumerator.Current => Current;

        public bool MoveNext()
        {
            while (true)
            {
                if (_events is not null && ++_index < _events.Count)
                {
                    return true;
                }

                if (_failure is { } failure)
                {
                    // Thrown once, after the events read before it; the reading has ended.
                    _failure = null;
                    failure.Throw();
                }

                if (!_batches.TryTake(out var batch, Timeout.Infinite))
                {
                    return false;
                }

                (_events, _failure, _index) = (batch.Events, batch.Failure, -1);
            }
        }

        public void Reset() => throw new NotSupportedException();

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            // Stopped early (a span's end, an error downstream) or at the end: the reader stops at its next batch.
            _disposed = true;
            _stop.Cancel();
            _reader.Join();
            _batches.Dispose();
            _stop.Dispose();
        }

        private static void Produce(IEnumerable<T> source, BlockingCollection<(List<T> Events, ExceptionDispatchInfo? Failure)> batches, CancellationToken stop)
        {
            var batch = new List<T>(BatchSize);
            try
            {
                foreach (var marketEvent in source)
                {
                    batch.Add(marketEvent);
                    if (batch.Count == BatchSize)
                    {
                        batches.Add((batch, null), stop);
                        batch = new List<T>(BatchSize);
                    }
                }

                batches.Add((batch, null), stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The replay stopped reading.
            }
            catch (Exception exception)
            {
                try
                {
                    batches.Add((batch, ExceptionDispatchInfo.Capture(exception)), stop);
                }
                catch (OperationCanceledException)
                {
                    // The replay stopped reading before it could be told.
                }
            }
            finally
            {
                batches.CompleteAdding();
            }
        }
    }
}
