using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// Binance order entry over the WebSocket API for one market (spot, USD-M): place, cancel and, on futures, amend sent as
/// signed requests on one long-lived connection, which saves a REST round trip's connection set-up and headers on
/// every requote; what the WebSocket API does not carry goes over REST through the given <see cref="BinanceOrderEntryClient"/>
/// (futures batches, cancel-all, the dead-man switch, the order queries), which also lends its server-clock offset
/// and request-weight record.
/// </summary>
/// <remarks>
/// <para>Each request is <c>{"id","method","params"}</c>, its <c>params</c> carrying <c>apiKey</c>, <c>recvWindow</c>,
/// <c>timestamp</c> and a <c>signature</c> over every other parameter sorted by name (<see cref="BinancePayload.WebSocketApi"/>),
/// HMAC or Ed25519; answers are paired with requests by <c>id</c>. On spot with an Ed25519 key each connection logs on
/// first (<c>session.logon</c>), and requests on it then carry no <c>apiKey</c> and no signature (the timestamp stays),
/// which saves an Ed25519 signature on every requote; a refused logon leaves the connection signing each request. On USD-M
/// every request is signed: the USD-M WebSocket API pages read for this client show no <c>session.logon</c>. Methods:
/// <c>order.place</c>, <c>order.cancel</c>, futures' <c>order.modify</c> (the order is queued again) and spot's
/// <c>order.amend.keepPriority</c> (a smaller quantity alone, the order keeping its place).</para>
/// <para>Outcomes: an answer with an error is a failure with Binance's code (<see cref="BinanceErrors"/>);
/// <c>-1006</c>, <c>-1007</c>, a 5xx status, a connection lost before the answer, or no answer within
/// <see cref="BinanceTradingOptions.RequestTimeout"/> leave an order's outcome <see cref="VenueOutcome.Unknown"/> (reconcile
/// by client order id). A request made while the connection is being reopened waits for it up to the time-out, then
/// fails unsent. New orders and amends first wait for room under the order-count limits the REST client keeps
/// (<see cref="BinanceOrderEntryClient.OrderRateLimits"/>: Binance counts both ways alike). <c>-1021</c> (timestamp outside
/// the window) was not executed: the clock is read again over REST and the request sent once more. Every answer's
/// <c>rateLimits</c> updates the weight record the REST client keeps (Binance counts the two against the same limits);
/// a 429 or 418 stops every request until its <c>retryAfter</c>. A <c>serverShutdown</c> event opens a new connection
/// at once.</para>
/// <para>Sources: <see href="https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/trading-requests"/>,
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/request-security"/>,
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/rate-limits"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/websocket-api"/>.</para>
/// </remarks>
public sealed class BinanceWebSocketOrderEntryClient : ISpotOrderEntry, IOrderQueries, IOrderEntryBudget, IWebSocketSessionHandler, IAsyncDisposable
{
    private readonly BinanceTradingOptions _options;
    private readonly BinanceOrderEntryClient _rest;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IBinanceSigner _signer;
    private readonly SupervisedWebSocket _socket;
    private readonly WebSocketRequests<long> _requests;
    private long _lastId;
    private volatile bool _loggedOn;

    /// <summary>Initializes a client; nothing connects until <see cref="StartAsync"/>.</summary>
    /// <param name="options">The settings (the market, the key, <see cref="BinanceTradingOptions.WebSocketApiUrl"/>); validated here.</param>
    /// <param name="rest">The market's REST order entry, for what the WebSocket API does not carry; not disposed by this client.</param>
    /// <param name="sink">Where the connection's state changes are posted.</param>
    /// <param name="timeProvider">The clock of timestamps and every wait.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the message names each problem, never a secret.</exception>
    /// <exception cref="ArgumentException"><paramref name="rest"/> trades another market.</exception>
    /// <exception cref="FormatException">The Ed25519 PEM cannot be read.</exception>
    public BinanceWebSocketOrderEntryClient(BinanceTradingOptions options, BinanceOrderEntryClient rest, IVenueEventSink sink, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(timeProvider);
        BinanceTradingOptionsValidator.ThrowIfInvalid(options);
        if (rest.Venue != BinanceVenue.IdOf(options.Market))
        {
            throw new ArgumentException($"The REST client trades {rest.Venue}, not {BinanceVenue.IdOf(options.Market)}", nameof(rest));
        }

        _options = options;
        _rest = rest;
        _timeProvider = timeProvider;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BinanceWebSocketOrderEntryClient>();
        _signer = BinanceSigners.Of(options);
        Capabilities = rest.Capabilities with { Features = rest.Capabilities.Features | VenueFeatures.WebSocketOrderEntry };
        _socket = new SupervisedWebSocket(
            Venue, "order-entry", options.WebSocketApiUrl ?? BinanceVenue.WebSocketApiUrlOf(options.Market), new WebSocketConnectionOptions(), this, sink, timeProvider, _logger);
        _requests = new WebSocketRequests<long>(_socket, timeProvider);
    }

    /// <inheritdoc/>
    public VenueId Venue => _rest.Venue;

    /// <inheritdoc/>
    /// <remarks>The REST client's, and <see cref="VenueFeatures.WebSocketOrderEntry"/>.</remarks>
    public VenueCapabilities Capabilities { get; }

    /// <summary>Gets the connection's state.</summary>
    public ConnectionState State => _socket.State;

    /// <inheritdoc/>
    /// <remarks>The REST client's order-count room: requests both ways count against the same limits.</remarks>
    public int NewOrderHeadroom(InstrumentId instrument) => _rest.NewOrderHeadroom(instrument);

    /// <summary>Gets how many connections have been opened (the first included).</summary>
    public int Connections => _socket.ConnectionCount;

    /// <summary>Connects; the connection is kept open (reopened after a loss) until <see cref="StopAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels waiting for the first connection (the supervisor keeps trying).</param>
    /// <returns>Completes when the first connection is open.</returns>
    public Task StartAsync(CancellationToken cancellationToken = default) => _socket.StartAsync(cancellationToken);

    /// <summary>Closes the connection.</summary>
    /// <param name="cancellationToken">Cancels the graceful close.</param>
    /// <returns>Completes when closed.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => _socket.StopAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _socket.DisposeAsync();

    /// <inheritdoc/>
    public async ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BinanceOrderParameters.Problem(request, _options.Market) is { } problem)
        {
            return VenueResult<OrderAck>.Failure(problem);
        }

        _rest.Cover(request.Instrument);
        if (await _rest.OrderRate.AdmitAsync(1, cancellationToken).ConfigureAwait(false) is { } overRate)
        {
            return VenueResult<OrderAck>.Failure(overRate);
        }

        var answer = await RequestAsync("order.place", BinanceOrderParameters.Place(request, _options.Market), cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            _rest.RefundIfNotSent(answer, 1);
            return answer.WithoutValue<OrderAck>();
        }

        using var document = JsonDocument.Parse(answer.Value);
        return VenueResult<OrderAck>.Success(_rest.Placed.Acknowledge(request, document.RootElement));
    }

    /// <inheritdoc/>
    /// <remarks>Over REST (futures' <c>batchOrders</c>): the WebSocket API has no batch.</remarks>
    public ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default) =>
        _rest.PlaceOrdersAsync(requests, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// Futures: <c>order.modify</c>, for an order this client or its REST client placed; the order loses its place in
    /// the queue. Spot: <c>order.amend.keepPriority</c> (weight 4, no order counted), a smaller quantity alone, the order
    /// keeping its ids and its place (<see cref="BinanceOrderEntryClient.AmendOrderAsync"/>).
    /// </remarks>
    public async ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default)
    {
        if (_options.Market == BinanceMarket.Spot)
        {
            var keptClientOrderId = _rest.KeptClientOrderId(request);
            if (BinanceOrderParameters.KeepPriorityProblem(request, keptClientOrderId) is { } problem)
            {
                return VenueResult<AmendAck>.Failure(problem);
            }

            var kept = await RequestAsync("order.amend.keepPriority", BinanceOrderParameters.AmendKeepPriority(request, keptClientOrderId!), cancellationToken).ConfigureAwait(false);
            return kept.IsSuccess ? VenueResult<AmendAck>.Success(_rest.KeptPriority(request, keptClientOrderId!, kept.Value)) : kept.WithoutValue<AmendAck>();
        }

        if (!_rest.Placed.TryFind(request.Order, out var clientOrderId, out var placed))
        {
            return VenueResult<AmendAck>.Failure(BinanceOrderParameters.AmendOfAnotherOrder());
        }

        if (await _rest.OrderRate.AdmitAsync(1, cancellationToken).ConfigureAwait(false) is { } overRate)
        {
            return VenueResult<AmendAck>.Failure(overRate);
        }

        var answer = await RequestAsync("order.modify", BinanceOrderParameters.Amend(request, clientOrderId, placed), cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            _rest.RefundIfNotSent(answer, 1);
            return answer.WithoutValue<AmendAck>();
        }

        _rest.Placed.Amended(clientOrderId, placed with { Quantity = request.NewQuantity ?? placed.Quantity, Price = request.NewLimitPrice ?? placed.Price });
        using var document = JsonDocument.Parse(answer.Value);
        return VenueResult<AmendAck>.Success(new AmendAck(document.RootElement.GetProperty("orderId").GetInt64().ToString(CultureInfo.InvariantCulture)));
    }

    /// <inheritdoc/>
    /// <remarks>By <c>orderId</c> when the venue order id is known, else by <c>origClientOrderId</c>.</remarks>
    public async ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default)
    {
        if (BinanceOrderParameters.Cancel(instrument, order) is not { } parameters)
        {
            return VenueResult<CancelAck>.Failure(BinanceOrderParameters.UnnamedOrder());
        }

        var answer = await RequestAsync("order.cancel", parameters, cancellationToken).ConfigureAwait(false);
        return answer.IsSuccess ? VenueResult<CancelAck>.Success(new CancelAck(1)) : answer.WithoutValue<CancelAck>();
    }

    /// <inheritdoc/>
    /// <remarks>Over REST, per symbol (<see cref="BinanceOrderEntryClient.CancelAllAsync"/>): a cancel-all must go through even while this connection is being reopened.</remarks>
    public ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) => _rest.CancelAllAsync(cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Over REST (<see cref="BinanceOrderEntryClient.CancelAllAfterAsync"/>).</remarks>
    public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _rest.CancelAllAfterAsync(timeout, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Over REST (<see cref="BinanceOrderEntryClient.GetOpenOrdersAsync"/>).</remarks>
    public Task<VenueResult<ImmutableArray<VenueOrder>>> GetOpenOrdersAsync(CancellationToken cancellationToken = default) => _rest.GetOpenOrdersAsync(cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Over REST (<see cref="BinanceOrderEntryClient.QueryOrdersAsync"/>).</remarks>
    public Task<VenueResult<ImmutableArray<VenueOrder>>> QueryOrdersAsync(IReadOnlyList<VenueOrderId> orders, CancellationToken cancellationToken = default) =>
        _rest.QueryOrdersAsync(orders, cancellationToken);

    /// <summary>Gets whether the connection is logged on (<c>session.logon</c>, Ed25519 keys only), its requests unsigned.</summary>
    public bool IsLoggedOn => _loggedOn;

    /// <inheritdoc/>
    async Task IWebSocketSessionHandler.OnConnectedAsync(CancellationToken cancellationToken)
    {
        // Nothing else to restore: every request stands on its own.
        if (_signer is BinanceEd25519Signer && _options.Market == BinanceMarket.Spot)
        {
            var id = Interlocked.Increment(ref _lastId);
            var sent = await _requests.SendAsync(id, Request(id, "session.logon", [], signed: true), _options.RequestTimeout, waitUntilReady: false, cancellationToken).ConfigureAwait(false);
            var answer = sent.Outcome == WebSocketRequestOutcome.Answered ? Read("session.logon", sent.Answer!) : VenueResult<byte[]>.Failure(VenueError.Transport($"no answer ({sent.Outcome})"));
            _loggedOn = answer.IsSuccess;
            if (!answer.IsSuccess)
            {
                Log.SessionLogOnRefused(_logger, _socket.Name, answer.Error!.ToString());
            }
        }

        _requests.MarkReady();
    }

    /// <inheritdoc/>
    ValueTask IWebSocketSessionHandler.OnMessageAsync(ReadOnlyMemory<byte> message, WebSocketMessageType messageType)
    {
        try
        {
            var reader = new Utf8JsonReader(message.Span);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var id) && id.TryGetInt64(out var requestId))
            {
                _requests.TryAnswer(requestId, message.Span);
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("event", out var venueEvent)
                && venueEvent.ValueKind == JsonValueKind.Object && venueEvent.TryGetProperty("e", out var kind) && kind.GetString() == "serverShutdown")
            {
                Log.ServerShutdown(_logger, _socket.Name);
                _socket.Reconnect("Binance announced a server shutdown");
            }
        }
        catch (JsonException exception)
        {
            Log.MessageSkipped(_logger, _socket.Name, exception.Message);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    void IWebSocketSessionHandler.OnDisconnected(string reason)
    {
        _loggedOn = false;
        _requests.MarkLost();
    }

    /// <inheritdoc/>
    async Task IWebSocketSessionHandler.SendPingAsync(CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _lastId);
        await _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { id, method = "ping" }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a signed order request; a <c>-1021</c> reads the clock again and sends it once more.</summary>
    private async Task<VenueResult<byte[]>> RequestAsync(string method, List<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        if (_rest.RequestWeight.RefusalDuringBackoff() is { } refused)
        {
            return VenueResult<byte[]>.Failure(refused);
        }

        var result = await RequestOnceAsync(method, parameters, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess && result.Error!.Kind == VenueErrorKind.InvalidNonce && (await _rest.SynchronizeClockAsync(cancellationToken).ConfigureAwait(false)).IsSuccess)
        {
            result = await RequestOnceAsync(method, parameters, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<VenueResult<byte[]>> RequestOnceAsync(string method, List<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _lastId);
        var sent = await _requests.SendAsync(id, Request(id, method, parameters, signed: !_loggedOn), _options.RequestTimeout, waitUntilReady: true, cancellationToken).ConfigureAwait(false);
        return sent.Outcome switch
        {
            WebSocketRequestOutcome.Answered => Read(method, sent.Answer!),
            WebSocketRequestOutcome.NotSent => VenueResult<byte[]>.Failure(VenueError.Transport($"Not sent: the Binance {_socket.Name} connection was not open within {_options.RequestTimeout}") with { NotSent = true }),
            WebSocketRequestOutcome.Lost => Unanswered(method, VenueError.Transport($"The Binance {_socket.Name} connection was lost before the answer to {method}")),
            _ => Unanswered(method, VenueError.Timeout($"Binance did not answer {method} within {_options.RequestTimeout}")),
        };
    }

    /// <summary>An order request without an answer: it may have reached the matching engine.</summary>
    private VenueResult<byte[]> Unanswered(string method, VenueError error)
    {
        Log.OrderOutcomeUnknown(_logger, method, error);
        return VenueResult<byte[]>.Unknown(error);
    }

    /// <summary>Reads an answer: its <c>result</c>, or its error mapped (the outcomes Binance leaves open, unknown).</summary>
    private VenueResult<byte[]> Read(string method, byte[] answer)
    {
        using var document = JsonDocument.Parse(answer);
        var root = document.RootElement;
        var status = root.TryGetProperty("status", out var s) && s.TryGetInt32(out var code) ? code : 0;
        var retryAfter = _rest.RequestWeight.OnWebSocketAnswer(status, root);
        if (status == 200 && root.TryGetProperty("result", out var result))
        {
            return VenueResult<byte[]>.Success(JsonSerializer.SerializeToUtf8Bytes(result));
        }

        var error = root.TryGetProperty("error", out var failure) && failure.ValueKind == JsonValueKind.Object && failure.TryGetProperty("code", out var errorCode)
            ? BinanceErrors.Map(errorCode.GetInt32(), failure.TryGetProperty("msg", out var text) ? text.GetString() : null, status, retryAfter)
            : BinanceErrors.Map(0, $"status {status} from {method}", status, retryAfter);

        // -1006 and -1007 say the request reached the matching engine and its fate is not known; so may a 5xx.
        if (status >= 500 || error.VenueCode is "Binance -1006" or "Binance -1007")
        {
            Log.OrderOutcomeUnknown(_logger, method, error);
            return VenueResult<byte[]>.Unknown(error);
        }

        return VenueResult<byte[]>.Failure(error);
    }

    /// <summary>
    /// The request's JSON: the parameters as strings, then <c>recvWindow</c> and <c>timestamp</c> (numbers); when
    /// <paramref name="signed"/> (a connection not logged on), <c>apiKey</c> and the signature over all of them sorted by name.
    /// </summary>
    private byte[] Request(long id, string method, List<KeyValuePair<string, string>> parameters, bool signed)
    {
        var timestamp = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() + (long)_rest.ClockOffset.TotalMilliseconds;
        var signature = signed
            ? _signer.Sign(BinancePayload.WebSocketApi(new List<KeyValuePair<string, string>>(parameters)
            {
                new("apiKey", _options.ApiKey!),
                new("recvWindow", _options.RecvWindowMilliseconds.ToString(CultureInfo.InvariantCulture)),
                new("timestamp", timestamp.ToString(CultureInfo.InvariantCulture)),
            }))
            : null;

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", id);
            writer.WriteString("method", method);
            writer.WriteStartObject("params");
            foreach (var (name, value) in parameters)
            {
                writer.WriteString(name, value);
            }

            if (signature is not null)
            {
                writer.WriteString("apiKey", _options.ApiKey);
            }

            writer.WriteNumber("recvWindow", _options.RecvWindowMilliseconds);
            writer.WriteNumber("timestamp", timestamp);
            if (signature is not null)
            {
                writer.WriteString("signature", signature);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
