using System.Collections.Immutable;
using System.Runtime.InteropServices;
using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Simulation.Latency;
using MarketMaking.Simulation.Matching;

namespace MarketMaking.Simulation.Venue;

/// <summary>
/// A second venue in process, without sockets: a <see cref="SimulatedVenue"/> replaying its own recording, reached
/// through <see cref="ISpotOrderEntry"/>. Whoever drives the replay calls <see cref="ReplayUntilAsync"/> with the time the
/// run has reached. The venue acts on a recorded event at the exchange's time (<see cref="SimulatedVenueOptions.FeedLatency"/>)
/// and on a request when it arrives (after the entry latency); the engine loop gets the venue's books (top levels, as
/// snapshots) and public trades at their recorded receive times, and the answers and our order events after the
/// response latency (<see cref="SimulatedVenue.OrderLatency"/>).
/// </summary>
/// <remarks>
/// Used for the hedge venue of a simulated run, replaying another real recording of the same minutes. Thread-safe:
/// order entry may come from the engine loop while the replay runs on another thread (a backtest, which does all on one,
/// spares it the lock).
/// </remarks>
public sealed class SimulatedVenueClient : ISpotOrderEntry, IDisposable
{
    private const string Account = "main";
    private const int MarketDataLane = 0;
    private const int ResponseLane = 1;
    private readonly Lock _gate = new();
    private readonly IVenueEventSink _sink;
    private readonly int _bookDepth;
    private readonly Dictionary<InstrumentId, TickLevel[]> _published = [];
    private readonly Dictionary<InstrumentId, (SimulatedInstrument Instrument, MatchingEngine Engine)> _byRecorded = [];
    private readonly IEnumerator<TimedEvent> _recording;
    private readonly TimeOrderedQueue<Delivery> _deliveries = new(2);
    private MarketDataEvent? _next;
    private long _nextVenueTime;
    private int _nextPassedOver;
    private PreparedDelta? _nextPrepared;
    private Trade? _nextServed;
    private long _lastResponse;
    private long _responseSentAt = -1;
    private List<Delivery>? _spareArrived;

    // The last recorded instrument looked up: a recording's events share one name's string, so most lookups end here.
    private string? _lastRecorded;
    private (SimulatedInstrument Instrument, MatchingEngine Engine) _lastServed;

    /// <summary>Initializes the venue and its account.</summary>
    /// <param name="venue">The venue id its events carry.</param>
    /// <param name="options">Fees, latencies and seed.</param>
    /// <param name="instruments">The instruments served (the recording's names mapped to the served ones).</param>
    /// <param name="recording">The recorded market data, in order.</param>
    /// <param name="balances">The account's starting balances.</param>
    /// <param name="sink">The engine loop's sink.</param>
    /// <param name="bookDepth">The levels per side of the book published to the client.</param>
    public SimulatedVenueClient(
        VenueId venue,
        SimulatedVenueOptions options,
        IReadOnlyList<SimulatedInstrument> instruments,
        IEnumerable<MarketDataEvent> recording,
        IReadOnlyDictionary<AssetId, decimal> balances,
        IVenueEventSink sink,
        int bookDepth = 10)
        : this(venue, options, instruments, Timeline(recording, options, instruments, passOver: false, passOverFrom: null), balances, sink, bookDepth)
    {
    }

    /// <summary>Initializes the venue and its account on a recording already timed (<see cref="RecordingTimeline"/>).</summary>
    /// <param name="venue">The venue id its events carry.</param>
    /// <param name="options">Fees, latencies and seed.</param>
    /// <param name="instruments">The instruments served (the recording's names mapped to the served ones).</param>
    /// <param name="timeline">The recorded market data, in order, each event with its venue time.</param>
    /// <param name="balances">The account's starting balances.</param>
    /// <param name="sink">The engine loop's sink.</param>
    /// <param name="bookDepth">The levels per side of the book published to the client.</param>
    internal SimulatedVenueClient(
        VenueId venue,
        SimulatedVenueOptions options,
        IReadOnlyList<SimulatedInstrument> instruments,
        IEnumerable<TimedEvent> timeline,
        IReadOnlyDictionary<AssetId, decimal> balances,
        IVenueEventSink sink,
        int bookDepth = 10)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bookDepth);
        VenueId = venue;
        _sink = sink;
        _bookDepth = bookDepth;
        ArgumentNullException.ThrowIfNull(options);
        Venue = new SimulatedVenue(venue, options, venueEvent => Deliver(ResponseLane, ResponseTime(), venueEvent));
        foreach (var instrument in instruments)
        {
            Venue.AddInstrument(instrument.CreateVenueBook(), instrument.BaseAsset, instrument.QuoteAsset);
            _byRecorded[instrument.RecordedInstrument] = (instrument, Venue.Engines[instrument.Spec.Instrument]);
        }

        Venue.AddAccount(Account, balances);

        // The first event read now: with a feed latency as recorded, the first 10,000 (for the clocks' offset) unless
        // their timestamps could be scanned, so that a recording that fails there fails here.
        _recording = timeline.GetEnumerator();
        Peek();
    }

    /// <summary>Gets the venue's id.</summary>
    public VenueId VenueId { get; }

    /// <summary>Gets the simulated venue (its engines and account), for reports; lock-free reads only between replays.</summary>
    public SimulatedVenue Venue { get; }

    /// <summary>Gets whether the whole recording has been replayed.</summary>
    public bool IsReplayComplete { get; private set; }

    /// <summary>
    /// Gets or sets whether answers complete on the thread that replays (a run driven on one thread, where what the
    /// answer sets off must happen before the driver goes on); by default they complete on the thread pool.
    /// </summary>
    public bool AnswersOnReplayingThread { get; init; }

    /// <summary>
    /// Gets or sets whether everything reaches the client on one thread (a backtest's driver: the replay, the order
    /// entry, the answers): it then takes no lock. By default it may be called from any thread.
    /// </summary>
    internal bool OnOneThread { get; init; }

    /// <summary>
    /// Gets or sets whether a book's change after its first publication is posted as a delta of the published levels
    /// that changed (set, or gone at quantity zero) rather than as a snapshot of them all: the books that receive it end
    /// as they would with the snapshot, provided they keep at least the published depth (a backtest's books keep the
    /// same). A book whose published levels cross is published whole, so that a receiver that marked it out of sync
    /// takes it back. By default every change is a snapshot.
    /// </summary>
    public bool PublishesBookDeltas { get; init; }

    /// <summary>
    /// Gets when the venue next has something to do: act on its next recorded event or the next request due, or deliver
    /// something to the client; in ns since the Unix epoch, <see langword="null"/> when nothing is left.
    /// </summary>
    public long? NextEventTime
    {
        get
        {
            using (Gate())
            {
                long? next = Peek() is null ? null : _nextVenueTime;
                foreach (var candidate in (ReadOnlySpan<long?>)[Venue.NextRequestTime, _deliveries.TryPeekTime(out var due) ? due : null])
                {
                    next = candidate is { } c && (next is null || c < next) ? c : next;
                }

                return next;
            }
        }
    }

    /// <inheritdoc/>
    VenueId ISpotOrderEntry.Venue => VenueId;

    /// <inheritdoc/>
    public VenueCapabilities Capabilities { get; } = new(
        [OrderType.Limit, OrderType.Market],
        [TimeInForce.GoodTillCanceled, TimeInForce.ImmediateOrCancel],
        VenueFeatures.Amend | VenueFeatures.CancelAll | VenueFeatures.DeadManSwitch | VenueFeatures.ClientOrderIdAddressing);

    /// <summary>
    /// Replays the recorded events up to a time, acting on the requests due by then, and posts what reached the client
    /// by then: the books (top levels) and trades at their receive times, answers and order events after the response
    /// latency.
    /// </summary>
    /// <param name="time">The run's time, in ns since the Unix epoch.</param>
    /// <param name="cancellationToken">Cancels the posting.</param>
    /// <returns>How many recorded events were replayed.</returns>
    public async Task<int> ReplayUntilAsync(long time, CancellationToken cancellationToken = default)
    {
        var replayed = 0;

        // The list of a call before, reused: a backtest calls once per recorded event (taken, not shared, as a caller
        // may call again before this one's posts are done).
        var arrived = Interlocked.Exchange(ref _spareArrived, null) ?? [];
        using (Gate())
        {
            while (Peek() is { } recorded && _nextVenueTime <= time)
            {
                var venueTime = _nextVenueTime;
                _next = null;
                replayed += 1 + _nextPassedOver;
                if (!TryServe(recorded.Instrument, out var served))
                {
                    continue;
                }

                // The engine reads only what the event holds (levels, prices, sizes), not whose it is.
                Offer(served.Engine);
                Venue.OnMarketData(served.Engine, recorded, venueTime);
                if (recorded is Trade trade)
                {
                    // Delivered as this venue's: the recording's venue (binance, for the bundled data) would make its
                    // trades reach no strategy, which matches trades by venue. A backtest's are renamed as they are read.
                    Deliver(MarketDataLane, trade.TsInit, _nextServed ?? trade with { Venue = VenueId, Instrument = served.Instrument.Spec.Instrument });
                }
                else if (recorded is BookDelta or BookSnapshot && Publication(served.Engine, recorded.TsInit) is { } publication)
                {
                    // Only depth messages change the book the venue publishes (a book ticker does not); the client
                    // sees the book as this message left it, when the message reaches it.
                    Deliver(MarketDataLane, recorded.TsInit, publication);
                }
            }

            Venue.AdvanceTo(time);
            while (_deliveries.TryDequeueDue(time, out var delivery))
            {
                arrived.Add(delivery);
            }
        }

        foreach (var delivery in arrived)
        {
            if (delivery.Event is { } venueEvent)
            {
                await _sink.PostAsync(venueEvent, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                delivery.Answer!();
            }
        }

        arrived.Clear();
        _spareArrived = arrived;
        return replayed;
    }

    /// <summary>
    /// Replays the recorded events received before a time without the client seeing them (the venue's book is built,
    /// nothing of ours rests yet), then delivers the book as it stands at that time: a run that starts in the middle
    /// of a recording starts on the right book.
    /// </summary>
    /// <param name="time">The time the run starts, in ns since the Unix epoch (a receive time).</param>
    /// <returns>How many recorded events were replayed unseen.</returns>
    public int FastForward(long time)
    {
        var skipped = 0;
        using (Gate())
        {
            while (Peek() is { } recorded && recorded.TsInit < time)
            {
                _next = null;
                skipped += 1 + _nextPassedOver;
                if (TryServe(recorded.Instrument, out var served))
                {
                    Offer(served.Engine);
                    Venue.OnMarketData(served.Engine, recorded, Math.Min(_nextVenueTime, time));
                }
            }

            Venue.AdvanceTo(time);
            foreach (var engine in Venue.Engines.Values)
            {
                if (Publication(engine, time) is { } publication)
                {
                    Deliver(MarketDataLane, time, publication);
                }
            }
        }

        return skipped;
    }

    /// <inheritdoc/>
    public ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) =>
        Enqueue<OrderAck>(answer => Venue.Place(request, Account, answer));

    /// <inheritdoc/>
    public async ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var answers = await Task.WhenAll(requests.Select(r => PlaceOrderAsync(r, cancellationToken).AsTask())).ConfigureAwait(false);
        return VenueResult<ImmutableArray<VenueResult<OrderAck>>>.Success([.. answers]);
    }

    /// <inheritdoc/>
    public ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default) =>
        Enqueue<AmendAck>(answer => Venue.Amend(request, Account, answer));

    /// <inheritdoc/>
    public ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default) =>
        Enqueue<CancelAck>(answer => Venue.Cancel(instrument, order, Account, answer));

    /// <inheritdoc/>
    public ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) =>
        Enqueue<CancelAck>(answer => Venue.CancelAll(Account, answer));

    /// <inheritdoc/>
    public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Enqueue<DeadManSwitchStatus>(answer => Venue.CancelAllAfter(Account, timeout, answer));

    /// <inheritdoc/>
    public void Dispose() => _recording.Dispose();

    /// <summary>The client's lock, held until the scope is disposed; none on one thread (<see cref="OnOneThread"/>).</summary>
    private GateScope Gate() => new(OnOneThread ? null : _gate);

    private ValueTask<VenueResult<T>> Enqueue<T>(Func<Action<VenueResult<T>>, long> send)
    {
        // Answered when the replay passes the answer's arrival time; continuations run off the replaying thread unless
        // a driven run wants them on it.
        var answer = new TaskCompletionSource<VenueResult<T>>(AnswersOnReplayingThread ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
        using (Gate())
        {
            send(result => Deliver(ResponseLane, ResponseTime(), new Delivery(null, () => answer.TrySetResult(result))));
        }

        return new(answer.Task);
    }

    /// <summary>
    /// When what the venue sends now reaches the client: after the response latency, one draw for everything sent at
    /// one venue time, and never before what was sent earlier (one connection keeps its order).
    /// </summary>
    private long ResponseTime()
    {
        if (_responseSentAt != Venue.Now)
        {
            _responseSentAt = Venue.Now;
            _lastResponse = Math.Max(_lastResponse, Venue.Now + Venue.OrderLatency.ResponseNanoseconds(Venue.Now));
        }

        return _lastResponse;
    }

    private void Deliver(int lane, long time, VenueEvent venueEvent) => Deliver(lane, time, new Delivery(venueEvent, null));

    /// <summary>Queues something for the client: the recording's events come in receive-time order, the venue's answers in response-time order.</summary>
    private void Deliver(int lane, long time, Delivery delivery) => _deliveries.Enqueue(lane, delivery, time);

    private MarketDataEvent? Peek()
    {
        if (_next is null && !IsReplayComplete)
        {
            if (_recording.MoveNext())
            {
                var timed = _recording.Current;
                (_next, _nextVenueTime, _nextPassedOver, _nextPrepared, _nextServed) = (timed.Event, timed.VenueTime, timed.PassedOver, timed.Prepared, timed.Served);
            }
            else
            {
                IsReplayComplete = true;
            }
        }

        return _next;
    }

    /// <summary>A recording timed as this venue acts on it.</summary>
    /// <param name="recording">The recorded events.</param>
    /// <param name="options">The venue's options (its feed latency).</param>
    /// <param name="instruments">The instruments served.</param>
    /// <param name="passOver">Whether events that only move the clock are passed over.</param>
    /// <param name="passOverFrom">The receive time from which they may be, or <see langword="null"/>.</param>
    /// <param name="preparedFor">The venue whose events are read on a read-ahead thread (a backtest's): its book deltas
    /// converted to its books' grids and its trades renamed as it delivers them there; <see langword="null"/> for neither.</param>
    internal static RecordingTimeline Timeline(IEnumerable<MarketDataEvent> recording, SimulatedVenueOptions options, IReadOnlyList<SimulatedInstrument> instruments, bool passOver, long? passOverFrom, VenueId? preparedFor = null)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(instruments);
        return new RecordingTimeline(
            recording,
            options.FeedLatency,
            instruments.Select(i => i.RecordedInstrument).ToHashSet(),
            passOver,
            passOverFrom,
            preparedFor is not null ? instruments.ToDictionary(i => i.RecordedInstrument, i => i.Spec) : null,
            preparedFor);
    }

    /// <summary>Hands the engine's book the next event's levels as converted on the read-ahead thread, if they were.</summary>
    private void Offer(MatchingEngine engine)
    {
        if (_nextPrepared is { } prepared)
        {
            engine.Book.Offer(prepared);
            _nextPrepared = null;
        }
    }

    /// <summary>The instrument a recorded one is served as, and its matching engine; false for one not served.</summary>
    private bool TryServe(InstrumentId recorded, out (SimulatedInstrument Instrument, MatchingEngine Engine) served)
    {
        if (ReferenceEquals(recorded.Value, _lastRecorded))
        {
            served = _lastServed;
            return true;
        }

        if (!_byRecorded.TryGetValue(recorded, out served))
        {
            return false;
        }

        (_lastRecorded, _lastServed) = (recorded.Value, served);
        return true;
    }

    /// <summary>
    /// The book's top levels as published to the kernel: a snapshot of them, or with <see cref="PublishesBookDeltas"/>
    /// after the first, a delta of those that changed; <see langword="null"/> when they are as last published (or one
    /// side is empty).
    /// </summary>
    private MarketDataEvent? Publication(MatchingEngine engine, long receiveTime)
    {
        var book = engine.Book;
        if (book.BidDepth == 0 || book.AskDepth == 0)
        {
            return null;
        }

        // A change below the published depth changes nothing the kernel sees: nothing is posted for it. The last element
        // holds the published counts of bids and asks (none before the first publication).
        var first = false;
        if (!_published.TryGetValue(engine.Instrument, out var published))
        {
            (first, published) = (true, new TickLevel[(2 * _bookDepth) + 1]);
            _published.Add(engine.Instrument, published);
        }

        Span<TickLevel> top = _bookDepth <= 64 ? stackalloc TickLevel[2 * _bookDepth] : new TickLevel[2 * _bookDepth];
        var bids = book.CopyBids(top[.._bookDepth]);
        var asks = book.CopyAsks(top[_bookDepth..]);
        ReadOnlySpan<TickLevel> newBids = top[..bids];
        ReadOnlySpan<TickLevel> newAsks = top.Slice(_bookDepth, asks);
        ReadOnlySpan<TickLevel> oldBids = published.AsSpan(0, (int)published[^1].PriceTicks);
        ReadOnlySpan<TickLevel> oldAsks = published.AsSpan(_bookDepth, (int)published[^1].QuantityLots);
        if (newBids.SequenceEqual(oldBids) && newAsks.SequenceEqual(oldAsks))
        {
            return null;
        }

        var whole = first || !PublishesBookDeltas || Crosses(oldBids, oldAsks) || Crosses(newBids, newAsks);
        MarketDataEvent publication = whole
            ? new BookSnapshot(VenueId, engine.Instrument, Levels(newBids, book.Spec), Levels(newAsks, book.Spec), Venue.Now, receiveTime)
            : new BookDelta(VenueId, engine.Instrument, Changes(oldBids, newBids, book.Spec, bidSide: true), Changes(oldAsks, newAsks, book.Spec, bidSide: false), Venue.Now, receiveTime);
        newBids.CopyTo(published);
        newAsks.CopyTo(published.AsSpan(_bookDepth));
        published[^1] = new TickLevel(bids, asks);
        return publication;
    }

    /// <summary>Whether published levels cross (the best bid at or above the best ask), which a receiving book takes for out of sync.</summary>
    private static bool Crosses(ReadOnlySpan<TickLevel> bids, ReadOnlySpan<TickLevel> asks) =>
        bids.Length > 0 && asks.Length > 0 && bids[0].PriceTicks >= asks[0].PriceTicks;

    /// <summary>
    /// One side's change from its last published levels to its new ones, both best first, as levels best first: each
    /// new level whose quantity differs (or that was not there), and each old level no longer there at quantity zero.
    /// </summary>
    private static ImmutableArray<BookLevel> Changes(ReadOnlySpan<TickLevel> old, ReadOnlySpan<TickLevel> now, InstrumentSpec spec, bool bidSide)
    {
        var most = old.Length + now.Length;
        Span<BookLevel> changes = most <= 128 ? stackalloc BookLevel[most] : new BookLevel[most];
        int o = 0, n = 0, count = 0;
        while (o < old.Length || n < now.Length)
        {
            // Better means a higher bid or a lower ask; past either side's end, the other's levels remain.
            var compare = o == old.Length ? 1 : n == now.Length ? -1 : (bidSide ? 1 : -1) * now[n].PriceTicks.CompareTo(old[o].PriceTicks);
            if (compare > 0)
            {
                changes[count++] = spec.ToBookLevel(now[n]);
                n++;
            }
            else if (compare < 0)
            {
                changes[count++] = new BookLevel(spec.FromTicks(old[o].PriceTicks), Quantity.Zero);
                o++;
            }
            else
            {
                if (now[n].QuantityLots != old[o].QuantityLots)
                {
                    changes[count++] = spec.ToBookLevel(now[n]);
                }

                (o, n) = (o + 1, n + 1);
            }
        }

        return [.. changes[..count]];
    }

    /// <summary>Levels already read from the book, as the snapshot's prices and quantities (the book is not walked again).</summary>
    private static ImmutableArray<BookLevel> Levels(ReadOnlySpan<TickLevel> levels, InstrumentSpec spec)
    {
        var converted = new BookLevel[levels.Length];
        for (var i = 0; i < levels.Length; i++)
        {
            converted[i] = spec.ToBookLevel(levels[i]);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(converted);
    }

    /// <summary>Something on its way to the client: a venue event to post to the engine loop, or an answer to complete.</summary>
    private readonly record struct Delivery(VenueEvent? Event, Action? Answer);

    /// <summary>A lock held for a scope, or nothing.</summary>
    private readonly ref struct GateScope
    {
        private readonly Lock? _gate;

        public GateScope(Lock? gate)
        {
            _gate = gate;
            gate?.Enter();
        }

        public void Dispose() => _gate?.Exit();
    }
}
