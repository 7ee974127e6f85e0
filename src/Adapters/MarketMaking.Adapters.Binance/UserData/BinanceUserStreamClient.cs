using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// The spot account's user data stream over the WebSocket API: order updates, fills and balances
/// (<see cref="BinanceUserDataMessage"/>) posted to an <see cref="IVenueEventSink"/>, subscribed again on every new
/// connection.
/// </summary>
/// <remarks>
/// <para>Spot's listen keys were withdrawn on 2026-02-20; the stream is now a subscription on a WebSocket API connection,
/// after which events arrive as <c>{"subscriptionId","event"}</c>. With an HMAC key it is
/// <c>userDataStream.subscribe.signature</c>, signed like any WebSocket API request (the parameters sorted by name,
/// <see cref="BinancePayload.WebSocketApi"/>); with an Ed25519 key the connection first logs on (<c>session.logon</c>,
/// signed with the key) and then subscribes for its account (<c>userDataStream.subscribe</c>), the way Binance describes
/// for that key type. A timestamp refused as outside the window (<c>-1021</c>: this machine's clock off Binance's) is
/// signed again with the offset the connection's <c>time</c> request gives, kept for the next connections. The connection
/// is supervised (<see cref="SupervisedWebSocket"/>): reconnection with backoff and a <c>ping</c> request when quiet;
/// each new connection logs on and subscribes again. Events missed while disconnected are not replayed by Binance: the
/// OMS reconciles over REST after a reconnection.</para>
/// <para>Sources: <see href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-api/user-data-stream-requests"/>,
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/authentication-requests"/>.</para>
/// </remarks>
public sealed class BinanceUserStreamClient : IWebSocketSessionHandler, IAsyncDisposable
{
    private readonly BinanceTradingOptions _options;
    private readonly IVenueEventSink _sink;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IBinanceSigner _signer;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<(VenueError? Error, long? ServerTime)>> _pending = new(StringComparer.Ordinal);
    private readonly SupervisedWebSocket _socket;
    private readonly VenueClock _clock;
    private long _nextId;
    private int _subscriptions;

    /// <summary>Initializes a client; nothing connects until <see cref="StartAsync"/>.</summary>
    /// <param name="options">The settings (spot, with an HMAC or an Ed25519 key); validated here.</param>
    /// <param name="sink">Where the account's events are posted.</param>
    /// <param name="timeProvider">The clock of timestamps and every wait.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="NotSupportedException">Not spot (futures read their account through <see cref="BinanceFuturesUserStreamClient"/>).</exception>
    /// <exception cref="FormatException">The Ed25519 PEM cannot be read.</exception>
    public BinanceUserStreamClient(BinanceTradingOptions options, IVenueEventSink sink, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(timeProvider);
        BinanceTradingOptionsValidator.ThrowIfInvalid(options);
        if (options.Market != BinanceMarket.Spot)
        {
            throw new NotSupportedException("This is spot's user data stream: futures read theirs through BinanceFuturesUserStreamClient");
        }

        _options = options;
        _sink = sink;
        _timeProvider = timeProvider;
        _clock = new VenueClock(timeProvider);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BinanceUserStreamClient>();
        _signer = BinanceSigners.Of(options);
        _socket = new SupervisedWebSocket(
            BinanceVenue.SpotId, "user", options.WebSocketApiUrl ?? BinanceVenue.WebSocketApiUrlOf(options.Market), new WebSocketConnectionOptions(), this, sink, timeProvider, _logger);
    }

    /// <summary>Gets the connection's state.</summary>
    public ConnectionState State => _socket.State;

    /// <summary>Gets how many times the stream has been subscribed: 1, plus one per reconnection.</summary>
    public int Subscriptions => Volatile.Read(ref _subscriptions);

    /// <summary>Connects and subscribes; the connection is kept open until <see cref="StopAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels waiting for the first subscription (the supervisor keeps trying).</param>
    /// <returns>Completes when the first subscription is answered.</returns>
    public Task StartAsync(CancellationToken cancellationToken = default) => _socket.StartAsync(cancellationToken);

    /// <summary>Closes the connection.</summary>
    /// <param name="cancellationToken">Cancels the graceful close.</param>
    /// <returns>Completes when closed.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => _socket.StopAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _socket.DisposeAsync();

    /// <inheritdoc/>
    async Task IWebSocketSessionHandler.OnConnectedAsync(CancellationToken cancellationToken)
    {
        var error = await SubscribeAsync(cancellationToken).ConfigureAwait(false);
        if (error?.Kind == VenueErrorKind.InvalidNonce)
        {
            // -1021: the signed timestamp is outside the window, this machine's clock being off Binance's. The
            // connection's time request says by how much; the subscription is signed again with the offset.
            var sent = _timeProvider.GetUtcNow();
            var (timeError, serverTime) = await SendAsync("time", null, cancellationToken).ConfigureAwait(false);
            if (timeError is null && serverTime is { } server)
            {
                _clock.Record(sent, server);
                error = await SubscribeAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (error is not null)
        {
            // Drops this connection; the supervisor tries again after its backoff.
            throw new InvalidOperationException($"Binance refused the user data subscription: {error}");
        }

        Interlocked.Increment(ref _subscriptions);
    }

    /// <summary>Subscribes the account's events: logged on and subscribed with an Ed25519 key, by a signed subscription with an HMAC key.</summary>
    private async Task<VenueError?> SubscribeAsync(CancellationToken cancellationToken)
    {
        var now = _clock.NowMilliseconds;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["apiKey"] = _options.ApiKey!, ["timestamp"] = now.ToString(CultureInfo.InvariantCulture) };
        parameters["signature"] = _signer.Sign(BinancePayload.WebSocketApi(parameters));
        return _signer is BinanceEd25519Signer
            ? await RequestAsync("session.logon", parameters, cancellationToken).ConfigureAwait(false) is { } refused
                ? refused
                : await RequestAsync("userDataStream.subscribe", null, cancellationToken).ConfigureAwait(false)
            : await RequestAsync("userDataStream.subscribe.signature", parameters, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    async ValueTask IWebSocketSessionHandler.OnMessageAsync(ReadOnlyMemory<byte> message, WebSocketMessageType messageType)
    {
        IReadOnlyList<VenueEvent> events;
        try
        {
            var reader = new Utf8JsonReader(message.Span);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var id) && !root.TryGetProperty("event", out _))
            {
                Answer(id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText(), root);
                return;
            }

            events = BinanceUserDataMessage.Parse(message.Span, BinanceVenue.SpotId, _timeProvider.GetUnixNanoseconds());
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            Log.MessageSkipped(_logger, _socket.Name, exception.Message);
            return;
        }

        foreach (var venueEvent in events)
        {
            await _sink.PostAsync(venueEvent).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    void IWebSocketSessionHandler.OnDisconnected(string reason)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var waiter))
            {
                waiter.TrySetResult((VenueError.Transport($"connection lost before Binance answered: {reason}"), null));
            }
        }
    }

    /// <inheritdoc/>
    async Task IWebSocketSessionHandler.SendPingAsync(CancellationToken cancellationToken) =>
        await RequestAsync("ping", null, cancellationToken).ConfigureAwait(false);

    private void Answer(string id, JsonElement root)
    {
        if (!_pending.TryRemove(id, out var waiter))
        {
            return;
        }

        var error = root.TryGetProperty("error", out var failure) && failure.ValueKind == JsonValueKind.Object
            ? BinanceErrors.Map(failure.GetProperty("code").GetInt32(), failure.TryGetProperty("msg", out var text) ? text.GetString() : null, root.TryGetProperty("status", out var status) ? status.GetInt32() : null)
            : null;
        long? serverTime = root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
            && result.TryGetProperty("serverTime", out var time) && time.TryGetInt64(out var milliseconds) ? milliseconds : null;
        waiter.TrySetResult((error, serverTime));
    }

    private async Task<VenueError?> RequestAsync(string method, Dictionary<string, string>? parameters, CancellationToken cancellationToken) =>
        (await SendAsync(method, parameters, cancellationToken).ConfigureAwait(false)).Error;

    /// <summary>Sends a request and waits for its answer: its error, or none and the server time it carries (<c>time</c>).</summary>
    private async Task<(VenueError? Error, long? ServerTime)> SendAsync(string method, Dictionary<string, string>? parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var waiter = new TaskCompletionSource<(VenueError?, long?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = waiter;
        object request = parameters is null
            ? new { id, method }
            : new { id, method, @params = parameters.ToDictionary(p => p.Key, p => p.Key == "timestamp" ? (object)long.Parse(p.Value, CultureInfo.InvariantCulture) : p.Value) };
        if (await _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(request), cancellationToken).ConfigureAwait(false) != WebSocketSendStatus.Sent)
        {
            _pending.TryRemove(id, out _);
            return (VenueError.Transport($"connection lost while sending {method}"), null);
        }

        try
        {
            return await waiter.Task.WaitAsync(_options.RequestTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _pending.TryRemove(id, out _);
            return (VenueError.Timeout($"Binance did not answer {method} within {_options.RequestTimeout}"), null);
        }
    }
}
