using System.Collections.Immutable;
using System.Net.WebSockets;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Kraken Spot over WebSocket v2, behind <see cref="ISpotWs"/>: a public connection for market data and, with
/// credentials, an authenticated one for the user stream and order entry. Both are supervised
/// (<see cref="SupervisedWebSocket"/>): reconnection with backoff and jitter, a no-data timeout, pings, and every
/// subscription restored on each new connection. Received data is posted to the <see cref="IVenueEventSink"/>.
/// </summary>
/// <remarks>
/// <para>Order entry goes out on the authenticated connection, each request correlated by <c>req_id</c> with its own
/// timeout (<see cref="KrakenOptions.WebSocketRequestTimeout"/>): no answer in time, or a connection lost before the
/// answer, ends as <see cref="VenueOutcome.Unknown"/> (for reconciliation), never as an exception. Acknowledgements
/// are not fills; the <c>executions</c> channel is authoritative. Requests are charged to the same per-pair trading
/// counters as the REST client when both share a <see cref="KrakenOrderAdmission"/>.</para>
/// <para>While our orders rest, the dead-man switch is armed and refreshed (see <see cref="KrakenOptions.DeadManSwitchTimeout"/>);
/// <see cref="StopAsync(CancellationToken)"/> disarms it first; <see cref="StopAsync(bool, CancellationToken)"/> can leave it to run out.</para>
/// <para>Protocol: <see href="https://docs.kraken.com/api/docs/websocket-v2/add_order"/> and the pages beside it;
/// notes in <c>docs/protocol/kraken.md</c>, behaviour in <c>docs/adapters/kraken.md</c> §7.</para>
/// </remarks>
public sealed class KrakenSpotWsClient : ISpotWs, IOrderEntryBudget
{
    private readonly KrakenOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly KrakenOrderAdmission _admission;
    private readonly KrakenWsRequester _publicRequester;
    private readonly KrakenWsRequester _privateRequester;
    private readonly KrakenPublicSession _public;
    private readonly KrakenPrivateSession? _private;
    private readonly SupervisedWebSocket _publicConnection;
    private readonly SupervisedWebSocket? _privateConnection;
    private readonly KrakenDeadManSwitch? _deadManSwitch;
    private bool _leaveDeadManSwitchArmed;
    private int _started;

    /// <summary>Initializes a client; nothing is opened until <see cref="StartAsync"/>.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="sink">Where received events go.</param>
    /// <param name="timeProvider">The clock for every timeout, backoff and timer.</param>
    /// <param name="rest">
    /// The REST client of the same account: it issues the tokens of the authenticated connection and shares its trading
    /// counters. Required when <paramref name="options"/> has credentials.
    /// </param>
    /// <param name="loggerFactory">The loggers, or <see langword="null"/>.</param>
    /// <param name="socketFactory">Creates each connection's socket (headers, proxy), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">Credentials are set but <paramref name="rest"/> is null.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public KrakenSpotWsClient(
        KrakenOptions options,
        IVenueEventSink sink,
        TimeProvider timeProvider,
        KrakenSpotRestClient? rest = null,
        ILoggerFactory? loggerFactory = null,
        Func<ClientWebSocket>? socketFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(timeProvider);
        KrakenOptionsValidator.ThrowIfInvalid(options);
        if (options.HasCredentials && rest is null)
        {
            throw new ArgumentException("The authenticated connection needs the REST client for its tokens", nameof(rest));
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        _options = options;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<KrakenSpotWsClient>();
        _admission = rest?.Admission ?? new KrakenOrderAdmission(new KrakenTradingCounters(options.Tier, timeProvider, options.CancelReserve), timeProvider, _logger, options.ModelTradingCounter, reserveForOpenOrders: true, options.MaxCancelWait);
        var factory = socketFactory ?? (() => CreateSocket(options));

        _publicRequester = new KrakenWsRequester(timeProvider);
        _public = new KrakenPublicSession(sink, _publicRequester, timeProvider, _logger, options.WebSocketRequestTimeout);
        _publicConnection = new SupervisedWebSocket(
            KrakenVenue.Id, "public", options.PublicWebSocketUrl, options.WebSocket, _public, sink, timeProvider, _logger, factory);
        _publicRequester.Connection = _publicConnection;

        _privateRequester = new KrakenWsRequester(timeProvider);
        if (options.HasCredentials)
        {
            _private = new KrakenPrivateSession(sink, _privateRequester, rest!.GetWebSocketsTokenAsync, _admission, timeProvider, _logger, options.WebSocketRequestTimeout);
            _privateConnection = new SupervisedWebSocket(
                KrakenVenue.Id, "private", options.PrivateWebSocketUrl, options.WebSocket, _private, sink, timeProvider, _logger, factory);
            _privateRequester.Connection = _privateConnection;
            if (options.DeadManSwitchRefreshInterval > TimeSpan.Zero)
            {
                _deadManSwitch = new KrakenDeadManSwitch((timeout, cancellation) => CancelAllAfterAsync(timeout, cancellation).AsTask(), options.DeadManSwitchTimeout, options.DeadManSwitchRefreshInterval, timeProvider, _logger);
                _private.OrdersRestingChanged += _deadManSwitch.SetOrdersResting;
                _private.Restored += () => _ = _deadManSwitch.RearmAsync();
            }
        }
    }

    /// <inheritdoc/>
    public VenueId Venue => KrakenVenue.Id;

    /// <inheritdoc/>
    public VenueCapabilities Capabilities => KrakenVenue.Capabilities;

    /// <inheritdoc/>
    public ConnectionState PublicState => _publicConnection.State;

    /// <inheritdoc/>
    public ConnectionState PrivateState => _privateConnection?.State ?? ConnectionState.Disconnected;

    /// <summary>Gets the order-entry checks and trading counters (shared with the REST client when one was given).</summary>
    public KrakenOrderAdmission Admission => _admission;

    /// <inheritdoc/>
    public int NewOrderHeadroom(InstrumentId instrument) => Admission.NewOrderHeadroom(instrument);

    /// <summary>Gets how many connections the public side has opened (the first included).</summary>
    public int PublicConnectionCount => _publicConnection.ConnectionCount;

    /// <summary>Gets how many connections the authenticated side has opened (the first included).</summary>
    public int PrivateConnectionCount => _privateConnection?.ConnectionCount ?? 0;

    /// <summary>Gets how many WebSocket tokens the authenticated side has fetched.</summary>
    public int TokensFetched => _private?.TokensFetched ?? 0;

    /// <summary>Gets how many received frames were skipped as not JSON or malformed (logged, never fatal).</summary>
    public int SkippedFrames => _public.SkippedFrames + (_private?.SkippedFrames ?? 0);

    /// <summary>Gets whether the dead-man switch is armed at Kraken, as far as the client knows.</summary>
    public bool IsDeadManSwitchArmed => _deadManSwitch?.IsArmed ?? false;

    /// <summary>Gets how many of our orders rest, as seen on the executions channel and in acknowledgements.</summary>
    public int OpenOrderCount => _private?.OpenOrderCount ?? 0;

    /// <summary>Gets the instruments known from the <c>instrument</c> channel (loaded on connection).</summary>
    public IReadOnlyDictionary<InstrumentId, InstrumentSpec> Instruments => _public.Instruments;

    /// <summary>Gets the adapter's verified copy of a subscribed book, or <see langword="null"/>. Read it only from the receiving task's events.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The book.</returns>
    public OrderBook? GetBook(InstrumentId instrument) => _public.GetBook(instrument);

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("The Kraken WebSocket client is already started");
        }

        var started = new List<Task> { _publicConnection.StartAsync(cancellationToken) };
        if (_privateConnection is not null)
        {
            started.Add(_privateConnection.StartAsync(cancellationToken));
        }

        await Task.WhenAll(started).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>Disarms the dead-man switch, unless an earlier <see cref="StopAsync(bool, CancellationToken)"/> left it armed.</remarks>
    public Task StopAsync(CancellationToken cancellationToken = default) => StopAsync(!_leaveDeadManSwitchArmed, cancellationToken);

    /// <summary>Closes the connections, and turns the dead-man switch off at Kraken or leaves it to run out.</summary>
    /// <param name="disarmDeadManSwitch">
    /// Whether to turn the switch off. Leave it armed when orders of ours may still rest (a shutdown whose cancels
    /// could not all be confirmed): Kraken then cancels every order when its time-out passes.
    /// </param>
    /// <param name="cancellationToken">Cancels the stop.</param>
    /// <returns>Completes when the connections are closed.</returns>
    public async Task StopAsync(bool disarmDeadManSwitch, CancellationToken cancellationToken = default)
    {
        _leaveDeadManSwitchArmed = !disarmDeadManSwitch;
        if (_deadManSwitch is not null)
        {
            if (disarmDeadManSwitch)
            {
                await _deadManSwitch.DisarmAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // Stops refreshing only: the switch armed at Kraken runs out and cancels what rests.
                await _deadManSwitch.DisposeAsync().ConfigureAwait(false);
            }
        }

        var stopping = new List<Task> { _publicConnection.StopAsync(cancellationToken) };
        if (_privateConnection is not null)
        {
            stopping.Add(_privateConnection.StopAsync(cancellationToken));
        }

        await Task.WhenAll(stopping).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_deadManSwitch is not null)
        {
            await _deadManSwitch.DisposeAsync().ConfigureAwait(false);
        }

        await _publicConnection.DisposeAsync().ConfigureAwait(false);
        if (_privateConnection is not null)
        {
            await _privateConnection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Success(<see langword="false"/>) means registered while disconnected: subscribed when the connection opens.</remarks>
    public Task<VenueResult<bool>> SubscribeBookAsync(InstrumentId instrument, int depth, CancellationToken cancellationToken = default) =>
        _public.SubscribeBookAsync(instrument, depth, PublicState == ConnectionState.Connected, cancellationToken);

    /// <inheritdoc/>
    public Task<VenueResult<bool>> SubscribeTradesAsync(InstrumentId instrument, CancellationToken cancellationToken = default) =>
        _public.SubscribeTradesAsync(instrument, PublicState == ConnectionState.Connected, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Uses the <c>ticker</c> channel with <c>event_trigger: bbo</c>, so that every change of the best bid or ask is sent.</remarks>
    public Task<VenueResult<bool>> SubscribeTopOfBookAsync(InstrumentId instrument, CancellationToken cancellationToken = default) =>
        _public.SubscribeTopOfBookAsync(instrument, PublicState == ConnectionState.Connected, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// The authenticated connection always holds the <c>executions</c> and <c>balances</c> subscriptions (Kraken closes
    /// an authenticated connection without one), so this only confirms that it is up.
    /// </remarks>
    public Task<VenueResult<bool>> SubscribeUserStreamAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_privateConnection is null
            ? VenueResult<bool>.Failure(NoCredentials())
            : VenueResult<bool>.Success(PrivateState == ConnectionState.Connected));

    /// <inheritdoc/>
    public async ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_admission.Check(request) is { } problem)
        {
            return VenueResult<OrderAck>.Failure(problem);
        }

        if (!_admission.TryAdmit(request.Instrument, KrakenTradingAction.AddOrder, null, 1, out var refused))
        {
            return VenueResult<OrderAck>.Failure(refused);
        }

        var ack = await TradeAsync("add_order", (token, id) => KrakenWsRequestWriter.AddOrder(request, token, id), r => KrakenWsAckReaders.ReadOrderAck(r.Result, request.ClientOrderId), cancellationToken)
            .ConfigureAwait(false);
        _admission.OnAnswer(request.Instrument, KrakenTradingAction.AddOrder, null, 1, ack.Error);
        if (ack.IsSuccess && !request.ValidateOnly)
        {
            _admission.RememberOrderTime(request.Instrument, ack.Value.VenueOrderId, request.ClientOrderId);
            _private!.OnOrderPlaced(ack.Value.VenueOrderId);
        }

        return ack;
    }

    /// <inheritdoc/>
    public async ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (_admission.CheckBatch(requests) is { } problem)
        {
            return VenueResult<ImmutableArray<VenueResult<OrderAck>>>.Failure(problem);
        }

        if (!_admission.TryAdmit(requests[0].Instrument, KrakenTradingAction.BatchAdd, null, requests.Count, out var refused))
        {
            return VenueResult<ImmutableArray<VenueResult<OrderAck>>>.Failure(refused);
        }

        var acks = await TradeAsync("batch_add", (token, id) => KrakenWsRequestWriter.BatchAdd(requests, token, id), r => KrakenWsAckReaders.ReadBatchAdd(r.Result, [.. requests.Select(q => q.ClientOrderId)]), cancellationToken)
            .ConfigureAwait(false);
        _admission.OnAnswer(requests[0].Instrument, KrakenTradingAction.BatchAdd, null, requests.Count, acks.Error);
        if (acks.IsSuccess && !requests[0].ValidateOnly)
        {
            foreach (var ack in acks.Value.Where(a => a.IsSuccess).Select(a => a.Value!))
            {
                _admission.RememberOrderTime(requests[0].Instrument, ack.VenueOrderId, ack.ClientOrderId);
                _private!.OnOrderPlaced(ack.VenueOrderId);
            }
        }

        return acks;
    }

    /// <inheritdoc/>
    public async ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default)
    {
        if (KrakenOrderAdmission.CheckAmend(request) is { } problem)
        {
            return VenueResult<AmendAck>.Failure(problem);
        }

        if (!_admission.TryAdmit(request.Instrument, KrakenTradingAction.AmendOrder, request.Order, 1, out var refused))
        {
            return VenueResult<AmendAck>.Failure(refused);
        }

        var ack = await TradeAsync("amend_order", (token, id) => KrakenWsRequestWriter.AmendOrder(request, token, id),
            r => KrakenWsAckReaders.ReadAmend(r.Result), cancellationToken).ConfigureAwait(false);
        _admission.OnAnswer(request.Instrument, KrakenTradingAction.AmendOrder, request.Order, 1, ack.Error);
        if (ack.IsSuccess)
        {
            // Kraken counts an order's age from its last amend.
            _admission.RememberOrderTime(request.Instrument, request.Order.VenueOrderId, request.Order.ClientOrderId);
        }

        return ack;
    }

    /// <inheritdoc/>
    public async ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default)
    {
        if (KrakenOrderAdmission.CheckCancel(order) is { } problem)
        {
            return VenueResult<CancelAck>.Failure(problem);
        }

        if (await _admission.AdmitCancelAsync(instrument, KrakenTradingAction.CancelOrder, order, 1, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return VenueResult<CancelAck>.Failure(refused);
        }

        var answer = await TradeAsync("cancel_order", (token, id) => KrakenWsRequestWriter.CancelOrder(order, token, id), r => KrakenWsAckReaders.ReadCancelOrder(r.Result), cancellationToken)
            .ConfigureAwait(false);
        _admission.OnAnswer(instrument, KrakenTradingAction.CancelOrder, order, 1, answer.Error);
        return answer;
    }

    /// <summary>Cancels 2 to 50 orders in one request (<c>batch_cancel</c>), charged to the first order's pair.</summary>
    /// <param name="instrument">The pair charged for the trading counter.</param>
    /// <param name="orders">The orders.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>How many were canceled, a failure, or an unknown outcome.</returns>
    public async Task<VenueResult<CancelAck>> CancelOrdersAsync(InstrumentId instrument, IReadOnlyList<OrderReference> orders, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orders);
        if (orders.Count is < 2 or > 50 || orders.Any(o => !o.IsSet))
        {
            return VenueResult<CancelAck>.Failure(KrakenOrderAdmission.Invalid("A Kraken batch cancel names 2 to 50 orders"));
        }

        if (await _admission.AdmitCancelAsync(instrument, KrakenTradingAction.BatchCancel, orders[0], orders.Count, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return VenueResult<CancelAck>.Failure(refused);
        }

        var answer = await TradeAsync("batch_cancel", (token, id) => KrakenWsRequestWriter.BatchCancel(orders, token, id), KrakenWsAckReaders.ReadBatchCancel, cancellationToken)
            .ConfigureAwait(false);
        _admission.OnAnswer(instrument, KrakenTradingAction.BatchCancel, orders[0], orders.Count, answer.Error);
        return answer;
    }

    /// <inheritdoc/>
    public ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) =>
        new(TradeAsync("cancel_all", KrakenWsRequestWriter.CancelAll, r => KrakenWsAckReaders.ReadCancelAll(r.Result), cancellationToken));

    /// <inheritdoc/>
    public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (KrakenOrderAdmission.CheckDeadManSwitch(timeout) is { } problem)
        {
            return ValueTask.FromResult(VenueResult<DeadManSwitchStatus>.Failure(problem));
        }

        return new(TradeAsync(
            "cancel_all_orders_after",
            (token, id) => KrakenWsRequestWriter.CancelAllOrdersAfter((int)timeout.TotalSeconds, token, id),
            r => KrakenWsAckReaders.ReadDeadManSwitch(r.Result),
            cancellationToken));
    }

    private static ClientWebSocket CreateSocket(KrakenOptions options)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("User-Agent", options.UserAgent);
        return socket;
    }

    private static VenueError NoCredentials() => new(VenueErrorKind.AuthenticationFailed, IsTransient: false, null,
        "Kraken's authenticated WebSocket needs KRAKEN_API_KEY and KRAKEN_API_SECRET");

    private async Task<VenueResult<T>> TradeAsync<T>(string method, Func<string, long, byte[]> build, Func<KrakenWsResponse, T> read, CancellationToken cancellationToken)
    {
        if (_private is null)
        {
            return VenueResult<T>.Failure(NoCredentials());
        }

        if (_private.Token is not { } token)
        {
            return VenueResult<T>.Failure(VenueError.Transport($"Not sent: the Kraken authenticated connection is {PrivateState}") with { NotSent = true });
        }

        var id = _privateRequester.NextRequestId();
        var answer = await _privateRequester.SendAsync(id, build(token, id), _options.WebSocketRequestTimeout, changesVenueState: true, cancellationToken)
            .ConfigureAwait(false);
        if (answer.IsOutcomeUnknown)
        {
            Log.OrderOutcomeUnknown(_logger, method, id.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Error!);
            return answer.WithoutValue<T>();
        }

        if (!answer.IsSuccess)
        {
            return answer.WithoutValue<T>();
        }

        if (!answer.Value.Success)
        {
            var error = KrakenWsFrames.ToError(answer.Value);
            Log.WsRequestFailed(_logger, method, error);
            if (error.VenueCode?.StartsWith("ESession", StringComparison.Ordinal) == true)
            {
                // The token no longer works: a new connection re-authenticates with a new one.
                _privateConnection!.Reconnect($"{method}: {error.VenueCode}");
            }

            return VenueResult<T>.Failure(error);
        }

        try
        {
            return VenueResult<T>.Success(read(answer.Value));
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            // Kraken did answer success, so the request took effect, but the answer could not be read.
            var error = VenueError.MalformedResponse($"{method} succeeded but its answer could not be read: {exception.Message}");
            Log.OrderOutcomeUnknown(_logger, method, id.ToString(System.Globalization.CultureInfo.InvariantCulture), error);
            return VenueResult<T>.Unknown(error);
        }
    }
}
