using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// Bybit v5's public stream of one category (<c>/v5/public/spot</c> or <c>/linear</c>): books from
/// <c>orderbook.{depth}.{symbol}</c>, a snapshot then deltas, each <c>u</c> one more than the last; a snapshot in
/// mid-stream (Bybit's own reset, or <c>u</c> = 1 after a restart) replaces the book; a gap posts the book out of sync
/// and subscribes the topic again, whose first message is a fresh snapshot. Trades from <c>publicTrade.{symbol}</c>
/// (<see cref="BybitPublicTradeMessage"/>); on linear, the mark price and funding from <c>tickers.{symbol}</c>
/// (<see cref="BybitTickers"/>: a snapshot, then deltas of the fields that changed).
/// </summary>
/// <remarks>
/// The connection is supervised (<see cref="SupervisedWebSocket"/>): reconnection with backoff, every topic subscribed
/// again, a <c>ping</c> every 20 s. The books keep 8 decimals (Bybit's wire precision), not the symbol's rules. Source:
/// <see href="https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook"/>,
/// <see href="https://bybit-exchange.github.io/docs/v5/websocket/public/trade"/>, <see href="https://bybit-exchange.github.io/docs/v5/websocket/public/ticker"/>.
/// </remarks>
public sealed class BybitMarketDataClient : IWebSocketSessionHandler, IAsyncDisposable
{
    private const int WireDecimals = 8;
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(10);
    private readonly BybitCategory _category;
    private readonly IVenueEventSink _sink;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SupervisedWebSocket _socket;
    private readonly ConcurrentDictionary<string, InstrumentId> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<InstrumentId, BybitBookSynchronizer> _books = new();
    private readonly BybitRequests _requests;
    private readonly BybitTickers _tickers = new();
    private readonly SemaphoreSlim _start = new(1, 1);
    private bool _started;

    /// <summary>Initializes a client; nothing connects until the first subscription.</summary>
    /// <param name="category">The category.</param>
    /// <param name="sink">Where books and their sync state are posted.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="publicWebSocketUrl">The public stream's URL, or <see langword="null"/> for Bybit's.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    public BybitMarketDataClient(BybitCategory category, IVenueEventSink sink, TimeProvider timeProvider, Uri? publicWebSocketUrl = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _category = category;
        _sink = sink;
        _timeProvider = timeProvider;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BybitMarketDataClient>();
        _socket = new SupervisedWebSocket(
            BybitVenue.IdOf(category),
            "public",
            publicWebSocketUrl ?? BybitVenue.PublicWebSocketUrlOf(category),
            new WebSocketConnectionOptions { PingInterval = TimeSpan.FromSeconds(20), NoDataTimeout = TimeSpan.FromSeconds(60) },
            this,
            sink,
            timeProvider,
            _logger);
        _requests = new BybitRequests(_socket, s_requestTimeout, timeProvider);
    }

    /// <summary>Gets an instrument's book, or <see langword="null"/> when not subscribed; read it on the client's thread only.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The book.</returns>
    public OrderBook? BookOf(InstrumentId instrument) => _books.TryGetValue(instrument, out var book) ? book.Book : null;

    /// <summary>Subscribes an instrument's book.</summary>
    /// <param name="instrument">The symbol, such as <c>BTCUSDT</c>.</param>
    /// <param name="depth">The levels: 1, 50, 200 or 1000.</param>
    /// <param name="cancellationToken">Cancels waiting for the answer.</param>
    /// <returns>Success once Bybit acknowledged it (the snapshot follows); the refusal otherwise.</returns>
    public Task<VenueResult<bool>> SubscribeBookAsync(InstrumentId instrument, int depth, CancellationToken cancellationToken = default)
    {
        _books.TryAdd(instrument, new BybitBookSynchronizer(new OrderBook(InstrumentSpec.FromPrecision(instrument, WireDecimals, WireDecimals))));
        return SubscribeAsync(string.Create(CultureInfo.InvariantCulture, $"orderbook.{depth}.{instrument.Value}"), instrument, cancellationToken);
    }

    /// <summary>Subscribes an instrument's public trades (<c>publicTrade.{symbol}</c>), each posted as a <see cref="Trade"/>.</summary>
    /// <param name="instrument">The symbol, such as <c>BTCUSDT</c>.</param>
    /// <param name="cancellationToken">Cancels waiting for the answer.</param>
    /// <returns>Success once Bybit acknowledged it; the refusal otherwise.</returns>
    public Task<VenueResult<bool>> SubscribeTradesAsync(InstrumentId instrument, CancellationToken cancellationToken = default) =>
        SubscribeAsync($"publicTrade.{instrument.Value}", instrument, cancellationToken);

    /// <summary>
    /// Subscribes a linear perpetual's ticker (<c>tickers.{symbol}</c>), its mark price, index and funding posted as a
    /// <see cref="MarkPriceUpdate"/> whenever Bybit sends one (about every 100 ms); spot has no mark price and refuses it
    /// unsent (<see cref="VenueErrorKind.NotSupported"/>).
    /// </summary>
    /// <param name="instrument">The symbol, such as <c>BTCUSDT</c>.</param>
    /// <param name="cancellationToken">Cancels waiting for the answer.</param>
    /// <returns>Success once Bybit acknowledged it; the refusal otherwise.</returns>
    public Task<VenueResult<bool>> SubscribeMarkPriceAsync(InstrumentId instrument, CancellationToken cancellationToken = default) =>
        _category == BybitCategory.Spot
            ? Task.FromResult(VenueResult<bool>.Failure(new VenueError(VenueErrorKind.NotSupported, false, null, "Bybit spot has no mark price") { NotSent = true }))
            : SubscribeAsync($"tickers.{instrument.Value}", instrument, cancellationToken);

    /// <summary>Closes the connection.</summary>
    /// <param name="cancellationToken">Cancels the graceful close.</param>
    /// <returns>Completes when closed.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => _socket.StopAsync(cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _socket.DisposeAsync().ConfigureAwait(false);
        _start.Dispose();
    }

    /// <inheritdoc/>
    async Task IWebSocketSessionHandler.OnConnectedAsync(CancellationToken cancellationToken)
    {
        if (_topics.IsEmpty)
        {
            return;
        }

        var refused = await _requests.SendAsync("subscribe", [.. _topics.Keys], cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            throw new InvalidOperationException($"Bybit refused the public subscriptions: {refused}");
        }
    }

    /// <inheritdoc/>
    async ValueTask IWebSocketSessionHandler.OnMessageAsync(ReadOnlyMemory<byte> message, WebSocketMessageType messageType)
    {
        MarketDataEvent? parsed;
        IReadOnlyList<Trade> trades = [];
        try
        {
            var reader = new Utf8JsonReader(message.Span);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.TryGetProperty("op", out _))
            {
                _requests.Answer(root);
                return;
            }

            var topic = root.TryGetProperty("topic", out var t) ? t.GetString() ?? string.Empty : string.Empty;
            var venue = BybitVenue.IdOf(_category);
            var now = _timeProvider.GetUnixNanoseconds();
            parsed = topic switch
            {
                _ when topic.StartsWith("orderbook.", StringComparison.Ordinal) => BybitOrderBookMessage.Parse(message.Span, venue, now),
                _ when topic.StartsWith("tickers.", StringComparison.Ordinal) => _tickers.Read(message.Span, venue, now),
                _ => null,
            };
            if (topic.StartsWith("publicTrade.", StringComparison.Ordinal))
            {
                trades = BybitPublicTradeMessage.Parse(message.Span, venue, now);
            }
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            Log.MessageSkipped(_logger, "public", exception.Message);
            return;
        }

        foreach (var trade in trades)
        {
            await _sink.PostAsync(trade).ConfigureAwait(false);
        }

        switch (parsed)
        {
            case MarkPriceUpdate mark:
                await _sink.PostAsync(mark).ConfigureAwait(false);
                break;
            case BookSnapshot or BookDelta when _books.TryGetValue(parsed.Instrument, out var book):
                await ApplyAsync(book, parsed).ConfigureAwait(false);
                break;
        }
    }

    /// <inheritdoc/>
    void IWebSocketSessionHandler.OnDisconnected(string reason)
    {
        _requests.FailAll(reason);
        _tickers.Clear();

        foreach (var (instrument, book) in _books)
        {
            if (book.Book.SyncState == BookSyncState.Synced)
            {
                book.Book.MarkOutOfSync(OutOfSyncReason.SequenceGap, "the connection dropped");
                _ = PostSyncAsync(instrument, BookSyncState.OutOfSync, OutOfSyncReason.SequenceGap, $"the connection dropped: {reason}");
            }
        }
    }

    /// <inheritdoc/>
    async Task IWebSocketSessionHandler.SendPingAsync(CancellationToken cancellationToken) =>
        await _requests.SendAsync("ping", null, cancellationToken).ConfigureAwait(false);

    private async Task ApplyAsync(BybitBookSynchronizer book, MarketDataEvent parsed)
    {
        switch (parsed)
        {
            case BookSnapshot snapshot:
                book.OnSnapshot(snapshot);
                await _sink.PostAsync(snapshot).ConfigureAwait(false);
                await PostSyncAsync(snapshot.Instrument, BookSyncState.Synced, OutOfSyncReason.None, null).ConfigureAwait(false);
                break;
            case BookDelta delta:
                var wasSynced = book.Book.SyncState == BookSyncState.Synced;
                var result = book.OnDelta(delta);
                if (result.Disposition == BookUpdateDisposition.Applied)
                {
                    await _sink.PostAsync(delta).ConfigureAwait(false);
                }
                else if (wasSynced && result.Failure != OutOfSyncReason.None)
                {
                    var detail = book.Book.OutOfSyncDetail ?? "a gap in u";
                    Log.BookOutOfSync(_logger, delta.Instrument.Value, detail);
                    await PostSyncAsync(delta.Instrument, BookSyncState.OutOfSync, result.Failure, detail).ConfigureAwait(false);
                    _ = ResubscribeAsync(delta.Instrument);
                }

                break;
        }
    }

    /// <summary>Subscribes a topic: the first subscription opens the connection, which subscribes every topic known by then.</summary>
    private async Task<VenueResult<bool>> SubscribeAsync(string topic, InstrumentId instrument, CancellationToken cancellationToken)
    {
        _topics[topic] = instrument;
        await _start.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_started)
            {
                _started = true;
                await _socket.StartAsync(cancellationToken).ConfigureAwait(false);
                return VenueResult<bool>.Success(true);
            }
        }
        finally
        {
            _start.Release();
        }

        var refused = await _requests.SendAsync("subscribe", [topic], cancellationToken).ConfigureAwait(false);
        return refused is null
            ? VenueResult<bool>.Success(true)
            : VenueResult<bool>.Failure(new VenueError(VenueErrorKind.InvalidRequest, false, null, $"Bybit refused {topic}: {refused}"));
    }

    /// <summary>Unsubscribes and subscribes a book's topic again: Bybit starts it over with a snapshot.</summary>
    private async Task ResubscribeAsync(InstrumentId instrument)
    {
        var topics = _topics.Where(t => t.Value == instrument).Select(t => t.Key).ToArray();
        await _requests.SendAsync("unsubscribe", topics, CancellationToken.None).ConfigureAwait(false);
        await _requests.SendAsync("subscribe", topics, CancellationToken.None).ConfigureAwait(false);
    }

    private Task PostSyncAsync(InstrumentId instrument, BookSyncState state, OutOfSyncReason reason, string? detail)
    {
        var now = _timeProvider.GetUnixNanoseconds();
        return _sink.PostAsync(new BookSyncChanged(BybitVenue.IdOf(_category), instrument, state, reason, detail, now, now)).AsTask();
    }


}
