using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// Bybit v5 order entry over the trade stream (<c>wss://stream.bybit.com/v5/trade</c>) for one category: create, amend
/// cancel and batch create on one long-lived connection authenticated once, which saves a REST round trip's set-up and
/// signing per requote; what the trade stream does not carry goes over the given <see cref="BybitOrderEntryClient"/>
/// (cancel-all, the disconnection protection, the order queries), whose per-endpoint rate budget it shares.
/// </summary>
/// <remarks>
/// <para>The connection authenticates with <c>op: auth</c> (the key, an expiry a few seconds ahead, and an HMAC of
/// <c>GET/realtime</c> and the expiry), again on every reconnection. Each request is
/// <c>{"reqId","header":{"X-BAPI-TIMESTAMP","X-BAPI-RECV-WINDOW"},"op","args":[one order]}</c> with the same fields as
/// REST (<see cref="BybitOrderFields"/>; a batch's <c>args</c> holds one <c>{"category","request":[orders]}</c>, as the
/// REST batch's body), answered <c>{"reqId","retCode","retMsg","op","data","retExtInfo"}</c>: <c>retCode</c> 0 is
/// accepted (the order's fate arrives on the private stream; a batch's orders each refused where their entry in
/// <c>retExtInfo.list</c> has a code), anything else a failure (<see cref="BybitErrors"/>;
/// 10006 a transient rate limit). <c>10016</c>, a connection lost between a request and its answer, or no answer within
/// <see cref="BybitTradingOptions.RequestTimeout"/> leave the outcome <see cref="VenueOutcome.Unknown"/>: reconcile by
/// <c>orderLinkId</c>. A request made while the connection is being reopened waits for it up to the time-out, then
/// fails unsent. Every request first waits for room under the endpoint's per-account rate, counted with REST's. The
/// header's timestamp adds the REST client's clock offset; a 10002 reads Bybit's clock and sends once more.</para>
/// <para>Source: <see href="https://bybit-exchange.github.io/docs/v5/websocket/trade/guideline"/>.</para>
/// </remarks>
public sealed class BybitWebSocketOrderEntryClient : ISpotOrderEntry, IOrderQueries, IWebSocketSessionHandler, IAsyncDisposable
{
    private readonly BybitTradingOptions _options;
    private readonly BybitOrderEntryClient _rest;
    private readonly ILogger _logger;
    private readonly BybitSigner _signer;
    private readonly SupervisedWebSocket _socket;
    private readonly WebSocketRequests<string> _requests;
    private long _lastId;

    /// <summary>Initializes a client; nothing connects until <see cref="StartAsync"/>.</summary>
    /// <param name="options">The settings (the category, the key, <see cref="BybitTradingOptions.TradeWebSocketUrl"/>).</param>
    /// <param name="rest">The category's REST order entry, for what the trade stream does not carry and for Bybit's clock as it reads it (the timestamps and the <c>auth</c> expiry); not disposed by this client.</param>
    /// <param name="sink">Where the connection's state changes are posted.</param>
    /// <param name="timeProvider">The clock of every wait.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">The key or secret is missing, a window or time-out is not positive, or <paramref name="rest"/> trades another category.</exception>
    public BybitWebSocketOrderEntryClient(BybitTradingOptions options, BybitOrderEntryClient rest, IVenueEventSink sink, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.ThrowIfInvalid();
        if (rest.Venue != BybitVenue.IdOf(options.Category))
        {
            throw new ArgumentException($"The REST client trades {rest.Venue}, not {BybitVenue.IdOf(options.Category)}", nameof(rest));
        }

        _options = options;
        _rest = rest;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BybitWebSocketOrderEntryClient>();
        _signer = new BybitSigner(options.ApiKey!, options.ApiSecret!);
        Capabilities = rest.Capabilities with { Features = rest.Capabilities.Features | VenueFeatures.WebSocketOrderEntry };
        _socket = new SupervisedWebSocket(
            Venue,
            "trade",
            options.TradeWebSocketUrl ?? BybitVenue.TradeWebSocketUrl,
            new WebSocketConnectionOptions { PingInterval = TimeSpan.FromSeconds(20), NoDataTimeout = TimeSpan.FromSeconds(60) },
            this,
            sink,
            timeProvider,
            _logger);
        _requests = new WebSocketRequests<string>(_socket, timeProvider);
    }

    /// <inheritdoc/>
    public VenueId Venue => _rest.Venue;

    /// <inheritdoc/>
    /// <remarks>The REST client's, and <see cref="VenueFeatures.WebSocketOrderEntry"/>.</remarks>
    public VenueCapabilities Capabilities { get; }

    /// <summary>Gets the connection's state.</summary>
    public ConnectionState State => _socket.State;

    /// <summary>Gets how many connections have been opened (the first included).</summary>
    public int Connections => _socket.ConnectionCount;

    /// <summary>Connects and authenticates; the connection is kept open (reopened and authenticated again after a loss) until <see cref="StopAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels waiting for the first connection (the supervisor keeps trying).</param>
    /// <returns>Completes when the first connection is authenticated.</returns>
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
        if (_rest.Problem(request) is { } problem)
        {
            return VenueResult<OrderAck>.Failure(problem);
        }

        _rest.Cover(request.Instrument);
        var answer = await RequestAsync("order.create", "/v5/order/create", BybitOrderFields.Create(request, _options.Category, withCategory: true), cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return answer.WithoutValue<OrderAck>();
        }

        using var document = JsonDocument.Parse(answer.Value);
        return VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create(document.RootElement.GetProperty("data").GetProperty("orderId").GetString()!), request.ClientOrderId));
    }

    /// <inheritdoc/>
    /// <remarks><c>order.create-batch</c>: up to 20 orders on linear, 10 on spot; each order's ack or refusal in the requests' order.</remarks>
    public async ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default)
    {
        if (_rest.BatchProblem(requests) is { } problem)
        {
            return VenueResult<ImmutableArray<VenueResult<OrderAck>>>.Failure(problem);
        }

        var answer = await RequestAsync("order.create-batch", "/v5/order/create-batch", _rest.BatchBody(requests), cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return answer.WithoutValue<ImmutableArray<VenueResult<OrderAck>>>();
        }

        using var document = JsonDocument.Parse(answer.Value);
        var root = document.RootElement;
        return VenueResult<ImmutableArray<VenueResult<OrderAck>>>.Success(BybitOrderEntryClient.BatchAcks(root.GetProperty("data"), root, requests));
    }

    /// <inheritdoc/>
    /// <remarks><c>order.amend</c>: price and quantity; Bybit keeps the order id.</remarks>
    public async ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default)
    {
        if (!request.Order.IsSet || (request.NewLimitPrice is null && request.NewQuantity is null))
        {
            return VenueResult<AmendAck>.Failure(BybitOrderEntryClient.Unsent(VenueErrorKind.InvalidRequest, "An amend needs the order's id and a new price or quantity"));
        }

        var answer = await RequestAsync("order.amend", "/v5/order/amend", BybitOrderFields.Amend(request, _options.Category), cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return answer.WithoutValue<AmendAck>();
        }

        using var document = JsonDocument.Parse(answer.Value);
        return VenueResult<AmendAck>.Success(new AmendAck(document.RootElement.GetProperty("data").GetProperty("orderId").GetString()));
    }

    /// <inheritdoc/>
    /// <remarks><c>order.cancel</c>, by <c>orderId</c> when known, else by <c>orderLinkId</c>.</remarks>
    public async ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default)
    {
        if (!order.IsSet)
        {
            return VenueResult<CancelAck>.Failure(BybitOrderEntryClient.Unsent(VenueErrorKind.InvalidRequest, "A cancel needs the venue or the client order id"));
        }

        var answer = await RequestAsync("order.cancel", "/v5/order/cancel", BybitOrderFields.Reference(instrument, order, _options.Category), cancellationToken).ConfigureAwait(false);
        return answer.IsSuccess ? VenueResult<CancelAck>.Success(new CancelAck(1)) : answer.WithoutValue<CancelAck>();
    }

    /// <inheritdoc/>
    /// <remarks>Over REST (<c>/v5/order/cancel-all</c> per symbol): a cancel-all must go through even while this connection is being reopened.</remarks>
    public ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) => _rest.CancelAllAsync(cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Over REST: the disconnection protection (<see cref="BybitOrderEntryClient.CancelAllAfterAsync"/>).</remarks>
    public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _rest.CancelAllAfterAsync(timeout, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Over REST (<see cref="BybitOrderEntryClient.GetOpenOrdersAsync"/>).</remarks>
    public Task<VenueResult<ImmutableArray<VenueOrder>>> GetOpenOrdersAsync(CancellationToken cancellationToken = default) => _rest.GetOpenOrdersAsync(cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Over REST (<see cref="BybitOrderEntryClient.QueryOrdersAsync"/>).</remarks>
    public Task<VenueResult<ImmutableArray<VenueOrder>>> QueryOrdersAsync(IReadOnlyList<VenueOrderId> orders, CancellationToken cancellationToken = default) =>
        _rest.QueryOrdersAsync(orders, cancellationToken);

    /// <inheritdoc/>
    async Task IWebSocketSessionHandler.OnConnectedAsync(CancellationToken cancellationToken)
    {
        var (code, message) = await AuthenticateAsync(cancellationToken).ConfigureAwait(false);
        if (code > 0 && (await _rest.SynchronizeClockAsync(cancellationToken).ConfigureAwait(false)).IsSuccess)
        {
            // An expiry already past on Bybit's clock (this machine's behind it) is refused as any bad auth: once more on Bybit's time.
            (code, message) = await AuthenticateAsync(cancellationToken).ConfigureAwait(false);
        }

        if (code != 0)
        {
            // Drops this connection; the supervisor tries again after its backoff.
            throw new InvalidOperationException($"Bybit refused the trade stream's auth: {message} ({code})");
        }

        _requests.MarkReady();
    }

    /// <summary>Sends <c>auth</c>, its expiry ten seconds ahead on Bybit's clock as the REST client last read it: Bybit's code and message (-1 when unanswered).</summary>
    private async Task<(int Code, string Message)> AuthenticateAsync(CancellationToken cancellationToken)
    {
        var id = NextId();
        var auth = JsonSerializer.SerializeToUtf8Bytes(new { reqId = id, op = "auth", args = _signer.WebSocketAuthArguments(_rest.ServerNow) });
        var sent = await _requests.SendAsync(id, auth, _options.RequestTimeout, waitUntilReady: false, cancellationToken).ConfigureAwait(false);
        return sent.Answer is { } answer ? Code(answer) : (-1, $"no answer ({sent.Outcome})");
    }

    /// <inheritdoc/>
    ValueTask IWebSocketSessionHandler.OnMessageAsync(ReadOnlyMemory<byte> message, WebSocketMessageType messageType)
    {
        try
        {
            var reader = new Utf8JsonReader(message.Span);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.TryGetProperty("reqId", out var id) && id.GetString() is { } requestId)
            {
                _requests.TryAnswer(requestId, message.Span);
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            Log.MessageSkipped(_logger, _socket.Name, exception.Message);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    void IWebSocketSessionHandler.OnDisconnected(string reason) => _requests.MarkLost();

    /// <inheritdoc/>
    async Task IWebSocketSessionHandler.SendPingAsync(CancellationToken cancellationToken)
    {
        // Sent, not awaited for its pong: Bybit's pong need not carry the reqId, and any frame back keeps the connection alive.
        await _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { reqId = NextId(), op = "ping" }), cancellationToken).ConfigureAwait(false);
    }

    private static (int Code, string Message) Code(byte[] answer)
    {
        using var document = JsonDocument.Parse(answer);
        var root = document.RootElement;
        return (root.TryGetProperty("retCode", out var code) ? code.GetInt32() : -1, root.TryGetProperty("retMsg", out var message) ? message.GetString() ?? string.Empty : string.Empty);
    }

    private string NextId() => Interlocked.Increment(ref _lastId).ToString(CultureInfo.InvariantCulture);

    /// <summary>Sends an order request once the connection is authenticated and the endpoint's rate has room: the accepted answer (its <c>data</c> and <c>retExtInfo</c>), the failure, or the unknown outcome.</summary>
    private async Task<VenueResult<byte[]>> RequestAsync(string op, string path, Dictionary<string, object> order, CancellationToken cancellationToken)
    {
        if (await _rest.AdmitAsync(path, cancellationToken).ConfigureAwait(false) is { } overRate)
        {
            return VenueResult<byte[]>.Failure(overRate);
        }

        var result = await RequestOnceAsync(op, order, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess && result.Error!.Kind == VenueErrorKind.InvalidNonce && (await _rest.SynchronizeClockAsync(cancellationToken).ConfigureAwait(false)).IsSuccess)
        {
            // 10002: the header's timestamp was outside the window (nothing was done); sent again with Bybit's clock.
            result = await RequestOnceAsync(op, order, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<VenueResult<byte[]>> RequestOnceAsync(string op, Dictionary<string, object> order, CancellationToken cancellationToken)
    {
        var id = NextId();
        var sent = await _requests.SendAsync(id, Request(id, op, order), _options.RequestTimeout, waitUntilReady: true, cancellationToken).ConfigureAwait(false);
        return sent.Outcome switch
        {
            WebSocketRequestOutcome.Answered => Read(op, sent.Answer!),
            WebSocketRequestOutcome.NotSent => VenueResult<byte[]>.Failure(VenueError.Transport($"Not sent: the Bybit {_socket.Name} connection was not open and authenticated within {_options.RequestTimeout}") with { NotSent = true }),
            WebSocketRequestOutcome.Lost => Unknown(op, VenueError.Transport($"The Bybit {_socket.Name} connection was lost before the answer to {op}")),
            _ => Unknown(op, VenueError.Timeout($"Bybit did not answer {op} within {_options.RequestTimeout}")),
        };
    }

    private VenueResult<byte[]> Read(string op, byte[] answer)
    {
        using var document = JsonDocument.Parse(answer);
        var root = document.RootElement;
        var code = root.TryGetProperty("retCode", out var c) ? c.GetInt32() : -1;
        if (code == 0 && root.TryGetProperty("data", out _))
        {
            return VenueResult<byte[]>.Success(answer);
        }

        var refused = BybitErrors.Map(code, root.TryGetProperty("retMsg", out var text) ? text.GetString() : null);
        return code == 10016 ? Unknown(op, refused) : VenueResult<byte[]>.Failure(refused);
    }

    private VenueResult<byte[]> Unknown(string op, VenueError error)
    {
        Log.OrderOutcomeUnknown(_logger, op, error);
        return VenueResult<byte[]>.Unknown(error);
    }

    /// <summary>The request's JSON: <c>reqId</c>, the <c>header</c> with the timestamp and window, the <c>op</c>, and the order (or the batch) in <c>args</c>.</summary>
    private byte[] Request(string id, string op, Dictionary<string, object> order)
    {
        var buffer = new ArrayBufferWriter<byte>(384);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("reqId", id);
            writer.WriteStartObject("header");
            writer.WriteString("X-BAPI-TIMESTAMP", _rest.ServerNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            writer.WriteString("X-BAPI-RECV-WINDOW", _options.RecvWindowMilliseconds.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteString("op", op);
            writer.WriteStartArray("args");
            JsonSerializer.Serialize(writer, order);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
