using System.Collections.Concurrent;
using System.Collections.Immutable;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// MEXC Spot's protobuf WebSocket behind <see cref="ISpotWs"/>: aggregated depth kept in sync by version against a REST
/// snapshot, aggregated deals, book ticker, and the user stream (orders, fills, balances) on a listen key.
/// </summary>
/// <remarks>
/// <para>Protocol: <see href="https://www.mexc.com/api-docs/spot-v3/websocket-market-streams"/> and
/// <see href="https://www.mexc.com/api-docs/spot-v3/websocket-user-data-streams"/>; notes in <c>docs/protocol/mexc.md</c> §2–4.
/// Control frames are JSON text; pushes are binary protobuf (<see cref="MexcSpotPushReader"/>).</para>
/// <para>Public channels are spread over connections of at most <see cref="MexcSpotOptions.MaxSubscriptionsPerConnection"/>
/// each (MEXC ignores a 31st); a connection opens with its first channel (MEXC closes one with no subscription after
/// 30 s). Every connection is supervised (<see cref="SupervisedWebSocket"/>): reconnection with backoff, resubscription,
/// a ping every <see cref="WebSocketConnectionOptions.PingInterval"/>, and replacement after
/// <see cref="MexcSpotOptions.ConnectionLifetime"/>, before MEXC's 24 h limit. A book whose versions break, or whose
/// connection drops, is posted out of sync (<see cref="BookSyncChanged"/>) and rebuilt from a fresh snapshot.</para>
/// <para>A subscription MEXC refuses is answered <c>code: 0</c> with a "Not Subscribed successfully" text: it is detected
/// from the text, logged, and returned as a <see cref="VenueErrorKind.PermissionDenied"/> failure.</para>
/// <para>MEXC Spot takes no orders over the WebSocket: order entry goes through the REST client.</para>
/// </remarks>
public sealed class MexcSpotWsClient : ISpotWs
{
    private static readonly TimeSpan s_maxSnapshotRetryDelay = TimeSpan.FromSeconds(30);

    private readonly MexcSpotOptions _options;
    private readonly IVenueEventSink _sink;
    private readonly TimeProvider _timeProvider;
    private readonly MexcSpotRestClient _rest;
    private readonly ILogger _logger;
    private readonly MexcListenKeyKeeper? _listenKeys;
    private readonly List<MexcSpotConnection> _public = [];
    private readonly ConcurrentDictionary<InstrumentId, MexcDepthBook> _books = new();
    private readonly SemaphoreSlim _setup = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private MexcSpotConnection? _private;
    private bool _started;
    private int _disposed;

    /// <summary>Initializes a client; nothing connects until <see cref="StartAsync"/> and a subscription.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="sink">Where normalized events are posted.</param>
    /// <param name="timeProvider">The clock of every wait and timer.</param>
    /// <param name="rest">The REST client: depth snapshots, instrument rules, the listen key, and order entry.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public MexcSpotWsClient(MexcSpotOptions options, IVenueEventSink sink, TimeProvider timeProvider, MexcSpotRestClient rest, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(rest);
        MexcSpotOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _sink = sink;
        _timeProvider = timeProvider;
        _rest = rest;
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<MexcSpotWsClient>();
        if (options.HasCredentials)
        {
            _listenKeys = new MexcListenKeyKeeper(rest, options.ListenKeyKeepAliveInterval, timeProvider, loggerFactory.CreateLogger<MexcListenKeyKeeper>());
            _listenKeys.Renewed += OnListenKeyRenewed;
        }
    }

    /// <inheritdoc/>
    public VenueId Venue => MexcVenue.SpotId;

    /// <inheritdoc/>
    public VenueCapabilities Capabilities => MexcVenue.SpotCapabilities;

    /// <inheritdoc/>
    /// <remarks>The first public connection's state (<see cref="ConnectionState.Disconnected"/> before any subscription).</remarks>
    public ConnectionState PublicState
    {
        get
        {
            lock (_public)
            {
                return _public.Count > 0 ? _public[0].Socket.State : ConnectionState.Disconnected;
            }
        }
    }

    /// <inheritdoc/>
    public ConnectionState PrivateState => _private?.Socket.State ?? ConnectionState.Disconnected;

    /// <summary>Gets how many public connections carry the subscriptions.</summary>
    public int PublicConnectionCount
    {
        get
        {
            lock (_public)
            {
                return _public.Count;
            }
        }
    }

    /// <summary>Gets the listen key's keeper, or <see langword="null"/> without credentials.</summary>
    public MexcListenKeyKeeper? ListenKeys => _listenKeys;

    /// <summary>Gets the book kept for an instrument, or <see langword="null"/> when not subscribed.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The book; read it on the client's thread only (it changes as pushes arrive).</returns>
    public OrderBook? BookOf(InstrumentId instrument) => _books.TryGetValue(instrument, out var book) ? book.Synchronizer.Book : null;

    /// <summary>Gets how many REST snapshots an instrument's book was built from (1 plus one per resync).</summary>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The count; 0 when not subscribed.</returns>
    public int SnapshotsOf(InstrumentId instrument) => _books.TryGetValue(instrument, out var book) ? book.Snapshots : 0;

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        MexcSpotConnection[] waiting;
        lock (_public)
        {
            _started = true;
            waiting = [.. _public.Where(c => !c.IsStarted)];
        }

        foreach (var connection in waiting)
        {
            await connection.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Closes every connection, then deletes the listen key.</remarks>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        MexcSpotConnection[] connections;
        lock (_public)
        {
            connections = [.. _public];
        }

        foreach (var connection in connections)
        {
            await connection.Socket.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_private is not null)
        {
            await _private.Socket.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_listenKeys is not null)
        {
            await _listenKeys.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        // A container that registered the client under two keys disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        foreach (var connection in _public)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        if (_private is not null)
        {
            await _private.DisposeAsync().ConfigureAwait(false);
        }

        if (_listenKeys is not null)
        {
            await _listenKeys.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _setup.Dispose();
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Subscribes the aggregated diff depth, then builds the book from a REST snapshot of
    /// <see cref="MexcSpotOptions.BookSnapshotDepth"/> levels; posts a <see cref="BookSnapshot"/> of the synced book, then
    /// each <see cref="BookDelta"/> applied. <paramref name="depth"/> is the depth of that first snapshot when larger.
    /// </remarks>
    public async Task<VenueResult<bool>> SubscribeBookAsync(InstrumentId instrument, int depth, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        var listed = await ListedAsync(cancellationToken).ConfigureAwait(false);
        if (!listed.IsSuccess)
        {
            return listed.WithoutValue<bool>();
        }

        if (!listed.Value.TryGetValue(instrument, out var symbol))
        {
            return VenueResult<bool>.Failure(new VenueError(VenueErrorKind.UnknownInstrument, false, null, $"MEXC lists no symbol {instrument}"));
        }

        var book = _books.GetOrAdd(instrument, _ => new MexcDepthBook(instrument, Math.Max(depth, _options.BookSnapshotDepth), new UpdateIdDepthSynchronizer(new OrderBook(symbol.Spec))));
        var channel = MexcSpotChannels.AggregatedDepth(instrument.Value, _options.PushInterval);
        var connection = await ConnectionForAsync(channel, cancellationToken).ConfigureAwait(false);
        book.Connection = connection;

        // On a connection not yet up, its (re)subscription takes the first snapshot; on a live one, this call does.
        var wasConnected = connection.Socket.State == ConnectionState.Connected;
        var subscribed = await connection.SubscribeAsync(channel, IsStarted, cancellationToken).ConfigureAwait(false);
        if (subscribed.IsSuccess && wasConnected)
        {
            StartResync(book);
        }

        return subscribed;
    }

    /// <inheritdoc/>
    public async Task<VenueResult<bool>> SubscribeTradesAsync(InstrumentId instrument, CancellationToken cancellationToken = default) =>
        await SubscribePublicAsync(MexcSpotChannels.AggregatedDeals(instrument.Value, _options.PushInterval), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<VenueResult<bool>> SubscribeTopOfBookAsync(InstrumentId instrument, CancellationToken cancellationToken = default) =>
        await SubscribePublicAsync(MexcSpotChannels.AggregatedBookTicker(instrument.Value, _options.PushInterval), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    /// <remarks>
    /// Creates the listen key (kept alive every <see cref="MexcSpotOptions.ListenKeyKeepAliveInterval"/>), connects to
    /// <c>?listenKey=</c>, and subscribes orders, deals and account. MEXC sends no snapshot on this stream: the OMS
    /// reconciles over REST. When a keep-alive fails a new key is created and the connection reopened with it.
    /// </remarks>
    public async Task<VenueResult<bool>> SubscribeUserStreamAsync(CancellationToken cancellationToken = default)
    {
        if (_listenKeys is null)
        {
            return VenueResult<bool>.Failure(new VenueError(VenueErrorKind.AuthenticationFailed, false, null, "The MEXC user stream needs MEXC_API_KEY and MEXC_API_SECRET"));
        }

        var key = await _listenKeys.AcquireAsync(cancellationToken).ConfigureAwait(false);
        if (!key.IsSuccess)
        {
            return key.WithoutValue<bool>();
        }

        await _setup.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _private ??= new MexcSpotConnection(
                "private", PrivateEndpoint(key.Value), _options, _sink, _timeProvider, _logger, OnPushAsync, static _ => Task.CompletedTask, static _ => { });
        }
        finally
        {
            _setup.Release();
        }

        foreach (var channel in (string[])[MexcSpotChannels.Orders, MexcSpotChannels.Deals, MexcSpotChannels.Account])
        {
            var result = await _private.SubscribeAsync(channel, start: true, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                return result;
            }
        }

        return VenueResult<bool>.Success(true);
    }

    /// <inheritdoc/>
    public ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) =>
        _rest.PlaceOrderAsync(request, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) =>
        _rest.PlaceOrdersAsync(requests, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default) =>
        _rest.AmendOrderAsync(request, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default) =>
        _rest.CancelOrderAsync(instrument, order, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) =>
        _rest.CancelAllAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _rest.CancelAllAfterAsync(timeout, cancellationToken);

    private bool IsStarted
    {
        get
        {
            lock (_public)
            {
                return _started;
            }
        }
    }

    private Uri PrivateEndpoint(string listenKey) => new($"{_options.WebSocketUrl.GetLeftPart(UriPartial.Path)}?listenKey={Uri.EscapeDataString(listenKey)}");

    private void OnListenKeyRenewed(object? sender, string listenKey)
    {
        if (_private is { } connection)
        {
            connection.Socket.Endpoint = PrivateEndpoint(listenKey);
            connection.Socket.Reconnect("listen key renewed");
        }
    }

    private async Task<VenueResult<bool>> SubscribePublicAsync(string channel, CancellationToken cancellationToken)
    {
        var connection = await ConnectionForAsync(channel, cancellationToken).ConfigureAwait(false);
        return await connection.SubscribeAsync(channel, IsStarted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>MEXC's symbols: those the REST client already read (by whoever asked first), else read now.</summary>
    private async Task<VenueResult<IReadOnlyDictionary<InstrumentId, MexcSymbol>>> ListedAsync(CancellationToken cancellationToken)
    {
        if (_rest.ListedSymbols.Count > 0)
        {
            return VenueResult<IReadOnlyDictionary<InstrumentId, MexcSymbol>>.Success(_rest.ListedSymbols);
        }

        var read = await _rest.GetSymbolsAsync(cancellationToken).ConfigureAwait(false);
        return read.IsSuccess
            ? VenueResult<IReadOnlyDictionary<InstrumentId, MexcSymbol>>.Success(_rest.ListedSymbols)
            : read.WithoutValue<IReadOnlyDictionary<InstrumentId, MexcSymbol>>();
    }

    /// <summary>The public connection for a channel: one already carrying it, else one with room, else a new one.</summary>
    private async Task<MexcSpotConnection> ConnectionForAsync(string channel, CancellationToken cancellationToken)
    {
        await _setup.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_public)
            {
                if (_public.FirstOrDefault(c => c.HasRoom) is { } existing)
                {
                    return existing;
                }

                MexcSpotConnection? connection = null;
                connection = new MexcSpotConnection(
                    $"public-{_public.Count + 1}",
                    _options.WebSocketUrl,
                    _options,
                    _sink,
                    _timeProvider,
                    _logger,
                    OnPushAsync,
                    _ => OnResubscribedAsync(connection!),
                    reason => OnConnectionLost(connection!, reason));
                _public.Add(connection);
                return connection;
            }
        }
        finally
        {
            _setup.Release();
        }
    }

    private Task OnResubscribedAsync(MexcSpotConnection connection)
    {
        foreach (var book in _books.Values.Where(b => b.Connection == connection))
        {
            StartResync(book);
        }

        return Task.CompletedTask;
    }

    private void OnConnectionLost(MexcSpotConnection connection, string reason)
    {
        foreach (var book in _books.Values.Where(b => b.Connection == connection))
        {
            _ = MarkOutOfSyncAsync(book, OutOfSyncReason.SequenceGap, $"connection lost: {reason}");
        }
    }

    private async ValueTask OnPushAsync(ReadOnlyMemory<byte> frame)
    {
        var events = new List<VenueEvent>(1);
        if (!MexcSpotPushReader.TryRead(frame.Span, MexcVenue.SpotId, _timeProvider.GetUnixNanoseconds(), events, out var problem))
        {
            Log.FrameSkipped(_logger, "push", problem!);
            return;
        }

        foreach (var venueEvent in events)
        {
            if (venueEvent is BookDelta delta)
            {
                await OnDeltaAsync(delta).ConfigureAwait(false);
            }
            else
            {
                await _sink.PostAsync(venueEvent).ConfigureAwait(false);
            }
        }
    }

    private async Task OnDeltaAsync(BookDelta delta)
    {
        if (!_books.TryGetValue(delta.Instrument, out var book))
        {
            return;
        }

        await book.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var wasSynced = book.Synchronizer.Book.SyncState == BookSyncState.Synced;
            var result = book.Synchronizer.OnDelta(delta);
            if (!wasSynced)
            {
                // Buffered until the snapshot.
                return;
            }

            if (result.Disposition == BookUpdateDisposition.Applied && result.Failure == OutOfSyncReason.None)
            {
                await _sink.PostAsync(delta).ConfigureAwait(false);
                return;
            }

            if (result.Disposition is BookUpdateDisposition.Rejected or BookUpdateDisposition.Applied)
            {
                var reason = book.Synchronizer.Book.OutOfSyncReason;
                var detail = book.Synchronizer.Book.OutOfSyncDetail;
                Log.BookOutOfSync(_logger, book.Instrument.Value, reason, detail);
                await ReportAsync(book, BookSyncState.OutOfSync, reason, detail).ConfigureAwait(false);
                StartResync(book);
            }
        }
        finally
        {
            book.Gate.Release();
        }
    }

    private async Task MarkOutOfSyncAsync(MexcDepthBook book, OutOfSyncReason reason, string detail)
    {
        await book.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            book.Synchronizer.Book.MarkOutOfSync(reason, detail);
            await ReportAsync(book, BookSyncState.OutOfSync, reason, detail).ConfigureAwait(false);
        }
        finally
        {
            book.Gate.Release();
        }
    }

    private void StartResync(MexcDepthBook book)
    {
        if (book.TryBeginResync())
        {
            _ = Task.Run(() => ResyncAsync(book, _stop.Token));
        }
    }

    /// <summary>Fetches snapshots until one bridges the buffered pushes; waits between failures (1 s, doubling to 30 s).</summary>
    private async Task ResyncAsync(MexcDepthBook book, CancellationToken stop)
    {
        var delay = TimeSpan.FromSeconds(1);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var snapshot = await _rest.GetBookAsync(book.Instrument, Math.Min(book.Depth, 5000), stop).ConfigureAwait(false);
                if (snapshot.IsSuccess && await ApplySnapshotAsync(book, snapshot.Value).ConfigureAwait(false))
                {
                    return;
                }

                if (!snapshot.IsSuccess)
                {
                    Log.BookOutOfSync(_logger, book.Instrument.Value, OutOfSyncReason.SequenceGap, $"snapshot failed: {snapshot.Error}");
                }

                await Task.Delay(delay, _timeProvider, stop).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_maxSnapshotRetryDelay.Ticks));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            book.EndResync();
        }
    }

    private async Task<bool> ApplySnapshotAsync(MexcDepthBook book, BookSnapshot snapshot)
    {
        await book.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            book.Snapshots++;
            var result = book.Synchronizer.OnSnapshot(snapshot);
            var orderBook = book.Synchronizer.Book;
            if (result.Failure != OutOfSyncReason.None || orderBook.SyncState != BookSyncState.Synced)
            {
                // The buffered pushes start after the snapshot: it is too old; take another.
                Log.BookOutOfSync(_logger, book.Instrument.Value, orderBook.OutOfSyncReason, orderBook.OutOfSyncDetail);
                await ReportAsync(book, BookSyncState.OutOfSync, orderBook.OutOfSyncReason, orderBook.OutOfSyncDetail).ConfigureAwait(false);
                return false;
            }

            // The book as synced (snapshot plus the buffered pushes that bridge it), as one snapshot event.
            var now = _timeProvider.GetUnixNanoseconds();
            await _sink.PostAsync(new BookSnapshot(
                MexcVenue.SpotId,
                book.Instrument,
                [.. orderBook.GetLevels(Side.Buy, orderBook.BidDepth)],
                [.. orderBook.GetLevels(Side.Sell, orderBook.AskDepth)],
                snapshot.TsEvent,
                now)
            {
                LastUpdateId = orderBook.LastUpdateId,
                Depth = book.Depth,
            }).ConfigureAwait(false);
            await ReportAsync(book, BookSyncState.Synced, OutOfSyncReason.None, null).ConfigureAwait(false);
            return true;
        }
        finally
        {
            book.Gate.Release();
        }
    }

    private async Task ReportAsync(MexcDepthBook book, BookSyncState state, OutOfSyncReason reason, string? detail)
    {
        if (book.ReportedState == state)
        {
            return;
        }

        book.ReportedState = state;
        var now = _timeProvider.GetUnixNanoseconds();
        await _sink.PostAsync(new BookSyncChanged(MexcVenue.SpotId, book.Instrument, state, reason, detail, now, now)).ConfigureAwait(false);
    }
}
