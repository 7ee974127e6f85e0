using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Recordings;

/// <summary>
/// A recording's events read and decoded on a thread of their own, a few batches ahead of the replay: the file's I/O
/// and parsing (the whole of a gzip JSON recording's cost) leave the thread that replays it, and the events arrive in
/// the same order as read directly. An error the reading throws is thrown to the replay where it happened, after the
/// events read before it.
/// </summary>
/// <remarks>The source's error callbacks (<see cref="RecordingError"/>) are called on the reading thread.</remarks>
/// <param name="source">The events, enumerated once, on the reading thread.</param>
internal sealed class ReadAheadRecording(IEnumerable<MarketDataEvent> source) : IEnumerable<MarketDataEvent>
{
    private const int BatchSize = 512;
    private const int BatchesAhead = 16;

    /// <inheritdoc/>
    public IEnumerator<MarketDataEvent> GetEnumerator() => Read().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerable<MarketDataEvent> Read()
    {
        using var batches = new BlockingCollection<(List<MarketDataEvent> Events, ExceptionDispatchInfo? Failure)>(BatchesAhead);
        using var stop = new CancellationTokenSource();
        var reader = new Thread(() => Produce(batches, stop.Token)) { IsBackground = true, Name = "recording-read-ahead" };
        reader.Start();
        try
        {
            foreach (var (events, failure) in batches.GetConsumingEnumerable())
            {
                foreach (var marketEvent in events)
                {
                    yield return marketEvent;
                }

                failure?.Throw();
            }
        }
        finally
        {
            // Stopped early (a span's end, an error downstream): the reader stops at its next batch.
            stop.Cancel();
            reader.Join();
        }
    }

    private void Produce(BlockingCollection<(List<MarketDataEvent> Events, ExceptionDispatchInfo? Failure)> batches, CancellationToken stop)
    {
        var batch = new List<MarketDataEvent>(BatchSize);
        try
        {
            foreach (var marketEvent in source)
            {
                batch.Add(marketEvent);
                if (batch.Count == BatchSize)
                {
                    batches.Add((batch, null), stop);
                    batch = new List<MarketDataEvent>(BatchSize);
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
