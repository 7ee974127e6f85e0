using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace MarketMaking.Oms;

/// <summary>
/// The journal's hand-off from the engine loop to its writer: a ring of records written by the loop alone and read by
/// the writer alone, without locks and without allocating; the records are values copied into slots made once. When
/// the writer falls a whole ring behind (the disk stalls), records go to an overflow queue instead, in order, until the
/// writer has taken them all: the loop never waits for the disk.
/// </summary>
/// <remarks>
/// Order: the appender writes to the ring only while the overflow is empty, and the writer takes the ring before the
/// overflow, so every record in the overflow is newer than every one in the ring before it and older than every one
/// after it.
/// </remarks>
internal sealed class JournalRing
{
    private readonly JournalEntry[] _slots;
    private readonly long _mask;
    private readonly ConcurrentQueue<object> _overflow = new();

    // The appender's and the writer's counters on cache lines of their own (see SubscriberRing).
    private AppenderSide _appender;
    private WriterSide _writer;
    private long _overflowing;

    /// <summary>Initializes a ring.</summary>
    /// <param name="capacity">How many records it holds before the overflow takes them; rounded up to a power of two.</param>
    public JournalRing(int capacity)
    {
        _slots = new JournalEntry[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity)];
        _mask = _slots.Length - 1;
    }

    /// <summary>Gets how many records went through the overflow (the writer was a whole ring behind).</summary>
    public long Overflowed { get; private set; }

    /// <summary>Gets whether no record waits (either side may ask; the answer may be stale at once).</summary>
    public bool IsEmpty => Volatile.Read(ref _writer.Tail) == Volatile.Read(ref _appender.Head) && Interlocked.Read(ref _overflowing) == 0;

    /// <summary>Hands a record over (the appender only).</summary>
    /// <param name="entry">The record.</param>
    public void Enqueue(in JournalEntry entry)
    {
        var head = _appender.Head;
        if (Interlocked.Read(ref _overflowing) == 0)
        {
            if (head - _appender.CachedTail >= _slots.Length)
            {
                _appender.CachedTail = Volatile.Read(ref _writer.Tail);
            }

            if (head - _appender.CachedTail < _slots.Length)
            {
                _slots[head & _mask] = entry;
                Volatile.Write(ref _appender.Head, head + 1);
                return;
            }
        }

        // A whole ring behind: boxed, in order, until the writer has taken every one.
        Interlocked.Increment(ref _overflowing);
        _overflow.Enqueue(entry);
        Overflowed++;
    }

    /// <summary>Takes the oldest record (the writer only).</summary>
    /// <param name="entry">The record.</param>
    /// <returns>Whether there was one.</returns>
    public bool TryDequeue(out JournalEntry entry)
    {
        var tail = _writer.Tail;
        if (tail >= _writer.CachedHead)
        {
            _writer.CachedHead = Volatile.Read(ref _appender.Head);
        }

        if (tail < _writer.CachedHead)
        {
            ref var slot = ref _slots[tail & _mask];
            entry = slot;

            // Cleared, so that the ring keeps no strings alive.
            slot = default;
            Volatile.Write(ref _writer.Tail, tail + 1);
            return true;
        }

        if (_overflow.TryDequeue(out var boxed))
        {
            entry = (JournalEntry)boxed;
            Interlocked.Decrement(ref _overflowing);
            return true;
        }

        entry = default;
        return false;
    }

    /// <summary>The appender's counter and its copy of the writer's, alone on their cache lines.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct AppenderSide
    {
        [FieldOffset(64)]
        public long Head;

        [FieldOffset(72)]
        public long CachedTail;
    }

    /// <summary>The writer's counter and its copy of the appender's, alone on their cache lines.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct WriterSide
    {
        [FieldOffset(64)]
        public long Tail;

        [FieldOffset(72)]
        public long CachedHead;
    }
}
