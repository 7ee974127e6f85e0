using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// The simulator's shared state behind one gate: the simulated venue, the served instruments and the connected
/// clients. Replayed market data and client requests take turns on the venue, so a depth snapshot is always the book
/// as of the last diff sent to every client.
/// </summary>
internal sealed class BinanceSimulatorCore
{
    /// <summary>The one simulated account every key trades on.</summary>
    public const string AccountId = "main";

    private readonly List<VenueEvent> _published = [];
    private readonly object _listenKeyGate = new();
    private readonly Dictionary<InstrumentId, long> _lastMarkPrice = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<BinanceSimulatorConnection> _connections = [];
    private readonly Dictionary<InstrumentId, SimulatedInstrument> _byRecorded = [];
    private BinanceUserDataWriter? _userData;
    private int _subscriptionIds;
    private int _depthSnapshots;
    private int _rateLimited;
    private int _orderRequests;
    private int _webSocketApiOrderRequests;
    private int _unsignedSessionOrderRequests;

    public BinanceSimulatorCore(BinanceSimulatorOptions options, IReadOnlyList<SimulatedInstrument> instruments, TimeProvider timeProvider)
    {
        Options = options;
        TimeProvider = timeProvider;
        Venue = new SimulatedVenue(BinanceVenue.IdOf(options.Market), options.Venue, _published.Add);
        foreach (var instrument in instruments)
        {
            Venue.AddInstrument(instrument.CreateVenueBook(), instrument.BaseAsset, instrument.QuoteAsset);
            _byRecorded[instrument.RecordedInstrument] = instrument;
            Instruments[instrument.Spec.Instrument] = instrument;
            Rules[instrument.Spec.Instrument] = BinanceRecordedInstruments.RulesOf(options.Market, instrument.Spec.Instrument.Value) ?? instrument.Spec;
        }

        Venue.AddAccount(AccountId, options.Balances.ToDictionary(b => AssetId.Create(b.Key), b => b.Value));
        Authenticator = new BinanceRequestAuthenticator(options.ApiKey, options.ApiSecret, options.Ed25519PublicKey is { Length: > 0 } key ? Convert.FromBase64String(key) : null, timeProvider);
        Weight = new BinanceWeightCounter(options.WeightPerMinute ?? (options.Market == BinanceMarket.Spot ? 6000 : 2400), timeProvider);
        Orders = new BinanceOrderCounter(options.OrdersPer10Seconds ?? (options.Market == BinanceMarket.Spot ? 50 : 300), timeProvider);
    }

    public BinanceSimulatorOptions Options { get; }

    public BinanceMarket Market => Options.Market;

    public TimeProvider TimeProvider { get; }

    public SimulatedVenue Venue { get; }

    public Dictionary<InstrumentId, SimulatedInstrument> Instruments { get; } = [];

    /// <summary>Gets the trading rules <c>exchangeInfo</c> serves, by served instrument (the book's grid may be finer).</summary>
    public Dictionary<InstrumentId, InstrumentSpec> Rules { get; } = [];

    public BinanceWeightCounter Weight { get; }

    /// <summary>Gets the account's new orders per 10 s.</summary>
    public BinanceOrderCounter Orders { get; }

    public BinanceRequestAuthenticator Authenticator { get; }

    public BinanceOrderIds OrderIds { get; } = new();

    public BinanceUserDataWriter UserData => _userData ??= new BinanceUserDataWriter(OrderIds, Market);

    /// <summary>Gets the account's net position per instrument from its fills (signed quantity, signed cost in quote), for futures; changed under the gate.</summary>
    public Dictionary<InstrumentId, (decimal Quantity, decimal Cost)> Positions { get; } = [];

    /// <summary>Gets the futures account's listen key: one active key per account, as on Binance; empty when none.</summary>
    public string ListenKey { get; private set; } = string.Empty;

    /// <summary>Returns the active listen key, creating one when there is none (Binance's <c>POST listenKey</c>).</summary>
    public string AcquireListenKey()
    {
        lock (_listenKeyGate)
        {
            if (ListenKey.Length == 0)
            {
                ListenKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            }

            return ListenKey;
        }
    }

    /// <summary>Invalidates the listen key (Binance's <c>DELETE listenKey</c>, or its expiry).</summary>
    public void CloseListenKey()
    {
        lock (_listenKeyGate)
        {
            ListenKey = string.Empty;
        }
    }

    /// <summary>Gives out the next user data subscription id (Binance numbers them per connection from 0; one account here, so per server).</summary>
    public int NextSubscriptionId() => Interlocked.Increment(ref _subscriptionIds) - 1;

    public int DepthSnapshotsServed => Volatile.Read(ref _depthSnapshots);

    public int RateLimitedRequests => Volatile.Read(ref _rateLimited);

    public void CountRateLimited() => Interlocked.Increment(ref _rateLimited);

    /// <summary>Gets how many order requests (place, batch, amend, cancel, cancel-all) were taken, over REST or the WebSocket API, before any answer.</summary>
    public int OrderRequests => Volatile.Read(ref _orderRequests);

    public void CountOrderRequest() => Interlocked.Increment(ref _orderRequests);

    /// <summary>Gets how many signed order requests came over the WebSocket API (answered or refused).</summary>
    public int WebSocketApiOrderRequests => Volatile.Read(ref _webSocketApiOrderRequests);

    public void CountWebSocketApiOrderRequest() => Interlocked.Increment(ref _webSocketApiOrderRequests);

    public int UnsignedSessionOrderRequests => Volatile.Read(ref _unsignedSessionOrderRequests);

    public void CountUnsignedSessionOrderRequest() => Interlocked.Increment(ref _unsignedSessionOrderRequests);

    public BinanceSimulatorConnection[] Connections
    {
        get
        {
            lock (_connections)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>Serves an accepted client: its outgoing queue written in order, each of its messages handed on, until it goes.</summary>
    public async Task ServeAsync(BinanceSimulatorConnection connection, System.Net.WebSockets.WebSocket socket, CancellationToken aborted, Func<ReadOnlyMemory<byte>, Task> onMessage)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var writing = connection.WriteLoopAsync(ended.Token);
        Add(connection);
        try
        {
            await Servers.WebSocketMessages.ReadAllAsync(socket, onMessage).ConfigureAwait(false);
        }
        finally
        {
            Remove(connection);
            connection.Complete();
            await ended.CancelAsync().ConfigureAwait(false);
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void Add(BinanceSimulatorConnection connection)
    {
        lock (_connections)
        {
            _connections.Add(connection);
        }
    }

    private void Remove(BinanceSimulatorConnection connection)
    {
        lock (_connections)
        {
            _connections.Remove(connection);
        }
    }

    /// <summary>Runs something on the venue under the gate; what it makes the venue publish goes to the user data subscribers.</summary>
    public async Task<T> RunAsync<T>(Func<SimulatedVenue, T> action)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var result = action(Venue);
            await SendUserDataAsync().ConfigureAwait(false);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Sends a request to the venue and acts on it at once (the replay clock moves by its latency), under the gate;
    /// what the venue published meanwhile (our order updates, fills, balances) goes to the user data subscribers first.
    /// </summary>
    public async Task<TAnswer> RequestAsync<TAnswer>(Func<SimulatedVenue, Action<TAnswer>, long> send)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            TAnswer answer = default!;
            var due = send(Venue, a => answer = a);
            Venue.AdvanceTo(due);
            await SendUserDataAsync().ConfigureAwait(false);
            return answer;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Replays one recorded event: the venue applies it, and the stream messages it makes are queued to every subscriber, in order.</summary>
    /// <returns>Whether any client was sent a message.</returns>
    public async Task ReplayAsync(MarketDataEvent recorded)
    {
        if (!_byRecorded.TryGetValue(recorded.Instrument, out var instrument))
        {
            return;
        }

        var served = recorded with { Instrument = instrument.Spec.Instrument };
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var wasSynced = Venue.Engines[served.Instrument].Book.SyncState == BookSyncState.Synced;
            Venue.OnMarketData(served);

            // Fills of our orders by the replayed trades.
            await SendUserDataAsync().ConfigureAwait(false);

            // Before the recording's first snapshot the venue has no book: nothing is published from it.
            if (!wasSynced || recorded is BookSnapshot)
            {
                return;
            }

            foreach (var connection in Connections)
            {
                await SendAsync(connection, served).ConfigureAwait(false);
            }

            await SendMarkPriceAsync(served).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The depth snapshot a REST client gets: the book's best levels and the last update id they include, or <see langword="null"/> before the venue has a book.</summary>
    public async Task<byte[]?> DepthAsync(InstrumentId instrument, int limit)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var book = Venue.Engines[instrument].Book;
            if (book.SyncState != BookSyncState.Synced || book.LastUpdateId is not { } lastUpdateId)
            {
                return null;
            }

            _depthSnapshots++;
            return BinanceMessageWriter.Depth(lastUpdateId, Venue.Now, book.GetLevels(Side.Buy, Math.Min(limit, book.BidDepth)), book.GetLevels(Side.Sell, Math.Min(limit, book.AskDepth)), Market);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Changes a connection's subscriptions under the gate, so that no replayed message is half-way.</summary>
    public async Task UpdateSubscriptionsAsync(Action update)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            update();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Every second of replayed time, a futures mark price to its subscribers: the recordings hold none, so it is the
    /// venue's mid (mark and index alike) with the configured funding rate and the next 8-hourly funding time.
    /// </summary>
    private async Task SendMarkPriceAsync(MarketDataEvent served)
    {
        const long Second = 1_000_000_000L;
        const long FundingPeriod = 8 * 3600 * Second;
        var time = served.TsEvent > 0 ? served.TsEvent : served.TsInit;
        if (Market == BinanceMarket.Spot || time < _lastMarkPrice.GetValueOrDefault(served.Instrument) + Second)
        {
            return;
        }

        var book = Venue.Engines[served.Instrument].Book;
        if (book.BidDepth == 0 || book.AskDepth == 0)
        {
            return;
        }

        _lastMarkPrice[served.Instrument] = time;
        var mid = (book.Spec.FromTicks(book.GetBid(0).PriceTicks).Value + book.Spec.FromTicks(book.GetAsk(0).PriceTicks).Value) / 2m;
        var data = BinanceMessageWriter.MarkPrice(served.Instrument, mid, Options.FundingRate, ((time / FundingPeriod) + 1) * FundingPeriod, time);
        foreach (var connection in Connections)
        {
            foreach (var (name, stream) in connection.Streams)
            {
                if (stream.Kind == BinanceStreamKind.MarkPrice && stream.Instrument == served.Instrument && stream.IsDeliveredOn(connection.Path, Market))
                {
                    await connection.SendAsync(connection.IsCombined ? BinanceMessageWriter.Combined(name, data) : data).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Sends what the venue published to every user data subscriber, in order; called under the gate.</summary>
    private async Task SendUserDataAsync()
    {
        if (_published.Count == 0)
        {
            return;
        }

        var subscribers = Connections.Where(c => c.UserStreamSubscription is not null).ToArray();
        foreach (var published in _published)
        {
            if (published is FillEvent fill)
            {
                var signed = fill.Side == Side.Buy ? fill.Quantity.Value : -fill.Quantity.Value;
                var (quantity, cost) = Positions.GetValueOrDefault(fill.Instrument);
                Positions[fill.Instrument] = (quantity + signed, quantity + signed == 0m ? 0m : cost + (signed * fill.Price.Value));
            }

            if (subscribers.Length == 0 || UserData.Write(published, FindOrder) is not { } userEvent)
            {
                continue;
            }

            foreach (var subscriber in subscribers)
            {
                // The WebSocket API addresses events to a subscription; a listen key's stream sends them bare.
                await subscriber.SendAsync(subscriber.IsListenKeyStream ? userEvent : BinanceUserDataWriter.Wrap(subscriber.UserStreamSubscription!.Value, userEvent)).ConfigureAwait(false);
            }
        }

        _published.Clear();
    }

    private (Matching.SimulatedOrder Order, InstrumentSpec Spec)? FindOrder(VenueOrderId id) =>
        Venue.Engines.Values.Select(e => (Order: e.Find(id), e.Spec)).FirstOrDefault(found => found.Order is not null) is { Order: { } order } found
            ? (order, found.Spec)
            : null;

    private async Task SendAsync(BinanceSimulatorConnection connection, MarketDataEvent served)
    {
        foreach (var (name, stream) in connection.Streams)
        {
            if (stream.Instrument != served.Instrument || !stream.IsDeliveredOn(connection.Path, Market))
            {
                continue;
            }

            var data = BinanceMessageWriter.Data(served, stream.Kind, Market);
            if (data is null)
            {
                continue;
            }

            if (stream.Kind == BinanceStreamKind.Depth && connection.DepthUpdatesToSkip > 0)
            {
                connection.DepthUpdatesToSkip--;
                continue;
            }

            await connection.SendAsync(connection.IsCombined ? BinanceMessageWriter.Combined(name, data) : data).ConfigureAwait(false);
        }
    }
}
