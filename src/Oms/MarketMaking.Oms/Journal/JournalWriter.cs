using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Oms;

/// <summary>
/// Writes the journal's records on a thread of its own, in batches: whatever was appended while the last batch was
/// being committed goes in the next one, in one transaction (group commit, so one disk flush for many records). The
/// engine loop only hands records over; it never waits for the disk.
/// </summary>
/// <remarks>
/// Records are numbered in the order appended, by one appender at a time (the engine loop, or recovery before it runs);
/// <see cref="WhenDurable"/> completes once a record and every one before it are committed. The writer sleeps on a
/// signal of its own when there is nothing to write: an append does not wake it (a wake-up is a system call, on the
/// loop's way to the venue); <see cref="Wake"/> does, once at the end of each of the loop's bursts, and the writer looks
/// for records every <see cref="IdleCheck"/> anyway. A commit that fails stops the writer: that batch and every later
/// record are lost, every wait fails with the error, and <see cref="Failure"/> tells the OMS to send no new order.
/// </remarks>
internal sealed class JournalWriter : IDisposable
{
    private const int MaxBatch = 1_024;

    /// <summary>How long the writer sleeps, at most, before it looks for records no <see cref="Wake"/> announced.</summary>
    internal static readonly TimeSpan IdleCheck = TimeSpan.FromMilliseconds(20);

    /// <summary>How many records the hand-off holds before it overflows into a queue (the writer a whole ring behind).</summary>
    private const int RingCapacity = 4_096;

    private readonly JournalRing _queue = new(RingCapacity);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Action<List<JournalEntry>> _commit;
    private readonly int? _cpu;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly Lock _gate = new();
    private readonly PriorityQueue<TaskCompletionSource, long> _waiters = new();
    private long _appended;
    private long _durable;
    private int _sleeping;
    private volatile bool _completing;
    private Exception? _failure;

    /// <summary>Starts the writer's thread.</summary>
    /// <param name="commit">Writes one batch in one transaction; throws when it could not.</param>
    /// <param name="cpu">The CPU the writer's thread is pinned to (Linux), or <see langword="null"/> to let the OS schedule it.</param>
    /// <param name="logger">Logs whether the thread was pinned.</param>
    public JournalWriter(Action<List<JournalEntry>> commit, int? cpu = null, ILogger? logger = null)
    {
        _commit = commit;
        _cpu = cpu;
        _logger = logger ?? NullLogger.Instance;
        _thread = new Thread(Run) { IsBackground = true, Name = "journal-writer" };
        _thread.Start();
    }

    /// <summary>Hands a record over.</summary>
    /// <param name="entry">The record.</param>
    /// <returns>Its number: the count of records appended so far.</returns>
    public long Append(in JournalEntry entry)
    {
        // One appender at a time: the numbers follow the queue's order.
        _queue.Enqueue(entry);
        return Interlocked.Increment(ref _appended);
    }

    /// <summary>Wakes the writer if it sleeps while records wait.</summary>
    public void Wake()
    {
        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
        {
            _wake.Release();
        }
    }

    /// <summary>Gets why the writer stopped, or <see langword="null"/> while it writes.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Gets whether a record, and every one before it, is committed.</summary>
    /// <param name="sequence">The record's number.</param>
    /// <returns>Whether it is durable.</returns>
    public bool IsDurable(long sequence) => Volatile.Read(ref _durable) >= sequence;

    /// <summary>Waits until a record, and every one before it, is committed.</summary>
    /// <param name="sequence">The record's number.</param>
    /// <returns>Completes then; faults when the writer failed first.</returns>
    public Task WhenDurable(long sequence)
    {
        lock (_gate)
        {
            if (_durable >= sequence)
            {
                return Task.CompletedTask;
            }

            if (_failure is not null)
            {
                return Task.FromException(new IOException("The journal could not be written", _failure));
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter, sequence);
            return waiter.Task;
        }
    }

    /// <summary>Blocks until everything appended so far is committed (or the writer failed).</summary>
    public void Flush()
    {
        Wake();
        try
        {
            WhenDurable(Interlocked.Read(ref _appended)).Wait();
        }
        catch (AggregateException)
        {
            // Failed: nothing more will be written, which is all a flush waits for.
        }
    }

    /// <summary>Commits what is left, then stops the thread.</summary>
    public void Dispose()
    {
        _completing = true;
        if (Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
        {
            _wake.Release();
        }

        _thread.Join();
        _wake.Dispose();
    }

    private void Run()
    {
        if (_cpu is { } cpu)
        {
            // The writer's own thread only, for the thread's life: nothing to give back.
            _ = CpuAffinity.PinCurrentThread(cpu, "journal writer's", _logger);
        }

        var batch = new List<JournalEntry>(MaxBatch);
        while (WaitForRecords())
        {
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var entry))
            {
                batch.Add(entry);
            }

            if (_failure is null)
            {
                try
                {
                    _commit(batch);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    Fail(exception);
                }
            }

            if (_failure is null)
            {
                Committed(batch.Count);
            }

            batch.Clear();
        }
    }

    /// <summary>Returns at once while records wait; else sleeps until woken or for <see cref="IdleCheck"/>, and looks again; false once disposed and drained.</summary>
    private bool WaitForRecords()
    {
        while (_queue.IsEmpty)
        {
            if (_completing)
            {
                return false;
            }

            Volatile.Write(ref _sleeping, 1);

            // Appended (or disposed) between the check and the flag: take the wake-up back, or consume the one given.
            if ((!_queue.IsEmpty || _completing) && Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
            {
                continue;
            }

            if (!_wake.Wait(IdleCheck) && Interlocked.CompareExchange(ref _sleeping, 0, 1) != 1)
            {
                // Woken just as the wait ran out: the signal was given, and is taken.
                _wake.Wait();
            }
        }

        return true;
    }

    private void Committed(int count)
    {
        lock (_gate)
        {
            Volatile.Write(ref _durable, _durable + count);
            while (_waiters.TryPeek(out var waiter, out var sequence) && sequence <= _durable)
            {
                _waiters.Dequeue();
                waiter.TrySetResult();
            }
        }
    }

    private void Fail(Exception exception)
    {
        lock (_gate)
        {
            _failure = exception;
            while (_waiters.TryDequeue(out var waiter, out _))
            {
                waiter.TrySetException(new IOException("The journal could not be written", exception));
            }
        }
    }
}
