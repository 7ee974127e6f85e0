using System.Collections.Immutable;
using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Simulation.Matching;

namespace MarketMaking.Simulation.Venue;

/// <summary>
/// A second venue in process, without sockets: a <see cref="SimulatedVenue"/> replaying its own recording, reached
/// through <see cref="ISpotOrderEntry"/>. Whoever drives the replay calls <see cref="ReplayUntilAsync"/> with the time the
/// run has reached; requests are acted on when the replay passes their arrival time (after the order-entry latency),
/// and the venue's books (top levels, as snapshots), public trades and our order events go to the engine loop.
/// </summary>
/// <remarks>
/// Used for the hedge venue of a simulated run, replaying another real recording of the same minutes. Thread-safe:
/// order entry may come from the engine loop while the replay runs on another thread.
/// </remarks>
public sealed class SimulatedVenueClient : ISpotOrderEntry, IDisposable
{
    private const string Account = "main";
    private readonly object _gate = new();
    private readonly IVenueEventSink _sink;
    private readonly int _bookDepth;
    private readonly Dictionary<InstrumentId, TickLevel[]> _published = [];
    private readonly Dictionary<InstrumentId, SimulatedInstrument> _byRecorded = [];
    private readonly IEnumerator<MarketDataEvent> _recording;
    private readonly List<VenueEvent> _outbox = [];
    private MarketDataEvent? _next;

    /// <summary>Initializes the venue and its account.</summary>
    /// <param name="venue">The venue id its events carry.</param>
    /// <param name="options">Fees, latencies and seed.</param>
    /// <param name="instruments">The instruments served (the recording's names mapped to the served ones).</param>
    /// <param name="recording">The recorded market data, in order.</param>
    /// <param name="balances">The account's starting balances.</param>
    /// <param name="sink">The engine loop's sink.</param>
    /// <param name="bookDepth">The levels per side of each book snapshot posted.</param>
    public SimulatedVenueClient(
        VenueId venue,
        SimulatedVenueOptions options,
        IReadOnlyList<SimulatedInstrument> instruments,
        IEnumerable<MarketDataEvent> recording,
        IReadOnlyDictionary<AssetId, decimal> balances,
        IVenueEventSink sink,
        int bookDepth = 10)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bookDepth);
        VenueId = venue;
        _sink = sink;
        _bookDepth = bookDepth;
        Venue = new SimulatedVenue(venue, options, _outbox.Add);
        foreach (var instrument in instruments)
        {
            _byRecorded[instrument.RecordedInstrument] = instrument;
            Venue.AddInstrument(instrument.CreateSynchronizer(new OrderBook(instrument.Spec)), instrument.BaseAsset, instrument.QuoteAsset);
        }

        Venue.AddAccount(Account, balances);
        _recording = recording.GetEnumerator();
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

    /// <summary>Gets when the venue next has something to do: its next recorded event or the next request due, in ns since the Unix epoch; <see langword="null"/> when neither is left.</summary>
    public long? NextEventTime
    {
        get
        {
            lock (_gate)
            {
                var recorded = Peek()?.TsInit;
                var request = Venue.NextRequestTime;
                return recorded is { } r && request is { } q ? Math.Min(r, q) : recorded ?? request;
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

    /// <summary>Replays the recorded events up to a time, acting on the requests due by then, and posts what changed.</summary>
    /// <param name="time">The run's time, in ns since the Unix epoch (a recording's receive time).</param>
    /// <param name="cancellationToken">Cancels the posting.</param>
    /// <returns>How many recorded events were replayed.</returns>
    public async Task<int> ReplayUntilAsync(long time, CancellationToken cancellationToken = default)
    {
        var replayed = 0;
        VenueEvent[] outgoing;
        lock (_gate)
        {
            var changed = new HashSet<InstrumentId>();
            while (Peek() is { } recorded && recorded.TsInit <= time)
            {
                _next = null;
                replayed++;
                if (!_byRecorded.TryGetValue(recorded.Instrument, out var instrument))
                {
                    continue;
                }

                // Served as this venue's: the recording's venue (binance, for the bundled data) would make its trades
                // reach no strategy, which matches trades by venue.
                var served = recorded with { Venue = VenueId, Instrument = instrument.Spec.Instrument };
                Venue.OnMarketData(served);
                if (served is Trade trade)
                {
                    _outbox.Add(trade);
                }
                else if (served is BookDelta or BookSnapshot)
                {
                    // Only depth messages change the book the venue publishes (a book ticker does not).
                    changed.Add(served.Instrument);
                }
            }

            Venue.AdvanceTo(time);
            foreach (var instrument in changed)
            {
                if (Snapshot(Venue.Engines[instrument]) is { } snapshot)
                {
                    _outbox.Add(snapshot);
                }
            }

            outgoing = [.. _outbox];
            _outbox.Clear();
        }

        foreach (var venueEvent in outgoing)
        {
            await _sink.PostAsync(venueEvent, cancellationToken).ConfigureAwait(false);
        }

        return replayed;
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

    private ValueTask<VenueResult<T>> Enqueue<T>(Func<Action<VenueResult<T>>, long> send)
    {
        // Answered when the replay passes the request's arrival time; continuations run off the replaying thread unless
        // a driven run wants them on it.
        var answer = new TaskCompletionSource<VenueResult<T>>(AnswersOnReplayingThread ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            send(result => answer.TrySetResult(result));
        }

        return new(answer.Task);
    }

    private MarketDataEvent? Peek()
    {
        if (_next is null && !IsReplayComplete)
        {
            if (_recording.MoveNext())
            {
                _next = _recording.Current;
            }
            else
            {
                IsReplayComplete = true;
            }
        }

        return _next;
    }

    /// <summary>The book's top levels as published to the kernel, or <see langword="null"/> when they are as last published (or one side is empty).</summary>
    private BookSnapshot? Snapshot(MatchingEngine engine)
    {
        var book = engine.Book;
        if (book.BidDepth == 0 || book.AskDepth == 0)
        {
            return null;
        }

        // A change below the published depth changes nothing the kernel sees: nothing is posted for it.
        if (!_published.TryGetValue(engine.Instrument, out var published))
        {
            published = new TickLevel[(2 * _bookDepth) + 2];
            _published.Add(engine.Instrument, published);
        }

        Span<TickLevel> top = _bookDepth <= 64 ? stackalloc TickLevel[2 * _bookDepth] : new TickLevel[2 * _bookDepth];
        var bids = book.CopyBids(top[.._bookDepth]);
        var asks = book.CopyAsks(top[_bookDepth..]);
        var counts = new TickLevel(bids, asks);
        if (published[^1] == counts
            && top[..bids].SequenceEqual(published.AsSpan(0, bids))
            && top.Slice(_bookDepth, asks).SequenceEqual(published.AsSpan(_bookDepth, asks)))
        {
            return null;
        }

        top[..bids].CopyTo(published);
        top.Slice(_bookDepth, asks).CopyTo(published.AsSpan(_bookDepth));
        published[^1] = counts;

        var now = Venue.Now;
        return new BookSnapshot(VenueId, engine.Instrument, [.. book.GetLevels(Side.Buy, _bookDepth)], [.. book.GetLevels(Side.Sell, _bookDepth)], now, now);
    }
}
