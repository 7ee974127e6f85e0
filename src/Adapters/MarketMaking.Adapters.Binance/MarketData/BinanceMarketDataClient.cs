using System.Collections.Concurrent;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// Binance market data for one market (spot, USD-M or COIN-M): books kept from the diff-depth stream and REST
/// snapshots, trades, and the best bid and ask, posted to an <see cref="IVenueEventSink"/> as venue-neutral events.
/// </summary>
/// <remarks>
/// <para>A book follows Binance's "How to manage a local order book correctly": the diffs are buffered from the
/// subscription, a REST snapshot of <see cref="BinanceMarketDataOptions.SnapshotDepth"/> levels is read, the diffs
/// it already holds are dropped, the first one left must bridge it, and each next one must follow its predecessor
/// (<c>U</c> = last <c>u</c> + 1 on spot, <c>pu</c> = last <c>u</c> on futures). A break, a dropped connection, or a
/// published best bid and ask (<c>bookTicker</c>, when subscribed) that the book does not match at the same update id
/// posts the book out of sync (<see cref="BookSyncChanged"/>) and rebuilds it from a new snapshot. Once in sync the
/// client posts the whole book as one <see cref="BookSnapshot"/>, then each <see cref="BookDelta"/> applied.</para>
/// <para>Connections are supervised (<see cref="SupervisedWebSocket"/>): reconnection with backoff, the streams
/// subscribed again, and a <c>LIST_SUBSCRIPTIONS</c> request when quiet. USD-M streams go to the path Binance routes
/// them on (<c>/public</c> for depth and best bid and ask, <c>/market</c> for trades), so that market may use two
/// connections; Binance closes a connection after 24 h, and the supervisor opens the next.</para>
/// <para>Sources: <see href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams/How-to-manage-a-local-order-book-correctly"/>.</para>
/// </remarks>
public sealed class BinanceMarketDataClient : IAsyncDisposable
{
    private static readonly TimeSpan s_maxSnapshotRetryDelay = TimeSpan.FromSeconds(30);

    private readonly BinanceMarketDataOptions _options;
    private readonly IVenueEventSink _sink;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly BinanceMarketDataRest _rest;
    private readonly HttpClient? _ownedHttp;
    private readonly Uri _streamBase;
    private readonly Dictionary<string, BinanceStreamConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<InstrumentId, BinanceDepthBook> _books = new();
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;

    /// <summary>Initializes a client; nothing connects until a subscription.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="sink">Where events are posted.</param>
    /// <param name="timeProvider">The clock of every wait.</param>
    /// <param name="http">The pooled HTTP client for REST calls (from <c>IHttpClientFactory</c>), or <see langword="null"/> for one of the client's own.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public BinanceMarketDataClient(BinanceMarketDataOptions options, IVenueEventSink sink, TimeProvider timeProvider, HttpClient? http = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(timeProvider);
        BinanceMarketDataOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _sink = sink;
        _timeProvider = timeProvider;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BinanceMarketDataClient>();
        if (http is null)
        {
            _ownedHttp = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
            http = _ownedHttp;
        }

        Venue = BinanceVenue.IdOf(options.Market);
        RequestWeight = new BinanceRequestWeight(timeProvider);
        _rest = new BinanceMarketDataRest(options.Market, options.RestBaseUrl ?? BinanceVenue.RestBaseUrlOf(options.Market), http, RequestWeight, options.RequestTimeout);
        _streamBase = options.StreamBaseUrl ?? BinanceVenue.StreamBaseUrlOf(options.Market);
    }

    /// <summary>Gets the venue id of the market (<see cref="BinanceVenue.IdOf"/>).</summary>
    public VenueId Venue { get; }

    /// <summary>Gets the request weight the REST answers report, and any wait a 429 or 418 imposed.</summary>
    public BinanceRequestWeight RequestWeight { get; }

    /// <summary>Gets how many connections are open or opening.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_connections)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Gets the book kept for an instrument, or <see langword="null"/> when not subscribed.</summary>
    /// <param name="instrument">The instrument (the Binance symbol, such as <c>BTCUSDT</c>).</param>
    /// <returns>The book; it changes as diffs arrive, so read it only from the sink's consumer or once the stream is quiet.</returns>
    public OrderBook? BookOf(InstrumentId instrument) => _books.TryGetValue(instrument, out var book) ? book.Synchronizer.Book : null;

    /// <summary>Gets how an instrument's book has fared: snapshots, gaps, diffs applied, and published tops matched.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The counts, or <see langword="null"/> when not subscribed.</returns>
    public BinanceBookHealth? HealthOf(InstrumentId instrument) => _books.TryGetValue(instrument, out var book) ? book.Health : null;

    /// <summary>Reads a symbol from <c>exchangeInfo</c>: its trading rules (tick size, step size, minimum quantity and notional) and assets.</summary>
    /// <param name="instrument">The instrument (the Binance symbol).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The symbol; <see cref="VenueErrorKind.UnknownInstrument"/> for one the market does not list.</returns>
    public Task<VenueResult<BinanceSymbol>> GetSymbolAsync(InstrumentId instrument, CancellationToken cancellationToken = default) =>
        _rest.GetSymbolAsync(instrument.Value, cancellationToken);

    /// <summary>Subscribes an instrument's book: diff depth kept in sync with REST snapshots.</summary>
    /// <param name="instrument">The instrument (the Binance symbol).</param>
    /// <param name="cancellationToken">Cancels waiting for the instrument's rules and the subscription's answer.</param>
    /// <returns>Success once subscribed (the book follows when the snapshot bridges the diffs); the failure otherwise,
    /// <see cref="VenueErrorKind.UnknownInstrument"/> for a symbol the market does not list.</returns>
    public async Task<VenueResult<bool>> SubscribeBookAsync(InstrumentId instrument, CancellationToken cancellationToken = default)
    {
        if (!_books.ContainsKey(instrument))
        {
            // The rules prove the symbol listed; the book itself keeps Binance's wire precision.
            var spec = await _rest.GetSymbolAsync(instrument.Value, cancellationToken).ConfigureAwait(false);
            if (!spec.IsSuccess)
            {
                return spec.WithoutValue<bool>();
            }

            _books.TryAdd(instrument, new BinanceDepthBook(instrument));
        }

        var book = _books[instrument];
        var stream = BinanceStreams.Depth(_options.Market, instrument.Value, _options.DepthUpdateMilliseconds);
        var connection = ConnectionFor(stream);
        book.Connection = connection;

        // On a connection not yet up, its subscription takes the first snapshot; on a live one, this call does.
        var wasConnected = connection.Socket.State == ConnectionState.Connected;
        var subscribed = await connection.SubscribeAsync(stream, cancellationToken).ConfigureAwait(false);
        if (subscribed.IsSuccess && wasConnected)
        {
            StartResync(book);
        }

        return subscribed;
    }

    /// <summary>Subscribes an instrument's public trades (<c>@trade</c> on spot, <c>@aggTrade</c> on futures).</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="cancellationToken">Cancels waiting for the answer.</param>
    /// <returns>Success once subscribed.</returns>
    public Task<VenueResult<bool>> SubscribeTradesAsync(InstrumentId instrument, CancellationToken cancellationToken = default) =>
        SubscribeAsync(BinanceStreams.Trades(_options.Market, instrument.Value), cancellationToken);

    /// <summary>Subscribes an instrument's best bid and ask (<c>@bookTicker</c>); a subscribed book is checked against it.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="cancellationToken">Cancels waiting for the answer.</param>
    /// <returns>Success once subscribed.</returns>
    public Task<VenueResult<bool>> SubscribeTopOfBookAsync(InstrumentId instrument, CancellationToken cancellationToken = default) =>
        SubscribeAsync(BinanceStreams.BookTicker(instrument.Value), cancellationToken);

    /// <summary>Subscribes a perpetual's mark price and funding rate, every second (<c>@markPrice@1s</c>; on USD-M's <c>/market</c> route).</summary>
    /// <param name="instrument">The perpetual.</param>
    /// <param name="cancellationToken">Cancels waiting for the answer.</param>
    /// <returns>Success once subscribed; <see cref="VenueErrorKind.NotSupported"/> on spot, which has no mark price.</returns>
    public Task<VenueResult<bool>> SubscribeMarkPriceAsync(InstrumentId instrument, CancellationToken cancellationToken = default) =>
        _options.Market == BinanceMarket.Spot
            ? Task.FromResult(VenueResult<bool>.Failure(new VenueError(VenueErrorKind.NotSupported, false, null, "Binance spot has no mark price") { NotSent = true }))
            : SubscribeAsync(BinanceStreams.MarkPrice(instrument.Value), cancellationToken);

    /// <summary>Closes every connection.</summary>
    /// <param name="cancellationToken">Cancels the graceful close; the sockets are closed regardless.</param>
    /// <returns>Completes when closed.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        BinanceStreamConnection[] connections;
        lock (_connections)
        {
            connections = [.. _connections.Values];
        }

        foreach (var connection in connections)
        {
            await connection.Socket.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        BinanceStreamConnection[] connections;
        lock (_connections)
        {
            connections = [.. _connections.Values];
        }

        foreach (var connection in connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _ownedHttp?.Dispose();
        _stop.Dispose();
    }

    private async Task<VenueResult<bool>> SubscribeAsync(string stream, CancellationToken cancellationToken) =>
        await ConnectionFor(stream).SubscribeAsync(stream, cancellationToken).ConfigureAwait(false);

    private BinanceStreamConnection ConnectionFor(string stream)
    {
        var path = BinanceStreams.PathOf(_options.Market, stream);
        lock (_connections)
        {
            if (_connections.TryGetValue(path, out var existing))
            {
                return existing;
            }

            BinanceStreamConnection? connection = null;
            connection = new BinanceStreamConnection(
                path.Trim('/').Replace('/', '-'),
                new Uri(_streamBase, path),
                _options,
                _sink,
                _timeProvider,
                _logger,
                OnEventAsync,
                () => OnSubscribedAsync(connection!),
                reason => OnConnectionLost(connection!, reason));
            _connections.Add(path, connection);
            return connection;
        }
    }

    private Task OnSubscribedAsync(BinanceStreamConnection connection)
    {
        foreach (var book in _books.Values.Where(b => b.Connection == connection))
        {
            StartResync(book);
        }

        return Task.CompletedTask;
    }

    private void OnConnectionLost(BinanceStreamConnection connection, string reason)
    {
        foreach (var book in _books.Values.Where(b => b.Connection == connection))
        {
            _ = MarkOutOfSyncAsync(book, OutOfSyncReason.SequenceGap, $"connection lost: {reason}");
        }
    }

    private async ValueTask OnEventAsync(MarketDataEvent marketEvent)
    {
        switch (marketEvent)
        {
            case BookDelta delta when _books.TryGetValue(delta.Instrument, out var book):
                await OnDeltaAsync(book, delta).ConfigureAwait(false);
                break;
            case BookDelta:
                break;
            case TopOfBook top when _books.TryGetValue(top.Instrument, out var book):
                await OnTopOfBookAsync(book, top).ConfigureAwait(false);
                break;
            default:
                await _sink.PostAsync(marketEvent).ConfigureAwait(false);
                break;
        }
    }

    private async Task OnDeltaAsync(BinanceDepthBook book, BookDelta delta)
    {
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
                book.DiffsApplied++;
                await _sink.PostAsync(delta).ConfigureAwait(false);
                if (book.TopCheck.OnDiffApplied() is { } difference)
                {
                    await LoseSyncAsync(book, OutOfSyncReason.ChecksumMismatch, difference).ConfigureAwait(false);
                }

                return;
            }

            if (result.Disposition is BookUpdateDisposition.Rejected or BookUpdateDisposition.Applied)
            {
                if (result.Failure == OutOfSyncReason.SequenceGap)
                {
                    book.SequenceGaps++;
                }

                await LoseSyncAsync(book, book.Synchronizer.Book.OutOfSyncReason, book.Synchronizer.Book.OutOfSyncDetail).ConfigureAwait(false);
            }
        }
        finally
        {
            book.Gate.Release();
        }
    }

    private async Task OnTopOfBookAsync(BinanceDepthBook book, TopOfBook top)
    {
        await book.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _sink.PostAsync(top).ConfigureAwait(false);
            if (book.Synchronizer.Book.SyncState == BookSyncState.Synced && book.TopCheck.OnPublished(top) is { } difference)
            {
                await LoseSyncAsync(book, OutOfSyncReason.ChecksumMismatch, difference).ConfigureAwait(false);
            }
        }
        finally
        {
            book.Gate.Release();
        }
    }

    /// <summary>Posts the book out of sync and rebuilds it; called under the book's gate.</summary>
    private async Task LoseSyncAsync(BinanceDepthBook book, OutOfSyncReason reason, string? detail)
    {
        if (book.Synchronizer.Book.SyncState == BookSyncState.Synced)
        {
            book.Synchronizer.Book.MarkOutOfSync(reason, detail ?? reason.ToString());
        }

        Log.BookOutOfSync(_logger, book.Instrument.Value, reason, detail);
        book.TopCheck.Reset();
        await ReportAsync(book, BookSyncState.OutOfSync, reason, detail).ConfigureAwait(false);
        StartResync(book);
    }

    private async Task MarkOutOfSyncAsync(BinanceDepthBook book, OutOfSyncReason reason, string detail)
    {
        await book.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            book.Synchronizer.Book.MarkOutOfSync(reason, detail);
            book.TopCheck.Reset();
            await ReportAsync(book, BookSyncState.OutOfSync, reason, detail).ConfigureAwait(false);
        }
        finally
        {
            book.Gate.Release();
        }
    }

    private void StartResync(BinanceDepthBook book)
    {
        if (book.TryBeginResync())
        {
            _ = Task.Run(() => ResyncAsync(book, _stop.Token));
        }
    }

    /// <summary>Reads snapshots until one bridges the buffered diffs; waits between failures (1 s, doubling to 30 s, or a 429's wait).</summary>
    private async Task ResyncAsync(BinanceDepthBook book, CancellationToken stop)
    {
        var delay = TimeSpan.FromSeconds(1);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var snapshot = await _rest.GetDepthAsync(book.Instrument.Value, _options.SnapshotDepth, stop).ConfigureAwait(false);
                if (snapshot.IsSuccess && await ApplySnapshotAsync(book, snapshot.Value).ConfigureAwait(false))
                {
                    return;
                }

                if (!snapshot.IsSuccess)
                {
                    Log.SnapshotFailed(_logger, book.Instrument.Value, snapshot.Error!);
                }

                // A 429's or 418's wait runs to a time on the clock, however late this line runs.
                var backoff = RequestWeight.Backoff;
                await Task.Delay(backoff > delay ? backoff : delay, _timeProvider, stop).ConfigureAwait(false);
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

    private async Task<bool> ApplySnapshotAsync(BinanceDepthBook book, BookSnapshot snapshot)
    {
        await book.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            book.Snapshots++;
            book.TopCheck.Reset();
            var result = book.Synchronizer.OnSnapshot(snapshot);
            var orderBook = book.Synchronizer.Book;
            book.DiffsApplied += result.DeltasApplied;
            if (result.Failure != OutOfSyncReason.None || orderBook.SyncState != BookSyncState.Synced)
            {
                // The buffered diffs start after the snapshot: it is too old; read another.
                Log.BookOutOfSync(_logger, book.Instrument.Value, orderBook.OutOfSyncReason, orderBook.OutOfSyncDetail);
                await ReportAsync(book, BookSyncState.OutOfSync, orderBook.OutOfSyncReason, orderBook.OutOfSyncDetail).ConfigureAwait(false);
                return false;
            }

            // The book as synced (the snapshot and the buffered diffs that follow it), as one snapshot event.
            var now = _timeProvider.GetUnixNanoseconds();
            await _sink.PostAsync(new BookSnapshot(
                Venue,
                book.Instrument,
                [.. orderBook.GetLevels(Side.Buy, orderBook.BidDepth)],
                [.. orderBook.GetLevels(Side.Sell, orderBook.AskDepth)],
                snapshot.TsEvent,
                now)
            {
                LastUpdateId = orderBook.LastUpdateId,
                Depth = _options.SnapshotDepth,
            }).ConfigureAwait(false);
            Log.BookSynced(_logger, book.Instrument.Value, orderBook.LastUpdateId ?? 0, book.Snapshots);
            await ReportAsync(book, BookSyncState.Synced, OutOfSyncReason.None, null).ConfigureAwait(false);
            return true;
        }
        finally
        {
            book.Gate.Release();
        }
    }

    private async Task ReportAsync(BinanceDepthBook book, BookSyncState state, OutOfSyncReason reason, string? detail)
    {
        if (book.ReportedState == state)
        {
            return;
        }

        book.ReportedState = state;
        var now = _timeProvider.GetUnixNanoseconds();
        await _sink.PostAsync(new BookSyncChanged(Venue, book.Instrument, state, reason, detail, now, now)).ConfigureAwait(false);
    }
}
