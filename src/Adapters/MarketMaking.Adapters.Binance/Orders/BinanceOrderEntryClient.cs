using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// Binance order entry over REST for one market (spot, USD-M or COIN-M): place, cancel by venue or client order id,
/// and cancel-all per symbol, signed with an HMAC or Ed25519 key, behind <see cref="ISpotOrderEntry"/>; and the order queries
/// reconciliation reads (<see cref="IOrderQueries"/>).
/// </summary>
/// <remarks>
/// <para>Each signed request carries its parameters, <c>recvWindow</c> and <c>timestamp</c> (local time plus the
/// server-clock offset, <see cref="SynchronizeClockAsync"/>) and last <c>signature</c> in the query string
/// (<see cref="BinancePayload.Rest"/>), with the key in <c>X-MBX-APIKEY</c>. Post-only is <c>LIMIT_MAKER</c> on spot and
/// time in force <c>GTX</c> on futures; client order ids are sent as <c>newClientOrderId</c>.</para>
/// <para>A refusal is a failure with the venue's code (<see cref="BinanceErrors"/>); an answer Binance says it may or may not
/// have executed (<c>-1006</c>, <c>-1007</c>, a 5xx), a time-out or a dropped connection after sending leaves the outcome
/// <see cref="VenueOutcome.Unknown"/>: reconcile by client order id. A <c>-1021</c> (timestamp outside the window) was not
/// executed: the clock is read again and the request sent once more. Nothing is sent during a 429's or 418's wait.</para>
/// <para>Sources: <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api"/>,
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security"/>.</para>
/// </remarks>
public sealed class BinanceOrderEntryClient : IOrderQueries, IOrderEntryBudget, IDisposable
{
    private static readonly ImmutableArray<OrderType> s_orderTypes = [OrderType.Limit, OrderType.Market];
    private static readonly ImmutableArray<TimeInForce> s_timesInForce = [TimeInForce.GoodTillCanceled, TimeInForce.ImmediateOrCancel, TimeInForce.FillOrKill];

    private readonly BinanceTradingOptions _options;
    private readonly HttpClient _http;
    private readonly HttpClient? _ownedHttp;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IBinanceSigner _signer;
    private readonly Uri _baseUrl;
    private readonly ConcurrentDictionary<string, byte> _symbols = new(StringComparer.Ordinal);

    private readonly BinancePlacedOrders _placed = new();
    private readonly BinanceOrderRate _orderRate;
    private readonly VenueClock _clock;

    /// <summary>Initializes a client.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="timeProvider">The clock of timestamps and the 429 waits.</param>
    /// <param name="http">The pooled HTTP client (from <c>IHttpClientFactory</c>), or <see langword="null"/> for one of the client's own.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the message names each problem, never a secret.</exception>
    /// <exception cref="FormatException">The Ed25519 PEM cannot be read.</exception>
    public BinanceOrderEntryClient(BinanceTradingOptions options, TimeProvider timeProvider, HttpClient? http = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        BinanceTradingOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _timeProvider = timeProvider;
        _clock = new VenueClock(timeProvider);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BinanceOrderEntryClient>();
        _signer = BinanceSigners.Of(options);
        _ownedHttp = http is null ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) : null;
        _http = http ?? _ownedHttp!;
        _baseUrl = options.RestBaseUrl ?? BinanceVenue.RestBaseUrlOf(options.Market);
        RequestWeight = new BinanceRequestWeight(timeProvider);
        _orderRate = new BinanceOrderRate(options.Market, timeProvider, options.MaxRateLimitWait);
        Capabilities = options.Market == BinanceMarket.Spot
            ? new VenueCapabilities(s_orderTypes, s_timesInForce, VenueFeatures.AmendQuantityDown | VenueFeatures.CancelAll | VenueFeatures.ClientOrderIdAddressing)
            : new VenueCapabilities(s_orderTypes, s_timesInForce, VenueFeatures.Amend | VenueFeatures.BatchPlace | VenueFeatures.CancelAll | VenueFeatures.DeadManSwitch | VenueFeatures.ClientOrderIdAddressing) { MaxBatchSize = 5 };
        foreach (var symbol in options.Symbols)
        {
            _symbols.TryAdd(symbol, 0);
        }
    }

    /// <inheritdoc/>
    public VenueId Venue => BinanceVenue.IdOf(_options.Market);

    /// <inheritdoc/>
    /// <remarks>
    /// Limit and market orders; GTC, IOC and FOK; post-only; cancel-all; orders addressed by client order id. Futures add
    /// amend (<c>PUT order</c>: the order is queued again, Binance keeps no priority) and batches of 5 (<c>batchOrders</c>).
    /// </remarks>
    public VenueCapabilities Capabilities { get; }

    /// <summary>Gets the request weight and order counts the answers report, and any 429 or 418 wait.</summary>
    public BinanceRequestWeight RequestWeight { get; }

    /// <summary>
    /// Gets the order-count limits the client keeps under (each window and Binance's limit in it; nine tenths of each is
    /// sent at most): the market's documented defaults until <see cref="ReadOrderRateLimitsAsync"/> reads the venue's.
    /// </summary>
    public IReadOnlyList<(TimeSpan Window, int Limit)> OrderRateLimits => _orderRate.Limits;

    /// <inheritdoc/>
    /// <remarks>The account's order-count room in every window kept (<see cref="OrderRateLimits"/>), whatever the instrument: Binance counts orders per account.</remarks>
    public int NewOrderHeadroom(InstrumentId instrument) => _orderRate.Headroom;

    /// <summary>Gets the order-count pacing, shared with the WebSocket API's order entry (Binance counts both alike).</summary>
    internal BinanceOrderRate OrderRate => _orderRate;

    /// <summary>Gets the orders this client placed, shared with the WebSocket API's order entry so that either can amend them.</summary>
    internal BinancePlacedOrders Placed => _placed;

    /// <summary>Gets the server clock minus the local clock, as last measured.</summary>
    public TimeSpan ClockOffset => _clock.Offset;

    private string Prefix => _options.Market switch
    {
        BinanceMarket.UsdM => "/fapi/v1",
        BinanceMarket.CoinM => "/dapi/v1",
        _ => "/api/v3",
    };

    /// <summary>Measures the server-clock offset used for <c>timestamp</c> (<c>GET time</c>, at the request's midpoint).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The offset, server minus local, or the failure.</returns>
    public async Task<VenueResult<TimeSpan>> SynchronizeClockAsync(CancellationToken cancellationToken = default)
    {
        var sent = _timeProvider.GetUtcNow();
        var answer = await SendAsync(HttpMethod.Get, "time", null, signed: false, isOrderEntry: false, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return answer.WithoutValue<TimeSpan>();
        }

        using var document = JsonDocument.Parse(answer.Value);
        return VenueResult<TimeSpan>.Success(_clock.Record(sent, document.RootElement.GetProperty("serverTime").GetInt64()));
    }

    /// <summary>Reads the account's order-count limits from <c>exchangeInfo</c>'s <c>rateLimits</c> and keeps under them from now on.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The limits read (the defaults kept when the venue lists none), or the failure (the defaults kept).</returns>
    /// <remarks>Source: <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/general-endpoints"/> (exchange information).</remarks>
    public async Task<VenueResult<IReadOnlyList<(TimeSpan Window, int Limit)>>> ReadOrderRateLimitsAsync(CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Get, "exchangeInfo", null, signed: false, isOrderEntry: false, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return answer.WithoutValue<IReadOnlyList<(TimeSpan, int)>>();
        }

        try
        {
            using var document = JsonDocument.Parse(answer.Value);
            _orderRate.Use(BinanceOrderRate.Read(document.RootElement));
            return VenueResult<IReadOnlyList<(TimeSpan, int)>>.Success(_orderRate.Limits);
        }
        catch (JsonException exception)
        {
            return VenueResult<IReadOnlyList<(TimeSpan, int)>>.Failure(VenueError.MalformedResponse($"Binance exchangeInfo's rateLimits: {exception.Message}"));
        }
    }

    /// <inheritdoc/>
    public async ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BinanceOrderParameters.Problem(request, _options.Market) is { } problem)
        {
            return VenueResult<OrderAck>.Failure(problem);
        }

        _symbols.TryAdd(request.Instrument.Value, 0);
        if (await _orderRate.AdmitAsync(1, cancellationToken).ConfigureAwait(false) is { } overRate)
        {
            return VenueResult<OrderAck>.Failure(overRate);
        }

        var answer = await SendAsync(HttpMethod.Post, "order", BinanceOrderParameters.Place(request, _options.Market), signed: true, isOrderEntry: true, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            RefundIfNotSent(answer, 1);
            return answer.WithoutValue<OrderAck>();
        }

        using var document = JsonDocument.Parse(answer.Value);
        return VenueResult<OrderAck>.Success(_placed.Acknowledge(request, document.RootElement));
    }

    /// <inheritdoc/>
    /// <remarks>Futures only: up to 5 orders in one <c>batchOrders</c> request, each answered on its own.</remarks>
    public async ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (!Capabilities.Supports(VenueFeatures.BatchPlace))
        {
            return VenueResult<ImmutableArray<VenueResult<OrderAck>>>.Failure(NotSupported("spot batch orders"));
        }

        var problem = requests.Count is 0 or > 5
            ? $"A Binance batch holds 1 to 5 orders, not {requests.Count}"
            : requests.Select(r => r.Validate()).FirstOrDefault(p => p is not null);
        if (problem is not null)
        {
            return VenueResult<ImmutableArray<VenueResult<OrderAck>>>.Failure(new VenueError(VenueErrorKind.InvalidRequest, false, null, problem) { NotSent = true });
        }

        foreach (var request in requests)
        {
            _symbols.TryAdd(request.Instrument.Value, 0);
        }

        // Each order's parameters as a JSON object of strings, the list sent as one parameter.
        var batch = JsonSerializer.Serialize(requests.Select(r => BinanceOrderParameters.Place(r, _options.Market).ToDictionary(p => p.Key, p => p.Value)));
        if (await _orderRate.AdmitAsync(requests.Count, cancellationToken).ConfigureAwait(false) is { } overRate)
        {
            return VenueResult<ImmutableArray<VenueResult<OrderAck>>>.Failure(overRate);
        }

        var answer = await SendAsync(HttpMethod.Post, "batchOrders", [new("batchOrders", batch)], signed: true, isOrderEntry: true, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            RefundIfNotSent(answer, requests.Count);
            return answer.WithoutValue<ImmutableArray<VenueResult<OrderAck>>>();
        }

        using var document = JsonDocument.Parse(answer.Value);
        var results = document.RootElement.EnumerateArray().Select((item, i) => item.TryGetProperty("orderId", out _)
            ? VenueResult<OrderAck>.Success(_placed.Acknowledge(requests[i], item))
            : VenueResult<OrderAck>.Failure(BinanceErrors.Map(item.GetProperty("code").GetInt32(), item.TryGetProperty("msg", out var msg) ? msg.GetString() : null)));
        return VenueResult<ImmutableArray<VenueResult<OrderAck>>>.Success([.. results]);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Futures (<c>PUT order</c>), for an order this client placed: Binance needs its side, quantity and price, the ones
    /// not changed taken from what was placed; the order loses its place in the queue. Spot
    /// (<see cref="VenueFeatures.AmendQuantityDown"/>): the keep-priority amend (<c>PUT order/amend/keepPriority</c>,
    /// weight 4, no order counted), a smaller quantity alone, the order keeping its ids and its place; a new price or a
    /// larger quantity is refused (unsent, or by Binance with <c>-2038</c>). Source:
    /// <see href="https://developers.binance.com/docs/binance-spot-api-docs/faqs/order_amend_keep_priority"/>.
    /// </remarks>
    public async ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default)
    {
        if (_options.Market == BinanceMarket.Spot)
        {
            return await AmendKeepingPriorityAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (!_placed.TryFind(request.Order, out var clientOrderId, out var placed))
        {
            return VenueResult<AmendAck>.Failure(BinanceOrderParameters.AmendOfAnotherOrder());
        }

        if (await _orderRate.AdmitAsync(1, cancellationToken).ConfigureAwait(false) is { } overRate)
        {
            return VenueResult<AmendAck>.Failure(overRate);
        }

        var answer = await SendAsync(HttpMethod.Put, "order", BinanceOrderParameters.Amend(request, clientOrderId, placed), signed: true, isOrderEntry: true, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            RefundIfNotSent(answer, 1);
            return answer.WithoutValue<AmendAck>();
        }

        _placed.Amended(clientOrderId, placed with { Quantity = request.NewQuantity ?? placed.Quantity, Price = request.NewLimitPrice ?? placed.Price });
        using var document = JsonDocument.Parse(answer.Value);
        return VenueResult<AmendAck>.Success(new AmendAck(document.RootElement.GetProperty("orderId").GetInt64().ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Spot's keep-priority amend over REST: the amended order's execution id as the ack.</summary>
    private async ValueTask<VenueResult<AmendAck>> AmendKeepingPriorityAsync(AmendRequest request, CancellationToken cancellationToken)
    {
        var clientOrderId = KeptClientOrderId(request);
        if (BinanceOrderParameters.KeepPriorityProblem(request, clientOrderId) is { } problem)
        {
            return VenueResult<AmendAck>.Failure(problem);
        }

        var answer = await SendAsync(HttpMethod.Put, "order/amend/keepPriority", BinanceOrderParameters.AmendKeepPriority(request, clientOrderId!), signed: true, isOrderEntry: true, cancellationToken).ConfigureAwait(false);
        return answer.IsSuccess ? VenueResult<AmendAck>.Success(KeptPriority(request, clientOrderId!, answer.Value)) : answer.WithoutValue<AmendAck>();
    }

    /// <summary>The client order id a spot amend keeps: the request's, else the one this client placed the order with.</summary>
    internal string? KeptClientOrderId(AmendRequest request) =>
        request.Order.ClientOrderId?.Value ?? (_placed.TryFind(request.Order, out var clientOrderId, out _) ? clientOrderId : null);

    /// <summary>Reads a keep-priority amend's answer (<c>{"executionId","amendedOrder"}</c>) and records the new quantity of an order this client placed.</summary>
    internal AmendAck KeptPriority(AmendRequest request, string clientOrderId, byte[] answer)
    {
        if (_placed.TryFind(request.Order, out _, out var placed))
        {
            _placed.Amended(clientOrderId, placed with { Quantity = request.NewQuantity!.Value });
        }

        using var document = JsonDocument.Parse(answer);
        return new AmendAck(document.RootElement.GetProperty("executionId").GetInt64().ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc/>
    /// <remarks>By <c>orderId</c> when the venue order id is known, else by <c>origClientOrderId</c>.</remarks>
    public async ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default)
    {
        if (BinanceOrderParameters.Cancel(instrument, order) is not { } parameters)
        {
            return VenueResult<CancelAck>.Failure(BinanceOrderParameters.UnnamedOrder());
        }

        var answer = await SendAsync(HttpMethod.Delete, "order", parameters, signed: true, isOrderEntry: true, cancellationToken).ConfigureAwait(false);
        return answer.IsSuccess ? VenueResult<CancelAck>.Success(new CancelAck(1)) : answer.WithoutValue<CancelAck>();
    }

    /// <inheritdoc/>
    /// <remarks>One request per symbol ordered on or configured (<c>DELETE openOrders</c> on spot, <c>allOpenOrders</c> on futures); the count is of spot's answers (futures do not list what they canceled).</remarks>
    public async ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var symbol in _symbols.Keys.Order(StringComparer.Ordinal))
        {
            var path = _options.Market == BinanceMarket.Spot ? "openOrders" : "allOpenOrders";
            var answer = await SendAsync(HttpMethod.Delete, path, [new("symbol", symbol)], signed: true, isOrderEntry: true, cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccess)
            {
                // Spot answers -2011 when the symbol has no open order: nothing to cancel there.
                if (answer.Error!.Kind == VenueErrorKind.UnknownOrder)
                {
                    continue;
                }

                return answer.WithoutValue<CancelAck>();
            }

            using var document = JsonDocument.Parse(answer.Value);
            count += document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.GetArrayLength() : 0;
        }

        return VenueResult<CancelAck>.Success(new CancelAck(count));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Futures only: <c>POST countdownCancelAll</c> (weight 10) for each symbol ordered on or configured, so that Binance
    /// cancels every open order of the symbol when the countdown ends; <see cref="TimeSpan.Zero"/> turns it off. Call it
    /// again well before the end (Binance's example: every 30 s with 120 s). Spot has no such switch: not supported.
    /// The first refusal fails the call (the symbols before it are armed).
    /// Source: <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Auto-Cancel-All-Open-Orders"/>.
    /// </remarks>
    public async ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (_options.Market == BinanceMarket.Spot)
        {
            return VenueResult<DeadManSwitchStatus>.Failure(NotSupported("the dead-man switch"));
        }

        var milliseconds = (long)Math.Max(0, timeout.TotalMilliseconds);
        foreach (var symbol in _symbols.Keys.Order(StringComparer.Ordinal))
        {
            var answer = await SendAsync(HttpMethod.Post, "countdownCancelAll", [new("symbol", symbol), new("countdownTime", milliseconds.ToString(CultureInfo.InvariantCulture))], signed: true, isOrderEntry: false, cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccess)
            {
                return answer.WithoutValue<DeadManSwitchStatus>();
            }
        }

        var now = _timeProvider.GetUnixNanoseconds();
        return VenueResult<DeadManSwitchStatus>.Success(new DeadManSwitchStatus(now, milliseconds == 0 ? 0 : now + (milliseconds * 1_000_000)));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <c>GET openOrders</c> for each symbol ordered on or configured (Binance's call without a symbol costs 40 to 80
    /// weight); the first refusal fails the whole read, so that reconciliation never takes a partial list for the whole.
    /// </remarks>
    public async Task<VenueResult<ImmutableArray<VenueOrder>>> GetOpenOrdersAsync(CancellationToken cancellationToken = default)
    {
        var open = ImmutableArray.CreateBuilder<VenueOrder>();
        foreach (var symbol in _symbols.Keys.Order(StringComparer.Ordinal))
        {
            var answer = await SendAsync(HttpMethod.Get, "openOrders", [new("symbol", symbol)], signed: true, isOrderEntry: false, cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccess)
            {
                return answer.WithoutValue<ImmutableArray<VenueOrder>>();
            }

            using var document = JsonDocument.Parse(answer.Value);
            open.AddRange(document.RootElement.EnumerateArray().Select(BinanceOrderReader.Read));
        }

        return VenueResult<ImmutableArray<VenueOrder>>.Success(open.ToImmutable());
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <c>GET order</c> needs the symbol: an order this client placed is asked for on its own; any other (one placed
    /// before a restart) on each symbol in turn until one knows it. An order no symbol knows (<c>-2013</c>) is left out.
    /// </remarks>
    public async Task<VenueResult<ImmutableArray<VenueOrder>>> QueryOrdersAsync(IReadOnlyList<VenueOrderId> orders, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var found = ImmutableArray.CreateBuilder<VenueOrder>();
        foreach (var order in orders)
        {
            var symbols = _placed.SymbolOf(order) is { } placedOn ? [placedOn] : _symbols.Keys.Order(StringComparer.Ordinal).ToArray();
            foreach (var symbol in symbols)
            {
                var answer = await SendAsync(HttpMethod.Get, "order", [new("symbol", symbol), new("orderId", order.Value)], signed: true, isOrderEntry: false, cancellationToken).ConfigureAwait(false);
                if (answer.IsSuccess)
                {
                    using var document = JsonDocument.Parse(answer.Value);
                    found.Add(BinanceOrderReader.Read(document.RootElement));
                    break;
                }

                if (answer.Error!.Kind != VenueErrorKind.UnknownOrder)
                {
                    return answer.WithoutValue<ImmutableArray<VenueOrder>>();
                }
            }
        }

        return VenueResult<ImmutableArray<VenueOrder>>.Success(found.ToImmutable());
    }

    /// <inheritdoc/>
    public void Dispose() => _ownedHttp?.Dispose();

    /// <summary>Adds a symbol to those cancel-all and the open-order reads cover (an order placed on it another way, such as the WebSocket).</summary>
    internal void Cover(InstrumentId instrument) => _symbols.TryAdd(instrument.Value, 0);

    /// <summary>Sends a signed account request (not order entry: a failure, never an unknown outcome) on a full path such as <c>/fapi/v1/leverage</c>.</summary>
    internal Task<VenueResult<byte[]>> SendSignedAsync(HttpMethod method, string path, List<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken) =>
        SendPathAsync(method, path, parameters, signed: true, isOrderEntry: false, cancellationToken);

    /// <summary>Sends a USER_STREAM request: the API key, no signature (the futures listen key).</summary>
    internal Task<VenueResult<byte[]>> SendKeyedAsync(HttpMethod method, string endpoint, CancellationToken cancellationToken) =>
        SendOnceAsync(method, $"{Prefix}/{endpoint}", null, signed: false, isOrderEntry: false, cancellationToken, keyed: true);

    /// <summary>Takes back the orders counted for a request that never left (refused here, as in a 429's wait).</summary>
    internal void RefundIfNotSent<T>(VenueResult<T> answer, int orders)
    {
        if (answer.Error is { NotSent: true })
        {
            _orderRate.Refund(orders);
        }
    }

    private static VenueError NotSupported(string what) =>
        new(VenueErrorKind.NotSupported, false, null, $"Binance {what} is not supported by this adapter yet") { NotSent = true };

    private Task<VenueResult<byte[]>> SendAsync(
        HttpMethod method, string endpoint, List<KeyValuePair<string, string>>? parameters, bool signed, bool isOrderEntry, CancellationToken cancellationToken) =>
        SendPathAsync(method, $"{Prefix}/{endpoint}", parameters, signed, isOrderEntry, cancellationToken);

    private async Task<VenueResult<byte[]>> SendPathAsync(
        HttpMethod method, string path, List<KeyValuePair<string, string>>? parameters, bool signed, bool isOrderEntry, CancellationToken cancellationToken)
    {
        var result = await SendOnceAsync(method, path, parameters, signed, isOrderEntry, cancellationToken).ConfigureAwait(false);
        if (signed && !result.IsSuccess && result.Error!.Kind == VenueErrorKind.InvalidNonce)
        {
            // -1021: the timestamp fell outside the window, so Binance did not execute it; read the clock and send again.
            var clock = await SynchronizeClockAsync(cancellationToken).ConfigureAwait(false);
            if (clock.IsSuccess)
            {
                result = await SendOnceAsync(method, path, parameters, signed, isOrderEntry, cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    private async Task<VenueResult<byte[]>> SendOnceAsync(
        HttpMethod method, string path, List<KeyValuePair<string, string>>? parameters, bool signed, bool isOrderEntry, CancellationToken cancellationToken, bool keyed = false)
    {
        var query = parameters is null ? [] : new List<KeyValuePair<string, string>>(parameters);
        if (signed)
        {
            var now = _clock.NowMilliseconds;
            query.Add(new("recvWindow", _options.RecvWindowMilliseconds.ToString(CultureInfo.InvariantCulture)));
            query.Add(new("timestamp", now.ToString(CultureInfo.InvariantCulture)));
        }

        var payload = BinancePayload.Rest(query);
        if (signed)
        {
            payload = $"{payload}&signature={Uri.EscapeDataString(_signer.Sign(payload))}";
        }

        using var message = new HttpRequestMessage(method, new Uri(_baseUrl, payload.Length == 0 ? path : $"{path}?{payload}"));
        if (signed || keyed)
        {
            message.Headers.Add("X-MBX-APIKEY", _options.ApiKey);
        }

        return await BinanceHttpExchange.SendAsync(_http, message, path, RequestWeight, _options.RequestTimeout, isOrderEntry, _logger, cancellationToken).ConfigureAwait(false);
    }
}
