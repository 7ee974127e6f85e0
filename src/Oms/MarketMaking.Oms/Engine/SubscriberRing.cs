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
internal sealed class SubscriberRing
{
    private readonly Models.VenueEvent?[] _slots;
    private readonly long _mask;
    private readonly long _capacity;
    private readonly bool _dropOldest;
    private readonly SemaphoreSlim _signal = new(0);
    private long _head;
    private long _tail;
    private int _parked;
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
        var head = _head;
        while (head - Volatile.Read(ref _tail) >= _capacity)
        {
            var tail = Volatile.Read(ref _tail);
            if (!_dropOldest)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _tail, tail + 1, tail) == tail)
            {
                Interlocked.Increment(ref _dropped);
            }
        }

        _slots[head & _mask] = venueEvent;
        Volatile.Write(ref _head, head + 1);
        return true;
    }

    /// <summary>Wakes the reader if it waits (the engine loop's thread, after a batch of writes or at the end).</summary>
    public void Wake()
    {
        // A full fence before reading the flag: the reader sets it and then looks at the head, the writer has written
        // the head and then looks at the flag, so that one of them always sees the other.
        if (Interlocked.CompareExchange(ref _parked, 0, 1) == 1)
        {
            _signal.Release();
        }
    }

    /// <summary>Marks the end: the reader finishes what is queued and stops.</summary>
    public void Complete()
    {
        Volatile.Write(ref _completed, 1);
        Interlocked.Exchange(ref _parked, 0);
        _signal.Release();
    }

    /// <summary>Takes the next event (the reader's task only).</summary>
    /// <param name="venueEvent">The event.</param>
    /// <returns>Whether there was one.</returns>
    public bool TryRead(out Models.VenueEvent venueEvent)
    {
        while (true)
        {
            var tail = Volatile.Read(ref _tail);
            if (tail == Volatile.Read(ref _head))
            {
                venueEvent = null!;
                return false;
            }

            var read = _slots[tail & _mask];

            // Ours only if the writer did not drop it meanwhile (it moves the tail the same way).
            if (Interlocked.CompareExchange(ref _tail, tail + 1, tail) == tail)
            {
                venueEvent = read!;
                return true;
            }
        }
    }

    /// <summary>Waits until there may be something to read, or the ring is completed (the reader's task only).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns><see langword="false"/> once completed and empty.</returns>
    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Volatile.Read(ref _tail) != Volatile.Read(ref _head))
            {
                return true;
            }

            if (Volatile.Read(ref _completed) == 1)
            {
                return false;
            }

            Interlocked.Exchange(ref _parked, 1);
            if (Volatile.Read(ref _tail) != Volatile.Read(ref _head) || Volatile.Read(ref _completed) == 1)
            {
                Interlocked.Exchange(ref _parked, 0);
                continue;
            }

            await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
