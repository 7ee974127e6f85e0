namespace MarketMaking.Simulation.Venue;

/// <summary>
/// Items taken in (time, order added) order, as a priority queue would give them, for items that mostly come in time
/// order in a few streams: each stream (a lane) is a first-in-first-out queue while its items come in time order, and an
/// item earlier than its lane's last goes to a heap; taking one compares the lanes' heads and the heap's.
/// </summary>
/// <remarks>
/// A simulated venue's deliveries to the client are such streams: the recording's events at their receive times, and the
/// venue's answers after the response latency, each in time order but interleaved. A heap of both cost about 3 % of a
/// backtest's replay thread. Not thread-safe.
/// </remarks>
/// <typeparam name="T">The item.</typeparam>
internal sealed class TimeOrderedQueue<T>
{
    private const int None = -1;
    private const int OutOfOrder = -2;
    private readonly Queue<(T Item, long Time, long Order)>[] _lanes;
    private readonly long[] _lastTimes;
    private readonly PriorityQueue<T, (long Time, long Order)> _outOfOrder = new();
    private long _added;

    /// <summary>Initializes a queue.</summary>
    /// <param name="lanes">How many streams come in time order.</param>
    public TimeOrderedQueue(int lanes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lanes);
        _lanes = new Queue<(T, long, long)>[lanes];
        _lastTimes = new long[lanes];
        for (var i = 0; i < lanes; i++)
        {
            _lanes[i] = new Queue<(T, long, long)>();
        }
    }

    /// <summary>Gets how many items wait.</summary>
    public int Count
    {
        get
        {
            var count = _outOfOrder.Count;
            foreach (var lane in _lanes)
            {
                count += lane.Count;
            }

            return count;
        }
    }

    /// <summary>Adds an item.</summary>
    /// <param name="lane">Its stream, from 0.</param>
    /// <param name="item">The item.</param>
    /// <param name="time">When it is due.</param>
    public void Enqueue(int lane, T item, long time)
    {
        var order = ++_added;
        var queue = _lanes[lane];
        if (queue.Count == 0 || _lastTimes[lane] <= time)
        {
            queue.Enqueue((item, time, order));
            _lastTimes[lane] = time;
        }
        else
        {
            _outOfOrder.Enqueue(item, (time, order));
        }
    }

    /// <summary>Gets when the first item is due.</summary>
    /// <param name="time">Its time, when there is one.</param>
    /// <returns>Whether an item waits.</returns>
    public bool TryPeekTime(out long time)
    {
        var (lane, due) = First();
        time = due.Time;
        return lane != None;
    }

    /// <summary>Takes the first item if it is due by a time.</summary>
    /// <param name="time">The time.</param>
    /// <param name="item">The item taken.</param>
    /// <returns>Whether one was due.</returns>
    public bool TryDequeueDue(long time, out T item)
    {
        var (lane, due) = First();
        if (lane == None || due.Time > time)
        {
            item = default!;
            return false;
        }

        item = lane == OutOfOrder ? _outOfOrder.Dequeue() : _lanes[lane].Dequeue().Item;
        return true;
    }

    /// <summary>Where the first item is (a lane, <see cref="OutOfOrder"/> or <see cref="None"/>) and its key.</summary>
    private (int Lane, (long Time, long Order) Key) First()
    {
        var (lane, key) = _outOfOrder.TryPeek(out _, out var heapKey) ? (OutOfOrder, heapKey) : (None, (long.MaxValue, long.MaxValue));
        for (var i = 0; i < _lanes.Length; i++)
        {
            if (_lanes[i].TryPeek(out var head) && (head.Time < key.Item1 || (head.Time == key.Item1 && head.Order < key.Item2)))
            {
                (lane, key) = (i, (head.Time, head.Order));
            }
        }

        return (lane, key);
    }
}
