using System.Runtime.InteropServices;
using System.Threading.Channels;
using MarketMaking.Models;

namespace MarketMaking.Oms;

/// <summary>
/// The engine loop's two queues. Control messages (venue answers, fills, order and balance updates, connection changes,
/// commands, timers) go before market data (book snapshots and deltas, best bid and offer, public trades), so that an
/// answer or a fill is never held behind a backlog of book updates, and market data keeps its own order (a best bid and
/// offer never overtakes the book delta before it). Market data is bounded (an adapter waits when the loop is behind);
/// control is not (it is small, and must never wait behind market data). Nothing is conflated: every book update is
/// applied in order, since a delta cannot be skipped without resynchronizing the book.
/// </summary>
/// <remarks>
/// Both queues are lock-free (unbounded single-reader channels), and market data's bound costs no shared write: posters
/// count what they post, the loop counts what it takes, each counter on a cache line of its own, and a poster reads the
/// loop's count only when its last copy says the queue is full. A post that finds it full waits; the loop looks for
/// waiting posts at the end of each burst (<see cref="EndBurst"/>). A bounded channel (a lock on every write and read)
/// and one shared count (every event moving its cache line between the poster's and the loop's cores) each more than
/// doubled an event's cost in the OMS benchmark.
/// <para>A loop driven from one thread (a backtest, <see cref="DriverThread"/>) takes what that thread posts through two
/// plain queues, one for each kind, each taken after the channel of its kind: the thread that posts there is the one
/// that takes, so they need no lock, no interlocked count and no bound (a bound would stop the one thread that takes
/// them). What the thread posts keeps its order; only posts from other threads, unordered with its own anyway, may come
/// before them. The channels' writes were about 3 % of a grid backtest's replay (`perf`).</para>
/// </remarks>
internal sealed class EngineInput : IVenueEventSink
{
    private readonly Queue<VenueEvent> _drivenControl = new();
    private readonly Queue<VenueEvent> _drivenMarketData = new();
    private readonly Channel<VenueEvent> _control = Channel.CreateUnbounded<VenueEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<VenueEvent> _marketData = Channel.CreateUnbounded<VenueEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _marketDataRoom = new(0);
    private readonly SemaphoreSlim _loopWake = new(0);
    private readonly long _marketDataCapacity;
    private PosterSide _posters;
    private LoopSide _loop;
    private SleepSide _sleep;
    private volatile bool _completed;

    public EngineInput(int marketDataCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(marketDataCapacity);
        _marketDataCapacity = marketDataCapacity;
    }

    /// <summary>Gets or sets the managed id of the thread that drives the loop (<see cref="EngineLoop.DriveFromCurrentThread"/>), or 0.</summary>
    public int DriverThread { get; set; }

    /// <inheritdoc/>
    public ValueTask PostAsync(VenueEvent venueEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(venueEvent);
        if (DriverThread != 0 && DriverThread == Environment.CurrentManagedThreadId && !_completed)
        {
            (IsMarketData(venueEvent) ? _drivenMarketData : _drivenControl).Enqueue(venueEvent);
            return ValueTask.CompletedTask;
        }

        if (!IsMarketData(venueEvent))
        {
            return TryWrite(_control, venueEvent) ? ValueTask.CompletedTask : _control.Writer.WriteAsync(venueEvent, cancellationToken);
        }

        // The post's place: within the capacity of what the loop has taken, it goes in at once.
        var place = Interlocked.Increment(ref _posters.Posted);
        if (HasRoom(place))
        {
            return TryWrite(_marketData, venueEvent) ? ValueTask.CompletedTask : Closed(venueEvent);
        }

        return PostWhenThereIsRoomAsync(venueEvent, place, cancellationToken);
    }

    /// <summary>Takes the next message: a control message when there is one, else market data (the loop only).</summary>
    /// <param name="venueEvent">The message.</param>
    /// <returns>Whether there was one.</returns>
    public bool TryRead(out VenueEvent venueEvent)
    {
        if (_control.Reader.TryRead(out venueEvent!) || _drivenControl.TryDequeue(out venueEvent!))
        {
            return true;
        }

        if (!_marketData.Reader.TryRead(out venueEvent!))
        {
            return _drivenMarketData.TryDequeue(out venueEvent!);
        }

        Volatile.Write(ref _loop.Taken, _loop.Taken + 1);
        return true;
    }

    /// <summary>At the end of the loop's burst: wakes the posts waiting for room, to look again (the loop only).</summary>
    public void EndBurst()
    {
        // A full fence between the count written in TryRead and the look at the waiters: a post counts itself waiting
        // and then looks at the count, so one of the two sees the other.
        if (Interlocked.CompareExchange(ref _posters.Waiting, 0, 0) is var waiting and > 0)
        {
            _marketDataRoom.Release(waiting);
        }
    }

    /// <summary>Gets whether a message waits, without waiting.</summary>
    public bool CanRead => _control.Reader.TryPeek(out _) || _marketData.Reader.TryPeek(out _) || _drivenControl.Count > 0 || _drivenMarketData.Count > 0;

    /// <summary>
    /// Blocks the loop's thread until a message can be read (the loop only): it says it sleeps, looks once more, and
    /// sleeps; the first post that finds it sleeping wakes it (<see cref="WakeLoop"/>) itself, not through a
    /// thread-pool continuation as a channel's wait would.
    /// </summary>
    /// <returns><see langword="true"/> when one can; <see langword="false"/> once both queues are completed and empty.</returns>
    public bool WaitToRead()
    {
        while (!CanRead)
        {
            if (_control.Reader.Completion.IsCompleted && _marketData.Reader.Completion.IsCompleted)
            {
                return false;
            }

            // A full fence between saying it sleeps and the last look: a post writes its message and then looks at the
            // flag, so either the post sees the loop asleep or the loop sees the message.
            Interlocked.Exchange(ref _sleep.Sleeping, 1);
            if (CanRead || _completed)
            {
                if (Interlocked.Exchange(ref _sleep.Sleeping, 0) == 0)
                {
                    // A post (or Complete) took the flag first and gives a wake-up: take it, so that none is left over.
                    _loopWake.Wait();
                }

                continue;
            }

            _loopWake.Wait();
        }

        return true;
    }

    /// <summary>Stops taking messages; the reader completes once both queues are empty. Posts waiting for room fail.</summary>
    public void Complete()
    {
        _control.Writer.TryComplete();
        _completed = true;
        if (_marketData.Writer.TryComplete())
        {
            // Every post still waiting for room wakes, and finds the queue closed.
            _marketDataRoom.Release(int.MaxValue / 2);
        }

        WakeLoop();
    }

    private bool HasRoom(long place)
    {
        if (place - Volatile.Read(ref _posters.CachedTaken) <= _marketDataCapacity)
        {
            return true;
        }

        var taken = Volatile.Read(ref _loop.Taken);
        Volatile.Write(ref _posters.CachedTaken, taken);
        return place - taken <= _marketDataCapacity;
    }

    private async ValueTask PostWhenThereIsRoomAsync(VenueEvent venueEvent, long place, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _posters.Waiting);
        try
        {
            while (!HasRoom(place) && !_completed)
            {
                await _marketDataRoom.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Gave up its place: the posts behind it move up one.
            Interlocked.Decrement(ref _posters.Posted);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _posters.Waiting);
        }

        if (!TryWrite(_marketData, venueEvent))
        {
            await Closed(venueEvent).ConfigureAwait(false);
        }
    }

    /// <summary>Writes a message into a queue and wakes the loop if it sleeps; false when the queue is completed.</summary>
    private bool TryWrite(Channel<VenueEvent> queue, VenueEvent venueEvent)
    {
        if (!queue.Writer.TryWrite(venueEvent))
        {
            return false;
        }

        WakeLoop();
        return true;
    }

    /// <summary>Wakes the loop's thread if it sleeps in <see cref="WaitToRead"/> (a read of a flag the loop rarely writes, when it is awake).</summary>
    private void WakeLoop()
    {
        if (Volatile.Read(ref _sleep.Sleeping) != 0 && Interlocked.Exchange(ref _sleep.Sleeping, 0) != 0)
        {
            _loopWake.Release();
        }
    }

    private static bool IsMarketData(VenueEvent venueEvent) => venueEvent is BookSnapshot or BookDelta or TopOfBook or Trade;

    /// <summary>A post after <see cref="Complete"/>: fails as a completed channel's write does.</summary>
    private ValueTask Closed(VenueEvent venueEvent) => _marketData.Writer.WriteAsync(venueEvent);

    /// <summary>The posters' count and their copy of the loop's, with the count of posts waiting, alone on their cache lines.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct PosterSide
    {
        [FieldOffset(64)]
        public long Posted;

        [FieldOffset(72)]
        public long CachedTaken;

        [FieldOffset(80)]
        public int Waiting;
    }

    /// <summary>Whether the loop's thread sleeps in <see cref="WaitToRead"/>, alone on its cache lines: posters read it on every post.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct SleepSide
    {
        [FieldOffset(64)]
        public int Sleeping;
    }

    /// <summary>The loop's count of what it took, alone on its cache lines.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct LoopSide
    {
        [FieldOffset(64)]
        public long Taken;
    }
}
