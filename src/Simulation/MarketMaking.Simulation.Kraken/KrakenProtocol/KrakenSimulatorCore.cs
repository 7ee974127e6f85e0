using System.Collections.Concurrent;
using MarketMaking.Adapters;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Simulation.Matching;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.KrakenProtocol;

/// <summary>
/// The simulator's shared state behind one gate: the simulated venue, the served instruments, the connected clients
/// and the WebSocket tokens. Replayed market data and client requests take turns on the venue; what they cause is
/// turned into Kraken messages and queued to the clients, in order.
/// </summary>
internal sealed class KrakenSimulatorCore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _injectedFaults = new(StringComparer.Ordinal);
    public const string AccountId = "main";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<KrakenSimulatorConnection> _connections = [];
    private readonly List<VenueEvent> _venueEvents = [];
    private readonly Queue<FillEvent> _recentFills = new();
    private readonly Dictionary<InstrumentId, SimulatedInstrument> _byRecorded = [];
    private readonly ConcurrentDictionary<string, long> _tokens = new(StringComparer.Ordinal);
    private readonly KrakenSimulatorOptions _options;
    private readonly Random _faultRandom;
    private long _tokenCount;
    private long _silentUntil = long.MinValue;
    private long _bookFrames;

    public KrakenSimulatorCore(KrakenSimulatorOptions options, IReadOnlyList<SimulatedInstrument> instruments, TimeProvider timeProvider)
    {
        _options = options;
        TimeProvider = timeProvider;
        Venue = new SimulatedVenue(KrakenVenue.Id, options.Venue, _venueEvents.Add);
        foreach (var instrument in instruments)
        {
            Venue.AddInstrument(instrument.CreateVenueBook(), instrument.BaseAsset, instrument.QuoteAsset);
            _byRecorded[instrument.RecordedInstrument] = instrument;
            Instruments[instrument.Spec.Instrument] = instrument;
        }

        Venue.AddAccount(AccountId, options.Balances.ToDictionary(b => AssetId.Create(b.Key), b => b.Value));
        Faults = options.Faults;
        _faultRandom = new Random(unchecked(options.Venue.Seed * 7919 + 17));
        Admission = new KrakenOrderAdmission(new KrakenTradingCounters(options.Tier, timeProvider, cancelReserve: 0), timeProvider, enforce: options.EnforceRateLimits);
    }

    /// <summary>Gets the faults to inject.</summary>
    public SimulatorFaultOptions Faults { get; }

    /// <summary>Gets Kraken's per-pair trading counters as the simulator enforces them (no reserve for cancels: that is a client's policy).</summary>
    public KrakenOrderAdmission Admission { get; }

    /// <summary>Gets whether the server is in a silent period: nothing is sent or answered.</summary>
    public bool IsSilent => TimeProvider.GetTimestamp() < Interlocked.Read(ref _silentUntil);

    /// <summary>Starts a silent period.</summary>
    public void Silence(TimeSpan duration) =>
        Interlocked.Exchange(ref _silentUntil, TimeProvider.GetTimestamp() + (long)(duration.TotalSeconds * TimeProvider.TimestampFrequency));

    /// <summary>Gets how many faults of each kind were injected so far, by their <c>--faults</c> names.</summary>
    public IReadOnlyDictionary<string, long> InjectedFaults => new SortedDictionary<string, long>(_injectedFaults, StringComparer.Ordinal);

    /// <summary>Draws whether a fault with this chance happens now, and counts it when it does.</summary>
    /// <param name="probability">The chance, 0 to 1.</param>
    /// <param name="fault">The fault's name in the <c>--faults</c> specification.</param>
    public bool Chance(double probability, string fault)
    {
        if (probability <= 0)
        {
            return false;
        }

        bool happens;
        lock (_faultRandom)
        {
            happens = _faultRandom.NextDouble() < probability;
        }

        if (happens)
        {
            CountFault(fault);
        }

        return happens;
    }

    /// <summary>Counts an injected fault.</summary>
    /// <param name="fault">The fault's name in the <c>--faults</c> specification.</param>
    public void CountFault(string fault) => _injectedFaults.AddOrUpdate(fault, 1, static (_, count) => count + 1);

    /// <summary>Drops every WebSocket connection without a close frame.</summary>
    public void DropConnections()
    {
        foreach (var connection in Connections)
        {
            connection.Abort();
        }
    }

    /// <summary>Makes the next book update of every subscription carry a wrong checksum.</summary>
    public void CorruptNextChecksum()
    {
        foreach (var feed in Connections.SelectMany(c => c.Books.Values))
        {
            feed.ChecksumCorruption = 1;
        }
    }

    /// <summary>Announces a system status on the <c>status</c> channel of every connection.</summary>
    public async Task AnnounceStatusAsync(string system)
    {
        SystemStatus = system;
        foreach (var connection in Connections)
        {
            await SendAsync(connection, KrakenMessageWriter.Status(system)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Queues messages to one client at once, under the gate, so that nothing the venue does next can overtake them
    /// (a subscription's acknowledgement and snapshot); nothing is queued while the server is silent.
    /// </summary>
    public void EnqueueNow(KrakenSimulatorConnection connection, params byte[][] messages)
    {
        if (IsSilent)
        {
            return;
        }

        foreach (var message in messages)
        {
            connection.EnqueueOrDrop(message);
        }
    }

    /// <summary>Sends one message to one client, unless the server is silent.</summary>
    public ValueTask SendAsync(KrakenSimulatorConnection connection, byte[] message) => IsSilent ? ValueTask.CompletedTask : connection.SendAsync(message);

    public SimulatedVenue Venue { get; }

    public TimeProvider TimeProvider { get; }

    public Dictionary<InstrumentId, SimulatedInstrument> Instruments { get; } = [];

    /// <summary>Gets how many book messages have been queued to clients.</summary>
    public long BookFramesSent => Interlocked.Read(ref _bookFrames);

    /// <summary>Gets or sets the system status sent on connect (fault injection: <c>maintenance</c>).</summary>
    public string SystemStatus { get; set; } = "online";

    /// <summary>Gets the connected clients (a copy).</summary>
    public KrakenSimulatorConnection[] Connections
    {
        get
        {
            lock (_connections)
            {
                return [.. _connections];
            }
        }
    }

    public void Add(KrakenSimulatorConnection connection)
    {
        lock (_connections)
        {
            _connections.Add(connection);
        }
    }

    public void Remove(KrakenSimulatorConnection connection)
    {
        lock (_connections)
        {
            _connections.Remove(connection);
        }
    }

    /// <summary>Issues a WebSocket token.</summary>
    public string IssueToken()
    {
        var token = $"simtoken{Interlocked.Increment(ref _tokenCount):D6}{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}";
        _tokens[token] = TimeProvider.GetTimestamp();
        return token;
    }

    /// <summary>Whether a token may open a private subscription (issued here, not older than its lifetime).</summary>
    public bool IsTokenValid(string? token) =>
        token is not null && _tokens.TryGetValue(token, out var issued) && TimeProvider.GetElapsedTime(issued) <= _options.TokenLifetime;

    /// <summary>Makes every token issued so far unusable for new subscriptions (fault injection: token expiry).</summary>
    public void ExpireTokens() => _tokens.Clear();

    /// <summary>Runs something on the venue under the gate, queuing what it caused to the clients there.</summary>
    public async Task<T> RunAsync<T>(Func<SimulatedVenue, T> action)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var result = action(Venue);
            QueueVenueEvents();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sends a request to the venue and acts on it at once (the replay clock moves by its latency).</summary>
    public Task<TAnswer> RequestAsync<TAnswer>(Func<SimulatedVenue, Action<TAnswer>, long> send) =>
        RunAsync(venue =>
        {
            TAnswer answer = default!;
            var due = send(venue, a => answer = a);
            venue.AdvanceTo(due);
            return answer;
        });

    /// <summary>
    /// Replays one recorded event: the venue applies it; the executions and balance messages it causes are queued at
    /// once, and the book, trade and ticker messages returned, for the caller to send when the market-data latency has
    /// passed.
    /// </summary>
    public async Task<List<(KrakenSimulatorConnection, byte[])>> ReplayAsync(MarketDataEvent recorded)
    {
        if (!_byRecorded.TryGetValue(recorded.Instrument, out var instrument))
        {
            return [];
        }

        List<(KrakenSimulatorConnection, byte[])> frames = [];
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var served = instrument.Spec.Instrument;
            Venue.OnMarketData(recorded with { Instrument = served });
            var engine = Venue.Engines[served];
            foreach (var connection in Connections)
            {
                CollectPublic(connection, engine, recorded, frames);
            }

            QueueVenueEvents();
        }
        finally
        {
            _gate.Release();
        }

        return frames;
    }

    /// <summary>
    /// Places an order for the simulated account: charged to Kraken's trading counter first (refused with
    /// <c>EOrder:Rate limit exceeded</c> when over), then acted on by the venue; a placed order's age starts now.
    /// </summary>
    public async Task<VenueResult<OrderAck>> PlaceAsync(OrderRequest request)
    {
        if (!Admission.TryAdmit(request.Instrument, KrakenTradingAction.AddOrder, null, 1, out _))
        {
            return VenueResult<OrderAck>.Failure(KrakenErrors.Map("EOrder:Rate limit exceeded"));
        }

        var result = await RequestAsync<VenueResult<OrderAck>>((venue, answer) => venue.Place(request, AccountId, answer)).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            Admission.RememberOrderTime(result.Value.VenueOrderId, request.ClientOrderId);
        }

        return result;
    }

    /// <summary>Amends an order of the simulated account, charged to the trading counter by the order's age; a successful amend restarts its age.</summary>
    public async Task<VenueResult<AmendAck>> AmendAsync(OrderReference reference, Quantity? newQuantity, Price? newLimitPrice, bool postOnly)
    {
        var instrument = InstrumentOf(reference);
        if (!Admission.TryAdmit(instrument, KrakenTradingAction.AmendOrder, reference, 1, out _))
        {
            return VenueResult<AmendAck>.Failure(KrakenErrors.Map("EOrder:Rate limit exceeded"));
        }

        var request = new AmendRequest(instrument, reference) { NewQuantity = newQuantity, NewLimitPrice = newLimitPrice, PostOnly = postOnly };
        var result = await RequestAsync<VenueResult<AmendAck>>((venue, answer) => venue.Amend(request, AccountId, answer)).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            Admission.RememberOrderTime(reference.VenueOrderId, reference.ClientOrderId);
        }

        return result;
    }

    /// <summary>The instrument of one of our orders (by venue id), or the first served instrument when it is not found.</summary>
    public InstrumentId InstrumentOf(OrderReference reference) =>
        Venue.Engines.Values.FirstOrDefault(e => reference.VenueOrderId is { } id && e.Find(id) is not null)?.Instrument ?? Venue.Engines.Keys.First();

    /// <summary>Builds what a new book subscription gets: the snapshot, when the replayed book is ready.</summary>
    public KrakenBookFeed Subscribe(KrakenSimulatorConnection connection, MatchingEngine engine, int depth)
    {
        var feed = new KrakenBookFeed(engine.Book, engine.Instrument.Value, depth);
        connection.Books[engine.Instrument] = feed;
        return feed;
    }

    /// <summary>Counts a book message queued outside the replay (a subscription's first snapshot).</summary>
    public void CountBookFrame()
    {
        Interlocked.Increment(ref _bookFrames);
    }

    private void CollectPublic(KrakenSimulatorConnection connection, MatchingEngine engine, MarketDataEvent recorded, List<(KrakenSimulatorConnection, byte[])> frames)
    {
        var instrument = engine.Instrument;
        if (recorded is BookSnapshot or BookDelta)
        {
            if (connection.Books.TryGetValue(instrument, out var feed) && feed.Next(recorded.TsInit) is { } bookFrame)
            {
                frames.Add((connection, bookFrame));
                Interlocked.Increment(ref _bookFrames);
            }

            if (connection.Tickers.TryGetValue(instrument, out var last) && engine.Book.SyncState == BookSyncState.Synced
                && engine.Book.BidDepth > 0 && engine.Book.AskDepth > 0)
            {
                var top = (engine.Book.GetBid(0), engine.Book.GetAsk(0));
                if (top != last)
                {
                    connection.Tickers[instrument] = top;
                    frames.Add((connection, KrakenMessageWriter.Ticker(engine.Spec, top.Item1, top.Item2, recorded.TsInit)));
                }
            }
        }
        else if (recorded is Trade trade && connection.Trades.Contains(instrument))
        {
            frames.Add((connection, KrakenMessageWriter.Trades(engine.Spec, trade)));
        }
    }

    /// <summary>Gets the account's last 50 fills, oldest first, for the executions snapshot (Kraken's <c>snap_trades</c>).</summary>
    public IReadOnlyCollection<FillEvent> RecentFills => _recentFills;

    /// <summary>
    /// Queues the executions and balance messages the venue's last action caused, at once and under the gate: each
    /// private channel numbers its messages, so they must reach the client in that order. Held back with the public
    /// market data for its latency, a fill's messages were overtaken by an order answer sent meanwhile, and the client
    /// saw a sequence gap without any fault injected.
    /// </summary>
    private void QueueVenueEvents()
    {
        if (_venueEvents.Count == 0)
        {
            return;
        }

        foreach (var fill in _venueEvents.OfType<FillEvent>())
        {
            _recentFills.Enqueue(fill);
            if (_recentFills.Count > 50)
            {
                _recentFills.Dequeue();
            }
        }

        foreach (var connection in Connections.Where(c => c.IsPrivate))
        {
            foreach (var venueEvent in _venueEvents)
            {
                if (venueEvent is BalanceUpdate balance && connection.Balances)
                {
                    EnqueueNow(connection, KrakenMessageWriter.BalanceUpdate(balance, ++connection.BalancesSequence));
                }
                else if (venueEvent is OrderUpdate or FillEvent && connection.Executions && SpecOf(venueEvent) is { } spec)
                {
                    QueueExecution(connection, KrakenMessageWriter.Execution(venueEvent, spec, ++connection.ExecutionsSequence));
                }
            }
        }

        _venueEvents.Clear();
    }

    private void QueueExecution(KrakenSimulatorConnection connection, byte[] frame)
    {
        if (connection.HeldExecution is null && Chance(Faults.ReorderExecution, "reorder-execution"))
        {
            // Held back, to be sent after the next one.
            connection.HeldExecution = frame;
            return;
        }

        EnqueueNow(connection, frame);
        if (Chance(Faults.DuplicateExecution, "duplicate-execution"))
        {
            EnqueueNow(connection, frame);
        }

        if (connection.HeldExecution is { } held)
        {
            connection.HeldExecution = null;
            EnqueueNow(connection, held);
        }
    }

    private InstrumentSpec? SpecOf(VenueEvent venueEvent) => venueEvent switch
    {
        FillEvent fill => Instruments.GetValueOrDefault(fill.Instrument)?.Spec,
        OrderUpdate { Instrument: { } instrument } => Instruments.GetValueOrDefault(instrument)?.Spec,
        _ => null,
    };

    /// <summary>Sends messages to their clients, in order, unless the server is silent.</summary>
    public async Task SendAsync(List<(KrakenSimulatorConnection Connection, byte[] Frame)> frames)
    {
        foreach (var (connection, frame) in frames)
        {
            await SendAsync(connection, frame).ConfigureAwait(false);
        }
    }
}
