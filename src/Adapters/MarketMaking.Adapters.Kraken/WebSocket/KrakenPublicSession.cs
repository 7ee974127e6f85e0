using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// The public Kraken WebSocket v2 session: reference data (<c>instrument</c>), books verified by checksum, trades,
/// best bid/ask (<c>ticker</c> on <c>bbo</c>), <c>status</c> and heartbeats, restored in full on every new connection.
/// </summary>
/// <remarks>
/// A book whose checksum does not match (or that crosses) is reported <see cref="BookSyncState.OutOfSync"/> with a
/// <see cref="BookSyncChanged"/> event, its updates are held back, and it is resubscribed for a fresh snapshot, after
/// which <see cref="BookSyncState.Synced"/> is reported. Consumers therefore never get an unverified delta.
/// Sources: <see href="https://docs.kraken.com/api/docs/websocket-v2/book"/> and the other channel pages.
/// </remarks>
internal sealed class KrakenPublicSession : IWebSocketSessionHandler
{
    private const string ConnectionName = "public";
    private readonly IVenueEventSink _sink;
    private readonly KrakenWsRequester _requester;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TimeSpan _requestTimeout;
    private readonly KrakenBookFrame _frame = new();
    private readonly object _gate = new();
    private readonly List<KrakenBookStream> _books = [];
    private readonly HashSet<InstrumentId> _trades = [];
    private readonly HashSet<InstrumentId> _tickers = [];
    private readonly ConcurrentDictionary<InstrumentId, InstrumentSpec> _specs = new();
    private TaskCompletionSource _instrumentsLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public KrakenPublicSession(IVenueEventSink sink, KrakenWsRequester requester, TimeProvider timeProvider, ILogger logger, TimeSpan requestTimeout)
    {
        _sink = sink;
        _requester = requester;
        _timeProvider = timeProvider;
        _logger = logger;
        _requestTimeout = requestTimeout;
    }

    /// <summary>Gets how many frames were skipped because they were not JSON or not of the documented shape.</summary>
    public int SkippedFrames { get; private set; }

    /// <summary>Gets the instruments known from the <c>instrument</c> channel.</summary>
    public IReadOnlyDictionary<InstrumentId, InstrumentSpec> Instruments => _specs;

    /// <summary>Gets the verified book the adapter keeps for an instrument, or <see langword="null"/>.</summary>
    public OrderBook? GetBook(InstrumentId instrument)
    {
        lock (_gate)
        {
            return _books.Find(b => b.Instrument == instrument)?.Synchronizer.Book;
        }
    }

    public async Task OnConnectedAsync(CancellationToken cancellationToken)
    {
        // Checksums need each pair's precisions, so reference data comes first.
        var instruments = await SubscribeAsync("instrument", null, null, cancellationToken).ConfigureAwait(false);
        if (!instruments.IsSuccess)
        {
            throw new InvalidOperationException($"Kraken refused the instrument channel: {instruments.Error}");
        }

        await _instrumentsLoaded.Task.WaitAsync(_requestTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        KrakenBookStream[] books;
        InstrumentId[] trades;
        InstrumentId[] tickers;
        lock (_gate)
        {
            books = [.. _books];
            trades = [.. _trades];
            tickers = [.. _tickers];
        }

        foreach (var book in books)
        {
            book.Resyncing = false;
            await RestoreAsync(SubscribeAsync("book", book.Instrument.Value, book.Depth, cancellationToken), "book", book.Instrument).ConfigureAwait(false);
        }

        foreach (var instrument in trades)
        {
            await RestoreAsync(SubscribeAsync("trade", instrument.Value, null, cancellationToken), "trade", instrument).ConfigureAwait(false);
        }

        foreach (var instrument in tickers)
        {
            await RestoreAsync(SubscribeAsync("ticker", instrument.Value, null, cancellationToken), "ticker", instrument).ConfigureAwait(false);
        }
    }

    public async ValueTask OnMessageAsync(ReadOnlyMemory<byte> message, WebSocketMessageType messageType)
    {
        if (!KrakenWsFrames.LooksLikeJson(message.Span, messageType))
        {
            Skip("not JSON", message.Span);
            return;
        }

        var status = KrakenBookFrameParser.Parse(message.Span, _frame);
        if (status == KrakenFrameParseStatus.Book)
        {
            await OnBookAsync().ConfigureAwait(false);
            return;
        }

        if (status != KrakenFrameParseStatus.NotBook)
        {
            Skip(_frame.Error ?? "malformed book message", message.Span);
            return;
        }

        await KrakenWsFrames.DispatchJsonAsync(message, OnOtherAsync, problem => Skip(problem, message.Span)).ConfigureAwait(false);
    }

    public void OnDisconnected(string reason)
    {
        _requester.FailAll(reason);
        KrakenBookStream[] books;
        lock (_gate)
        {
            books = [.. _books];
        }

        // The books stop updating: consumers must know before anything else arrives.
        foreach (var book in books)
        {
            book.Synchronizer.Book.MarkOutOfSync(OutOfSyncReason.SequenceGap, $"connection lost: {reason}");
            _ = ReportAsync(book, BookSyncState.OutOfSync, OutOfSyncReason.SequenceGap, $"connection lost: {reason}", 0);
        }
    }

    public Task SendPingAsync(CancellationToken cancellationToken) => _requester.PingAsync(_requestTimeout, cancellationToken);

    /// <summary>Adds a book subscription (kept across reconnections) and subscribes now when connected.</summary>
    public async Task<VenueResult<bool>> SubscribeBookAsync(InstrumentId instrument, int depth, bool connected, CancellationToken cancellationToken)
    {
        if (!KrakenVenue.Capabilities.BookDepths.Contains(depth))
        {
            return VenueResult<bool>.Failure(KrakenOrderAdmission.Invalid($"Kraken book depth is one of {string.Join(", ", KrakenVenue.Capabilities.BookDepths)}, not {depth}"));
        }

        if (!_specs.TryGetValue(instrument, out var spec))
        {
            return VenueResult<bool>.Failure(new VenueError(VenueErrorKind.UnknownInstrument, IsTransient: false, null,
                connected ? $"Kraken lists no pair {instrument}" : $"{instrument} is not known yet: start the client first"));
        }

        var stream = new KrakenBookStream(spec, depth);
        lock (_gate)
        {
            _books.RemoveAll(b => b.Instrument == instrument);
            _books.Add(stream);
        }

        return await SubscribeNowAsync(connected, "book", instrument, depth, () =>
        {
            lock (_gate)
            {
                _books.Remove(stream);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds a trade subscription and subscribes now when connected.</summary>
    public Task<VenueResult<bool>> SubscribeTradesAsync(InstrumentId instrument, bool connected, CancellationToken cancellationToken) =>
        SubscribeSetAsync(_trades, "trade", instrument, connected, cancellationToken);

    /// <summary>Adds a best bid/ask subscription and subscribes now when connected.</summary>
    public Task<VenueResult<bool>> SubscribeTopOfBookAsync(InstrumentId instrument, bool connected, CancellationToken cancellationToken) =>
        SubscribeSetAsync(_tickers, "ticker", instrument, connected, cancellationToken);

    private async Task<VenueResult<bool>> SubscribeSetAsync(HashSet<InstrumentId> set, string channel, InstrumentId instrument, bool connected, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            set.Add(instrument);
        }

        return await SubscribeNowAsync(connected, channel, instrument, null, () =>
        {
            lock (_gate)
            {
                set.Remove(instrument);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<VenueResult<bool>> SubscribeNowAsync(bool connected, string channel, InstrumentId instrument, int? depth, Action forget, CancellationToken cancellationToken)
    {
        if (!connected)
        {
            // Registered: subscribed when the connection (re)opens.
            return VenueResult<bool>.Success(false);
        }

        var result = await SubscribeAsync(channel, instrument.Value, depth, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == VenueOutcome.Failed && !result.Error!.IsTransient)
        {
            forget();
        }

        return result;
    }

    private async Task<VenueResult<bool>> SubscribeAsync(string channel, string? symbol, int? depth, CancellationToken cancellationToken)
    {
        var id = _requester.NextRequestId();
        IReadOnlyList<KeyValuePair<string, bool>>? flags = channel == "instrument" ? null : [new("snapshot", true)];
        var request = KrakenWsRequestWriter.Subscription("subscribe", channel, id, symbol, depth, flags: flags, eventTrigger: channel == "ticker" ? "bbo" : null);
        var answer = await _requester.SendAsync(id, request, _requestTimeout, changesVenueState: false, cancellationToken).ConfigureAwait(false);
        return KrakenWsFrames.ToAcknowledgement(answer);
    }

    private async Task RestoreAsync(Task<VenueResult<bool>> subscription, string channel, InstrumentId instrument)
    {
        var result = await subscription.ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            // One refused channel must not keep every other from being restored; it is logged and retried on the next connection.
            Log.WsRequestFailed(_logger, $"subscribe {channel} {instrument}", result.Error);
            if (result.Error.Kind is VenueErrorKind.Transport or VenueErrorKind.Timeout)
            {
                throw new InvalidOperationException($"Could not restore the {channel} subscription of {instrument}: {result.Error}");
            }
        }
    }

    private async Task OnBookAsync()
    {
        for (var i = 0; i < _frame.Count; i++)
        {
            var entry = _frame[i];
            KrakenBookStream? stream;
            lock (_gate)
            {
                stream = _books.Find(b => b.SymbolUtf8.AsSpan().SequenceEqual(entry.SymbolUtf8));
            }

            if (stream is null)
            {
                continue;
            }

            await OnBookEntryAsync(stream, entry, _frame.IsSnapshot).ConfigureAwait(false);
        }
    }

    private async Task OnBookEntryAsync(KrakenBookStream stream, KrakenBookEntry entry, bool isSnapshot)
    {
        var book = stream.Synchronizer.Book;
        if (!isSnapshot && book.SyncState != BookSyncState.Synced)
        {
            // Held back until the fresh snapshot.
            return;
        }

        var result = stream.Synchronizer.Apply(entry, isSnapshot);
        var tsInit = _timeProvider.GetUnixNanoseconds();
        var tsEvent = entry.TimestampNanoseconds != 0 ? entry.TimestampNanoseconds : tsInit;
        if (result.Disposition == BookUpdateDisposition.Rejected || result.Checksum == ChecksumCheck.Mismatched)
        {
            // The book has marked itself out of sync, with the expected and computed checksums as detail.
            var reason = result.Checksum == ChecksumCheck.Mismatched ? OutOfSyncReason.ChecksumMismatch : result.Failure;
            var detail = book.OutOfSyncDetail;
            Log.BookOutOfSync(_logger, stream.Instrument.Value, reason, detail);
            await ReportAsync(stream, BookSyncState.OutOfSync, reason, detail, tsEvent).ConfigureAwait(false);
            Resync(stream);
            return;
        }

        if (isSnapshot)
        {
            await _sink.PostAsync(new BookSnapshot(KrakenVenue.Id, stream.Instrument, [.. entry.Bids], [.. entry.Asks], tsEvent, tsInit)
            {
                Checksum = entry.Checksum,
                Depth = stream.Depth,
            }).ConfigureAwait(false);
            stream.Resyncing = false;
            await ReportAsync(stream, BookSyncState.Synced, OutOfSyncReason.None, null, tsEvent).ConfigureAwait(false);
        }
        else
        {
            await _sink.PostAsync(new BookDelta(KrakenVenue.Id, stream.Instrument, [.. entry.Bids], [.. entry.Asks], tsEvent, tsInit)
            {
                Checksum = entry.Checksum,
            }).ConfigureAwait(false);
        }
    }

    private async Task ReportAsync(KrakenBookStream stream, BookSyncState state, OutOfSyncReason reason, string? detail, long tsEvent)
    {
        if (stream.ReportedState == state)
        {
            return;
        }

        stream.ReportedState = state;
        var tsInit = _timeProvider.GetUnixNanoseconds();
        await _sink.PostAsync(new BookSyncChanged(KrakenVenue.Id, stream.Instrument, state, reason, detail, tsEvent != 0 ? tsEvent : tsInit, tsInit)).ConfigureAwait(false);
    }

    private void Resync(KrakenBookStream stream)
    {
        if (stream.Resyncing)
        {
            return;
        }

        stream.Resyncing = true;
        _ = ResyncAsync(stream);
    }

    private async Task ResyncAsync(KrakenBookStream stream)
    {
        var symbol = stream.Instrument.Value;
        var id = _requester.NextRequestId();
        await _requester.SendAsync(id, KrakenWsRequestWriter.Subscription("unsubscribe", "book", id, symbol, stream.Depth), _requestTimeout, changesVenueState: false, CancellationToken.None).ConfigureAwait(false);
        var result = await SubscribeAsync("book", symbol, stream.Depth, CancellationToken.None).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            // Could not get a fresh snapshot on this connection: a new connection restores every book.
            Log.WsRequestFailed(_logger, $"resubscribe book {symbol}", result.Error);
            _requester.Connection?.Reconnect($"book {symbol} resync failed: {result.Error}");
        }
    }

    private async Task OnOtherAsync(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("Expected a JSON object");
        }

        if (root.TryGetProperty("method", out _))
        {
            _requester.TryComplete(KrakenWsReaders.ReadResponse(root));
            return;
        }

        var tsInit = _timeProvider.GetUnixNanoseconds();
        switch (KrakenJson.GetOptionalString(root, "channel"))
        {
            case "heartbeat":
                return;
            case "status":
                await _sink.PostAsync(KrakenWsReaders.ReadStatus(root, tsInit)).ConfigureAwait(false);
                return;
            case "trade":
                foreach (var trade in KrakenWsReaders.ReadTrades(root, tsInit))
                {
                    if (IsSubscribed(_trades, trade.Instrument))
                    {
                        await _sink.PostAsync(trade).ConfigureAwait(false);
                    }
                }

                return;
            case "ticker":
                foreach (var top in KrakenWsReaders.ReadTopOfBook(root, tsInit))
                {
                    if (IsSubscribed(_tickers, top.Instrument))
                    {
                        await _sink.PostAsync(top).ConfigureAwait(false);
                    }
                }

                return;
            case "instrument":
                await OnInstrumentsAsync(root, tsInit).ConfigureAwait(false);
                return;
            default:
                throw new FormatException("Unknown message");
        }
    }

    private async Task OnInstrumentsAsync(JsonElement root, long tsInit)
    {
        var specs = KrakenWsReaders.ReadInstruments(root, out var errors);
        foreach (var error in errors)
        {
            Log.FrameSkipped(_logger, ConnectionName, "instrument pair not usable", error);
        }

        foreach (var spec in specs)
        {
            var changed = !_specs.TryGetValue(spec.Instrument, out var known) || known != spec;
            _specs[spec.Instrument] = spec;
            if (changed && IsWatched(spec.Instrument))
            {
                await _sink.PostAsync(new InstrumentUpdate(KrakenVenue.Id, spec.Instrument, spec, tsInit, tsInit)).ConfigureAwait(false);
            }
        }

        _instrumentsLoaded.TrySetResult();
    }

    private bool IsSubscribed(HashSet<InstrumentId> set, InstrumentId instrument)
    {
        lock (_gate)
        {
            return set.Contains(instrument);
        }
    }

    private bool IsWatched(InstrumentId instrument)
    {
        lock (_gate)
        {
            return _trades.Contains(instrument) || _tickers.Contains(instrument) || _books.Exists(b => b.Instrument == instrument);
        }
    }

    private void Skip(string problem, ReadOnlySpan<byte> message)
    {
        SkippedFrames++;
        Log.FrameSkipped(_logger, ConnectionName, problem, KrakenWsFrames.Excerpt(message));
    }
}
