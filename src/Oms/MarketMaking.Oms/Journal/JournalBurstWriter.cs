using System.Collections.Concurrent;

namespace MarketMaking.Oms;

/// <summary>
/// Commits the journal's records on a thread of its own, one transaction for each burst of the engine loop, in the
/// order the bursts ended: the same transactions as committing each burst on the loop (so the same file, run after run),
/// without the loop's thread spending the time. A backtest's way: its loop and its journal then use both cores.
/// </summary>
/// <remarks>
/// The loop hands a burst's list over and takes an emptied one back; at most <see cref="MaxWaiting"/> bursts wait, after
/// which the loop waits for the writer (only the run's wall time depends on it, never what the run decides). A commit
/// that fails stops the writer: that burst and every later one are lost and <see cref="Failure"/> says why, which tells
/// the OMS to send no new order.
/// </remarks>
internal sealed class JournalBurstWriter : IDisposable
{
    private const int MaxWaiting = 256;
    private const int MinCapacity = 16;

    private readonly BlockingCollection<List<JournalEntry>> _bursts = new(MaxWaiting);
    private readonly ConcurrentQueue<List<JournalEntry>> _emptied = new();
    private readonly Action<List<JournalEntry>> _commit;
    private readonly Thread _thread;
    private readonly Task _starting;
    private readonly object _gate = new();
    private long _committed;
    private long _handed;
    private Exception? _failure;

    /// <summary>Starts the writer's thread.</summary>
    /// <param name="commit">Writes one burst in one transaction; throws when it could not.</param>
    public JournalBurstWriter(Action<List<JournalEntry>> commit)
    {
        _commit = commit;
        _thread = new Thread(Run) { IsBackground = true, Name = "journal-burst-writer" };

        // Started from the thread pool: starting a thread waits until the new thread runs, and with both cores busy (a
        // backtest's reader decoding its first events) that had kept the loop's thread waiting 2 to 3 ms in one run of
        // three. Bursts handed before it runs wait in the queue.
        _starting = Task.Run(_thread.Start);
    }

    /// <summary>Gets why the writer stopped, or <see langword="null"/> while it writes.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Hands a burst over (waiting while <see cref="MaxWaiting"/> bursts are ahead of it).</summary>
    /// <param name="burst">The burst's records, owned by the writer from now on.</param>
    /// <returns>An empty list for the next burst.</returns>
    public List<JournalEntry> Hand(List<JournalEntry> burst)
    {
        _handed += burst.Count;
        _bursts.Add(burst);

        // None emptied yet (the writer wakes behind the loop): a new list as large as this burst, not one grown to it.
        return _emptied.TryDequeue(out var emptied) ? emptied : new List<JournalEntry>(Math.Max(MinCapacity, burst.Count));
    }

    /// <summary>Gets whether a record, and every one before it, is committed.</summary>
    /// <param name="sequence">The record's number, counted from 1 in the order appended.</param>
    /// <returns>Whether it is committed.</returns>
    public bool IsCommitted(long sequence) => Volatile.Read(ref _committed) >= sequence;

    /// <summary>Blocks until every burst handed over is committed, or the writer has failed.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            while (Volatile.Read(ref _committed) < _handed && Failure is null)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    /// <summary>Commits the bursts handed over, then stops the thread.</summary>
    public void Dispose()
    {
        _bursts.CompleteAdding();
        _starting.GetAwaiter().GetResult();
        _thread.Join();
        _bursts.Dispose();
    }

    private void Run()
    {
        foreach (var burst in _bursts.GetConsumingEnumerable())
        {
            if (Failure is null)
            {
                try
                {
                    _commit(burst);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    Volatile.Write(ref _failure, exception);
                }
            }

            lock (_gate)
            {
                if (Failure is null)
                {
                    Volatile.Write(ref _committed, _committed + burst.Count);
                }

                Monitor.PulseAll(_gate);
            }

            burst.Clear();
            _emptied.Enqueue(burst);
        }
    }
}
