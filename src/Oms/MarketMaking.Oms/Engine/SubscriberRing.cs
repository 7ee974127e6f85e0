using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace MarketMaking.Oms;

/// <summary>
/// One subscriber's bounded queue: a ring written by the engine loop alone and read by the subscriber's task alone,
/// without locks. The loop publishes with two stores; it wakes the reader only when the reader is parked, and only
/// when asked to (<see cref="Wake"/>, after a batch), so that a burst of events costs one wake-up, not one per event.
/// </summary>
/// <remarks>
/// Full, the writer either refuses the new event (<see cref="TryWrite"/> returns <see langword="false"/>) or, with
/// <c>dropOldest</c>, takes the oldest one out itself: writer and reader both move the read position by
/// compare-and-swap, so that an event the writer dropped is never also delivered.
/// </remarks>
internal sealed class SubscriberRing : IValueTaskSource<bool>
{
    private readonly Models.VenueEvent?[] _slots;
    private readonly long _mask;
    private readonly long _capacity;
    private readonly bool _dropOldest;

    // The writer's and the reader's counters on cache lines of their own: with them on one line, every event moved that
    // line between the two cores (the loop's time went mostly to it). Each side keeps the other's last value it saw and
    // reads the other's line again only when that value says the ring is full (writer) or empty (reader).
    private WriterSide _writer;
    private ReaderSide _reader;
    private ParkingSide _parking;

    // The reader's wake-up, made again for each park without allocating (a semaphore's wait allocated a task each time).
    // Whoever swaps the parked flag from 1 to 0 (the writer's wake, the end, or the reader itself) completes it once.
    private ManualResetValueTaskSourceCore<bool> _wakeUp = new() { RunContinuationsAsynchronously = true };
    private int _completed;
    private long _dropped;

    /// <summary>Initializes a ring.</summary>
    /// <param name="capacity">How many events it holds.</param>
    /// <param name="dropOldest">Whether a full ring drops its oldest event to take a new one.</param>
    public SubscriberRing(int capacity, bool dropOldest)
    {
        // Slots in a power of two, for a mask instead of a division; the capacity itself is exact.
        _slots = new Models.VenueEvent?[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity)];
        _mask = _slots.Length - 1;
        _capacity = capacity;
        _dropOldest = dropOldest;
    }

    /// <summary>Gets how many events the writer dropped to make room.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Writes an event (the engine loop's thread only).</summary>
    /// <param name="venueEvent">The event.</param>
    /// <returns>Whether it was queued (<see langword="false"/>: full, and not dropping the oldest).</returns>
    public bool TryWrite(Models.VenueEvent venueEvent)
    {
        var head = _writer.Head;
        if (head - _writer.CachedTail >= _capacity)
        {
            _writer.CachedTail = Volatile.Read(ref _reader.Tail);
            while (head - _writer.CachedTail >= _capacity)
            {
                if (!_dropOldest)
                {
                    return false;
                }

                var tail = _writer.CachedTail;
                if (Interlocked.CompareExchange(ref _reader.Tail, tail + 1, tail) == tail)
                {
                    Interlocked.Increment(ref _dropped);
                }

                _writer.CachedTail = Volatile.Read(ref _reader.Tail);
            }
        }

        _slots[head & _mask] = venueEvent;
        Volatile.Write(ref _writer.Head, head + 1);
        return true;
    }

    /// <summary>Wakes the reader if it is parked (the writer only, after a batch).</summary>
    public void Wake()
    {
        // A full fence before reading the flag: the reader sets it and then looks at the head, the writer has written
        // the head and then looks at the flag, so that one of them always sees the other. The flag is only read unless
        // set (a compare-and-swap would take its cache line from the reader every batch).
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _parking.Parked) == 1 && Interlocked.CompareExchange(ref _parking.Parked, 0, 1) == 1)
        {
            _wakeUp.SetResult(true);
        }
    }

    /// <summary>Marks the end: the reader finishes what is queued and stops.</summary>
    public void Complete()
    {
        Volatile.Write(ref _completed, 1);
        if (Interlocked.Exchange(ref _parking.Parked, 0) == 1)
        {
            _wakeUp.SetResult(true);
        }
    }

    /// <summary>Takes the next event (the reader's task only).</summary>
    /// <param name="venueEvent">The event.</param>
    /// <returns>Whether there was one.</returns>
    public bool TryRead(out Models.VenueEvent venueEvent)
    {
        while (true)
        {
            // The copy of the head may be behind the tail: a writer that drops moves the tail past what the reader saw.
            var tail = Volatile.Read(ref _reader.Tail);
            if (tail >= _reader.CachedHead)
            {
                _reader.CachedHead = Volatile.Read(ref _writer.Head);
                if (tail >= _reader.CachedHead)
                {
                    venueEvent = null!;
                    return false;
                }
            }

            var read = _slots[tail & _mask];
            if (!_dropOldest)
            {
                // Only the reader moves the tail then.
                Volatile.Write(ref _reader.Tail, tail + 1);
                venueEvent = read!;
                return true;
            }

            // Ours only if the writer did not drop it meanwhile (it moves the tail the same way).
            if (Interlocked.CompareExchange(ref _reader.Tail, tail + 1, tail) == tail)
            {
                venueEvent = read!;
                return true;
            }
        }
    }

    /// <summary>Waits until an event can be read or the ring is completed (the reader's task only).</summary>
    /// <returns><see langword="true"/> when an event can be read; <see langword="false"/> once completed and drained.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> WaitToReadAsync()
    {
        while (true)
        {
            if (Volatile.Read(ref _reader.Tail) != Volatile.Read(ref _writer.Head))
            {
                return true;
            }

            if (Volatile.Read(ref _completed) == 1)
            {
                return false;
            }

            _wakeUp.Reset();
            Interlocked.Exchange(ref _parking.Parked, 1);
            if ((Volatile.Read(ref _reader.Tail) != Volatile.Read(ref _writer.Head) || Volatile.Read(ref _completed) == 1)
                && Interlocked.Exchange(ref _parking.Parked, 0) == 1)
            {
                continue;
            }

            // Parked, or a wake took the flag first and completes the wake-up: either way it comes.
            await new ValueTask<bool>(this, _wakeUp.Version).ConfigureAwait(false);
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _wakeUp.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _wakeUp.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _wakeUp.OnCompleted(continuation, state, token, flags);

    /// <summary>The writer's counter and its copy of the reader's, alone on their cache lines (padded both ways).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct WriterSide
    {
        [FieldOffset(64)]
        public long Head;

        [FieldOffset(72)]
        public long CachedTail;
    }

    /// <summary>Whether the reader is parked, alone on its cache lines: the reader sets it, the writer reads it after its batches.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct ParkingSide
    {
        [FieldOffset(64)]
        public int Parked;
    }

    /// <summary>The reader's counter and its copy of the writer's, alone on their cache lines (padded both ways).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct ReaderSide
    {
        [FieldOffset(64)]
        public long Tail;

        [FieldOffset(72)]
        public long CachedHead;
    }
}
