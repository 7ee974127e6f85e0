using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// MEXC Spot v3 REST: market data, account reads, order entry and the user-data-stream listen key, behind <see cref="ISpotRest"/>.
/// </summary>
/// <remarks>
/// <para>Protocol: <see href="https://www.mexc.com/api-docs/spot-v3/introduction"/> and the pages beside it; notes in
/// <c>docs/protocol/mexc.md</c>. Signed calls carry every parameter, <c>recvWindow</c>, <c>timestamp</c> (local time plus
/// the server-clock offset, see <see cref="SynchronizeClockAsync"/>) and last <c>signature</c> in the query string, with an
/// empty body (<see cref="MexcSpotSigner"/>).</para>
/// <para>Three endpoint classes, each with its own pipeline, circuit breaker and rate limiter, all configurable because
/// MEXC's published figures disagree: public calls (request weight per 10 s per IP), signed reads (weight per 10 s per
/// account), order entry (requests per second per account). A 429 or 418 answer carries MEXC's <c>Retry-After</c>.</para>
/// <para>Order entry is retried only when MEXC answered that it did not execute the request (rate limited, or a
/// timestamp outside <c>recvWindow</c>, after re-reading the server clock). A 5xx, a timeout or a dropped connection
/// after sending leaves the outcome <see cref="VenueOutcome.Unknown"/>: reconcile by client order id.</para>
/// <para>MEXC scopes open orders and cancel-all by symbol: the client uses <see cref="MexcSpotOptions.Symbols"/> plus every
/// symbol it has placed an order on.</para>
/// </remarks>
public sealed class MexcSpotRestClient : ISpotRest, IOrderEntryBudget, IFillHistory
{
    private const string PublicClass = "public";
    private const string PrivateClass = "private";
    private const string TradingClass = "trading";
    private const int CancelAllSymbolsPerCall = 5;

    private readonly HttpClient _httpClient;
    private readonly MexcSpotOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly MexcSpotSigner? _signer;
    private readonly DecayingCounterRateLimiter _publicLimiter;
    private readonly DecayingCounterRateLimiter _signedLimiter;
    private readonly DecayingCounterRateLimiter _orderLimiter;
    private readonly ResiliencePipeline<VenueResult<JsonElement>> _publicPipeline;
    private readonly ResiliencePipeline<VenueResult<JsonElement>> _privatePipeline;
    private readonly ResiliencePipeline<VenueResult<JsonElement>> _tradingPipeline;
    private readonly ConcurrentDictionary<string, VenueHealth> _health = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _symbols = new(StringComparer.Ordinal);
    private readonly VenueClock _clock;
    private ImmutableDictionary<InstrumentId, MexcSymbol> _listed = ImmutableDictionary<InstrumentId, MexcSymbol>.Empty;
    private int _clockSynchronized;

    /// <summary>Initializes a client.</summary>
    /// <param name="httpClient">The HTTP client (from <c>IHttpClientFactory</c>, for pooled connections); its base address is ignored.</param>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public MexcSpotRestClient(HttpClient httpClient, MexcSpotOptions options, TimeProvider timeProvider, ILogger<MexcSpotRestClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        MexcSpotOptionsValidator.ThrowIfInvalid(options);
        _httpClient = httpClient;
        _options = options;
        _timeProvider = timeProvider;
        _clock = new VenueClock(timeProvider);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _signer = options.HasCredentials ? new MexcSpotSigner(options.ApiSecret!) : null;
        foreach (var symbol in options.Symbols)
        {
            _symbols.TryAdd(symbol, 0);
        }

        _publicLimiter = Limiter(options.PublicWeightPer10Seconds, options.PublicWeightPer10Seconds / 10.0);
        _signedLimiter = Limiter(options.SignedWeightPer10Seconds, options.SignedWeightPer10Seconds / 10.0);
        _orderLimiter = Limiter(options.OrderRequestsPerSecond, options.OrderRequestsPerSecond);
        _publicPipeline = CreatePipeline(PublicClass, options.PublicPipeline, static error => error.IsTransient);
        _privatePipeline = CreatePipeline(PrivateClass, options.PrivatePipeline, static error => error.IsTransient);
        _tradingPipeline = CreatePipeline(TradingClass, options.TradingPipeline, static error => error.Kind is VenueErrorKind.InvalidNonce or VenueErrorKind.RateLimited);
    }

    /// <summary>Raised when an endpoint class's circuit breaker changes state.</summary>
    public event EventHandler<VenueHealthChangedEventArgs>? HealthChanged;

    /// <inheritdoc/>
    public VenueId Venue => MexcVenue.SpotId;

    /// <inheritdoc/>
    public VenueCapabilities Capabilities => MexcVenue.SpotCapabilities;

    /// <summary>Gets the server clock minus the local clock, as last measured by <see cref="SynchronizeClockAsync"/>.</summary>
    public TimeSpan ClockOffset => _clock.Offset;

    /// <summary>Gets the symbols open orders and cancel-all cover: the configured ones and every one ordered on.</summary>
    public IReadOnlyCollection<string> Symbols => [.. _symbols.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Gets the symbols the last <see cref="GetSymbolsAsync"/> read (empty before it), so that other parts need not call exchangeInfo again.</summary>
    public IReadOnlyDictionary<InstrumentId, MexcSymbol> ListedSymbols => Volatile.Read(ref _listed);

    /// <summary>Gets the order-entry rate limiter's counter (requests; it drains at <see cref="MexcSpotOptions.OrderRequestsPerSecond"/>).</summary>
    public DecayingCounter OrderCounter => _orderLimiter.Counter;

    /// <inheritdoc/>
    public int NewOrderHeadroom(InstrumentId instrument) => (int)Math.Floor(_orderLimiter.Counter.Remaining);

    /// <summary>Gets an endpoint class's health: <c>public</c>, <c>private</c> or <c>trading</c>.</summary>
    /// <param name="endpointClass">The endpoint class.</param>
    /// <returns>The health; <see cref="VenueHealth.Healthy"/> until a breaker opens.</returns>
    public VenueHealth Health(string endpointClass) => _health.GetValueOrDefault(endpointClass, VenueHealth.Healthy);

    /// <inheritdoc/>
    public async Task<VenueResult<long>> GetServerTimeAsync(CancellationToken cancellationToken = default) =>
        Map(await PublicAsync("/api/v3/time", [], 1, cancellationToken).ConfigureAwait(false), MexcRestReaders.ReadServerTime);

    /// <summary>Measures the server-clock offset used for <c>timestamp</c> (MEXC refuses a request more than 1 s ahead of its clock).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The offset (server minus local, at the request's midpoint), or the failure.</returns>
    public async Task<VenueResult<TimeSpan>> SynchronizeClockAsync(CancellationToken cancellationToken = default)
    {
        var sent = _timeProvider.GetUtcNow();
        var server = await GetServerTimeAsync(cancellationToken).ConfigureAwait(false);
        if (!server.IsSuccess)
        {
            return server.WithoutValue<TimeSpan>();
        }

        var offset = _clock.Record(sent, server.Value / 1_000_000);
        Volatile.Write(ref _clockSynchronized, 1);
        Log.ClockSynchronized(_logger, (long)offset.TotalMilliseconds);
        return VenueResult<TimeSpan>.Success(offset);
    }

    /// <summary>Gets every symbol with MEXC's rules (<c>GET /api/v3/exchangeInfo</c>, weight 10).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The symbols; those that could not be read are left out.</returns>
    public async Task<VenueResult<ImmutableArray<MexcSymbol>>> GetSymbolsAsync(CancellationToken cancellationToken = default)
    {
        var result = await PublicAsync("/api/v3/exchangeInfo", [], 10, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return result.WithoutValue<ImmutableArray<MexcSymbol>>();
        }

        try
        {
            ImmutableArray<MexcSymbol> listed = [.. MexcExchangeInfoReader.Read(result.Value)];
            Volatile.Write(ref _listed, listed.ToImmutableDictionary(symbol => symbol.Spec.Instrument));
            return VenueResult<ImmutableArray<MexcSymbol>>.Success(listed);
        }
        catch (JsonException exception)
        {
            return VenueResult<ImmutableArray<MexcSymbol>>.Failure(VenueError.MalformedResponse($"MEXC exchangeInfo: {exception.Message}"));
        }
    }

    /// <inheritdoc/>
    public async Task<VenueResult<ImmutableArray<InstrumentSpec>>> GetInstrumentsAsync(CancellationToken cancellationToken = default)
    {
        var symbols = await GetSymbolsAsync(cancellationToken).ConfigureAwait(false);
        return symbols.IsSuccess
            ? VenueResult<ImmutableArray<InstrumentSpec>>.Success([.. symbols.Value.Select(s => s.Spec)])
            : symbols.WithoutValue<ImmutableArray<InstrumentSpec>>();
    }

    /// <inheritdoc/>
    public async Task<VenueResult<BookSnapshot>> GetBookAsync(InstrumentId instrument, int depth, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, 5000);
        var result = await PublicAsync("/api/v3/depth", [new("symbol", instrument.Value), new("limit", Number(depth))], 1, cancellationToken).ConfigureAwait(false);
        return Map(result, r => MexcRestReaders.ReadDepth(r, Venue, instrument, _timeProvider.GetUnixNanoseconds()));
    }

    /// <inheritdoc/>
    public async Task<VenueResult<Ticker>> GetTickerAsync(InstrumentId instrument, CancellationToken cancellationToken = default) =>
        Map(await PublicAsync("/api/v3/ticker/24hr", [new("symbol", instrument.Value)], 1, cancellationToken).ConfigureAwait(false), r => MexcRestReaders.ReadTicker(r, instrument));

    /// <summary>Gets an instrument's best bid and ask (<c>GET /api/v3/ticker/bookTicker</c>, weight 1).</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The top of book.</returns>
    public async Task<VenueResult<TopOfBook>> GetTopOfBookAsync(InstrumentId instrument, CancellationToken cancellationToken = default) =>
        Map(await PublicAsync("/api/v3/ticker/bookTicker", [new("symbol", instrument.Value)], 1, cancellationToken).ConfigureAwait(false),
            r => MexcRestReaders.ReadBookTicker(r, Venue, _timeProvider.GetUnixNanoseconds()));

    /// <inheritdoc/>
    /// <remarks><c>GET /api/v3/myTrades</c>, weight 10, at most 100 fills, one month back at most.</remarks>
    public async Task<VenueResult<ImmutableArray<FillEvent>>> GetFillsAsync(InstrumentId instrument, long? sinceNanoseconds = null, CancellationToken cancellationToken = default)
    {
        List<KeyValuePair<string, string>> parameters = [new("symbol", instrument.Value), new("limit", "100")];
        if (sinceNanoseconds is { } since)
        {
            parameters.Add(new("startTime", Number(since / 1_000_000)));
        }

        return Map(await SignedAsync(HttpMethod.Get, "/api/v3/myTrades", parameters, 10, cancellationToken).ConfigureAwait(false),
            r => MexcRestReaders.ReadMyTrades(r, Venue, _timeProvider.GetUnixNanoseconds()));
    }

    /// <inheritdoc/>
    public async Task<VenueResult<ImmutableArray<AssetBalance>>> GetBalancesAsync(CancellationToken cancellationToken = default) =>
        Map(await SignedAsync(HttpMethod.Get, "/api/v3/account", [], 10, cancellationToken).ConfigureAwait(false), MexcRestReaders.ReadBalances);

    /// <inheritdoc/>
    /// <remarks>Reads <c>GET /api/v3/openOrders</c> for each of <see cref="Symbols"/> (without a symbol when none is known).</remarks>
    public async Task<VenueResult<ImmutableArray<VenueOrder>>> GetOpenOrdersAsync(CancellationToken cancellationToken = default)
    {
        var symbols = Symbols;
        if (symbols.Count == 0)
        {
            return Map(await SignedAsync(HttpMethod.Get, "/api/v3/openOrders", [], 3, cancellationToken).ConfigureAwait(false), MexcRestReaders.ReadOrders);
        }

        var orders = ImmutableArray.CreateBuilder<VenueOrder>();
        foreach (var symbol in symbols)
        {
            var result = Map(await SignedAsync(HttpMethod.Get, "/api/v3/openOrders", [new("symbol", symbol)], 3, cancellationToken).ConfigureAwait(false), MexcRestReaders.ReadOrders);
            if (!result.IsSuccess)
            {
                return result;
            }

            orders.AddRange(result.Value);
        }

        return VenueResult<ImmutableArray<VenueOrder>>.Success(orders.ToImmutable());
    }

    /// <inheritdoc/>
    /// <remarks>MEXC queries an order by symbol and id: each id is looked up on each of <see cref="Symbols"/> until found; ids found nowhere are left out.</remarks>
    public async Task<VenueResult<ImmutableArray<VenueOrder>>> QueryOrdersAsync(IReadOnlyList<VenueOrderId> orders, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var found = ImmutableArray.CreateBuilder<VenueOrder>();
        var symbols = Symbols;
        foreach (var order in orders)
        {
            foreach (var symbol in symbols)
            {
                var result = Map(
                    await SignedAsync(HttpMethod.Get, "/api/v3/order", [new("symbol", symbol), new("orderId", order.Value)], 2, cancellationToken).ConfigureAwait(false),
                    MexcRestReaders.ReadOrder);
                if (result.IsSuccess)
                {
                    found.Add(result.Value);
                    break;
                }

                if (result.Error!.Kind is not (VenueErrorKind.UnknownOrder or VenueErrorKind.InvalidRequest))
                {
                    return result.WithoutValue<ImmutableArray<VenueOrder>>();
                }
            }
        }

        return VenueResult<ImmutableArray<VenueOrder>>.Success(found.ToImmutable());
    }

    /// <inheritdoc/>
    public async ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Check(request) is { } problem)
        {
            return VenueResult<OrderAck>.Failure(problem);
        }

        _symbols.TryAdd(request.Instrument.Value, 0);
        var path = request.ValidateOnly ? "/api/v3/order/test" : "/api/v3/order";
        var result = await TradingAsync(HttpMethod.Post, path, [.. OrderFields(request)], request.ClientOrderId, cancellationToken).ConfigureAwait(false);

        // The test endpoint answers {} : the order was valid and nothing was placed.
        return request.ValidateOnly
            ? Map(result, _ => VenueResult<OrderAck>.Success(new OrderAck(null, request.ClientOrderId) { Description = "validated, not placed" }))
            : Map(result, r => MexcRestReaders.ReadNewOrder(r, request.ClientOrderId));
    }

    /// <inheritdoc/>
    /// <remarks><c>POST /api/v3/batchOrders</c>: at most 20 orders on one symbol; a failed order comes back as its own failure inside MEXC's HTTP 200.</remarks>
    public async ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var problem = requests.Count switch
        {
            0 => new VenueError(VenueErrorKind.InvalidRequest, false, null, "A batch needs at least one order"),
            > 20 => new VenueError(VenueErrorKind.InvalidRequest, false, null, $"MEXC takes at most 20 orders per batch, not {requests.Count}"),
            _ when requests.Any(r => r.Instrument != requests[0].Instrument) => new VenueError(VenueErrorKind.InvalidRequest, false, null, "A MEXC batch must be on one symbol"),
            _ when requests.Any(r => r.ValidateOnly) => new VenueError(VenueErrorKind.NotSupported, false, null, "MEXC has no validate-only batch"),
            _ => requests.Select(Check).FirstOrDefault(p => p is not null),
        };
        if (problem is not null)
        {
            // Refused before anything was sent.
            return VenueResult<ImmutableArray<VenueResult<OrderAck>>>.Failure(problem with { NotSent = true });
        }

        _symbols.TryAdd(requests[0].Instrument.Value, 0);
        var json = JsonSerializer.Serialize(requests.Select(r => OrderFields(r).ToDictionary(f => f.Key, f => f.Value)));
        var result = await TradingAsync(HttpMethod.Post, "/api/v3/batchOrders", [new("batchOrders", json)], requests[0].ClientOrderId, cancellationToken).ConfigureAwait(false);
        var ids = requests.Select(r => r.ClientOrderId).ToArray();
        return Map(result, r => MexcRestReaders.ReadBatch(r, ids));
    }

    /// <inheritdoc/>
    /// <returns>Always <see cref="VenueErrorKind.NotSupported"/>: MEXC Spot has no amend (cancel and place again).</returns>
    public ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(VenueResult<AmendAck>.Failure(new VenueError(VenueErrorKind.NotSupported, false, null, "MEXC Spot cannot amend an order; cancel it and place a new one") { NotSent = true }));

    /// <inheritdoc/>
    public async ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default)
    {
        if (!order.IsSet)
        {
            return VenueResult<CancelAck>.Failure(new VenueError(VenueErrorKind.InvalidRequest, false, null, "A cancel needs a venue or client order id"));
        }

        var id = order.VenueOrderId is { Value: { } venueId } ? new KeyValuePair<string, string>("orderId", venueId) : new("origClientOrderId", order.ClientOrderId!.Value.Value);
        var result = await TradingAsync(HttpMethod.Delete, "/api/v3/order", [new("symbol", instrument.Value), id], order.ClientOrderId ?? default, cancellationToken).ConfigureAwait(false);
        return Map(result, _ => VenueResult<CancelAck>.Success(new CancelAck(1)));
    }

    /// <inheritdoc/>
    /// <remarks><c>DELETE /api/v3/openOrders</c> on up to 5 of <see cref="Symbols"/> per call; with none known it fails without calling.</remarks>
    public async ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default)
    {
        var symbols = Symbols;
        if (symbols.Count == 0)
        {
            return VenueResult<CancelAck>.Failure(new VenueError(VenueErrorKind.InvalidRequest, false, null,
                "MEXC cancels all orders per symbol and no symbol is known; set MexcSpot:Symbols"));
        }

        var canceled = 0;
        foreach (var chunk in symbols.Chunk(CancelAllSymbolsPerCall))
        {
            var result = await TradingAsync(HttpMethod.Delete, "/api/v3/openOrders", [new("symbol", string.Join(',', chunk))], default, cancellationToken).ConfigureAwait(false);
            if (result.IsSuccess)
            {
                canceled += result.Value.ValueKind == JsonValueKind.Array ? result.Value.GetArrayLength() : 0;
            }
            else if (result.Error!.Kind != VenueErrorKind.UnknownOrder)
            {
                // Nothing open on a symbol is not a failure.
                return result.WithoutValue<CancelAck>();
            }
        }

        return VenueResult<CancelAck>.Success(new CancelAck(canceled));
    }

    /// <inheritdoc/>
    /// <returns>Always <see cref="VenueErrorKind.NotSupported"/>: MEXC Spot has no dead-man switch.</returns>
    public ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(VenueResult<DeadManSwitchStatus>.Failure(new VenueError(VenueErrorKind.NotSupported, false, null, "MEXC Spot has no dead-man switch") { NotSent = true }));

    /// <summary>Creates a user-data-stream listen key (<c>POST /api/v3/userDataStream</c>); it lives 60 min unless kept alive.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key.</returns>
    public async Task<VenueResult<string>> CreateListenKeyAsync(CancellationToken cancellationToken = default) =>
        Map(await SignedAsync(HttpMethod.Post, "/api/v3/userDataStream", [], 1, cancellationToken).ConfigureAwait(false), MexcRestReaders.ReadListenKey);

    /// <summary>Extends a listen key to 60 min from now (<c>PUT /api/v3/userDataStream</c>).</summary>
    /// <param name="listenKey">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key, or the failure (an expired key fails: create a new one).</returns>
    public async Task<VenueResult<string>> KeepAliveListenKeyAsync(string listenKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(listenKey);
        return Map(await SignedAsync(HttpMethod.Put, "/api/v3/userDataStream", [new("listenKey", listenKey)], 1, cancellationToken).ConfigureAwait(false), MexcRestReaders.ReadListenKey);
    }

    /// <summary>Closes a listen key (<c>DELETE /api/v3/userDataStream</c>).</summary>
    /// <param name="listenKey">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key closed, or the failure.</returns>
    public async Task<VenueResult<string>> DeleteListenKeyAsync(string listenKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(listenKey);
        return Map(await SignedAsync(HttpMethod.Delete, "/api/v3/userDataStream", [new("listenKey", listenKey)], 1, cancellationToken).ConfigureAwait(false), MexcRestReaders.ReadListenKey);
    }

    private static VenueResult<T> Map<T>(VenueResult<JsonElement> result, Func<JsonElement, VenueResult<T>> read) =>
        result.IsSuccess ? read(result.Value) : result.WithoutValue<T>();

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static VenueError? Check(OrderRequest request)
    {
        var problem = request.Validate() ?? MexcVenue.SpotCapabilities.Check(request) ?? request switch
        {
            { Type: OrderType.Market, TimeInForce: not TimeInForce.GoodTillCanceled } => "A MEXC market order takes no time in force",
            { PostOnly: true, TimeInForce: not TimeInForce.GoodTillCanceled } => "A post-only (LIMIT_MAKER) order rests: time in force must be GoodTillCanceled",
            _ => null,
        };
        return problem is null ? null : new VenueError(VenueErrorKind.InvalidRequest, IsTransient: false, null, problem);
    }

    /// <summary>The order's fields; MEXC has no time-in-force parameter: IOC, FOK and post-only are order types.</summary>
    private static IEnumerable<KeyValuePair<string, string>> OrderFields(OrderRequest request)
    {
        yield return new("symbol", request.Instrument.Value);
        yield return new("side", request.Side == Side.Buy ? "BUY" : "SELL");
        yield return new("type", request switch
        {
            { Type: OrderType.Market } => "MARKET",
            { PostOnly: true } => "LIMIT_MAKER",
            { TimeInForce: TimeInForce.ImmediateOrCancel } => "IMMEDIATE_OR_CANCEL",
            { TimeInForce: TimeInForce.FillOrKill } => "FILL_OR_KILL",
            _ => "LIMIT",
        });
        yield return new("quantity", request.Quantity.ToString());
        if (request.LimitPrice is { } price)
        {
            yield return new("price", price.ToString());
        }

        yield return new("newClientOrderId", request.ClientOrderId.Value);
    }

    private DecayingCounterRateLimiter Limiter(double capacity, double perSecond) =>
        new(new DecayingCounter(capacity, perSecond, _timeProvider), _timeProvider, _options.MaxRateLimitWait);

    private ResiliencePipeline<VenueResult<JsonElement>> CreatePipeline(string endpointClass, VenuePipelineOptions options, Func<VenueError, bool> isRetryable) =>
        VenuePipelines.Create<JsonElement>(options, isRetryable, null, _timeProvider, health =>
        {
            _health[endpointClass] = health;
            Log.HealthChanged(_logger, endpointClass, health);
            HealthChanged?.Invoke(this, new VenueHealthChangedEventArgs(endpointClass, health));
        });

    private async Task<VenueResult<JsonElement>> PublicAsync(string path, IReadOnlyList<KeyValuePair<string, string>> parameters, int weight, CancellationToken cancellationToken)
    {
        var result = await VenuePipelines.ExecuteAsync(
            _publicPipeline,
            async token =>
            {
                if (await AcquireAsync(_publicLimiter, weight, token).ConfigureAwait(false) is { } refused)
                {
                    return VenueResult<JsonElement>.Failure(refused);
                }

                var query = Query(parameters);
                var uri = new Uri(_options.RestBaseUrl, query.Length == 0 ? path : $"{path}?{query}");
                return await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), isOrderEntry: false, token).ConfigureAwait(false);
            },
            timeoutIsUnknownOutcome: false,
            cancellationToken).ConfigureAwait(false);
        return Logged(path, result);
    }

    private async Task<VenueResult<JsonElement>> SignedAsync(
        HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> parameters, int weight, CancellationToken cancellationToken)
    {
        if (_signer is null)
        {
            return VenueResult<JsonElement>.Failure(NoCredentials());
        }

        var result = await VenuePipelines.ExecuteAsync(
            _privatePipeline,
            async token => await AcquireAsync(_signedLimiter, weight, token).ConfigureAwait(false) is { } refused
                ? VenueResult<JsonElement>.Failure(refused)
                : await SendSignedAsync(method, path, parameters, isOrderEntry: false, token).ConfigureAwait(false),
            timeoutIsUnknownOutcome: false,
            cancellationToken).ConfigureAwait(false);
        return Logged(path, result);
    }

    private async Task<VenueResult<JsonElement>> TradingAsync(
        HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> parameters, ClientOrderId clientOrderId, CancellationToken cancellationToken)
    {
        if (_signer is null)
        {
            return VenueResult<JsonElement>.Failure(NoCredentials());
        }

        var result = await VenuePipelines.ExecuteAsync(
            _tradingPipeline,
            async token => await AcquireAsync(_orderLimiter, 1, token).ConfigureAwait(false) is { } refused
                ? VenueResult<JsonElement>.Failure(refused)
                : await SendSignedAsync(method, path, parameters, isOrderEntry: true, token).ConfigureAwait(false),
            timeoutIsUnknownOutcome: true,
            cancellationToken).ConfigureAwait(false);
        if (result.IsOutcomeUnknown)
        {
            Log.OrderOutcomeUnknown(_logger, path, clientOrderId.Value ?? "(none)", result.Error!);
        }

        return Logged(path, result);
    }

    private static async ValueTask<VenueError?> AcquireAsync(DecayingCounterRateLimiter limiter, int weight, CancellationToken cancellationToken)
    {
        using var lease = await limiter.AcquireAsync(weight, cancellationToken).ConfigureAwait(false);
        if (lease.IsAcquired)
        {
            return null;
        }

        lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter);
        return new VenueError(VenueErrorKind.RateLimited, IsTransient: true, null, "Not sent: the MEXC rate limit budget is spent") { RetryAfter = retryAfter, NotSent = true };
    }

    private VenueResult<JsonElement> Logged(string path, VenueResult<JsonElement> result)
    {
        if (result.Outcome == VenueOutcome.Failed)
        {
            Log.RestCallFailed(_logger, path, result.Error!);
        }

        return result;
    }

    private static VenueError NoCredentials() => new(VenueErrorKind.AuthenticationFailed, IsTransient: false, null,
        "MEXC signed calls need MEXC_API_KEY and MEXC_API_SECRET");

    private async ValueTask<VenueResult<JsonElement>> SendSignedAsync(
        HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> parameters, bool isOrderEntry, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _clockSynchronized) == 0)
        {
            // Without an offset a fast local clock has every signed call refused (timestamp ahead of the server).
            await SynchronizeClockAsync(cancellationToken).ConfigureAwait(false);
        }

        var timestamp = _clock.NowMilliseconds;
        var query = Query([.. parameters, new("recvWindow", Number(_options.RecvWindowMilliseconds)), new("timestamp", Number(timestamp))]);
        var uri = new Uri(_options.RestBaseUrl, $"{path}?{query}&signature={_signer!.Sign(query)}");
        var result = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(method, uri);
                request.Headers.Add("X-MEXC-APIKEY", _options.ApiKey);
                return request;
            },
            isOrderEntry,
            cancellationToken).ConfigureAwait(false);
        if (result.Error?.Kind == VenueErrorKind.InvalidNonce)
        {
            // Timestamp outside recvWindow: re-read the clock before the retry.
            Volatile.Write(ref _clockSynchronized, 0);
        }

        return result;
    }

    /// <summary>The query string, values URL-encoded with upper-case hex (the bytes signed are the bytes sent).</summary>
    private static string Query(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

    private async ValueTask<VenueResult<JsonElement>> SendAsync(Func<HttpRequestMessage> createRequest, bool isOrderEntry, CancellationToken cancellationToken)
    {
        using var request = createRequest();
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        var path = request.RequestUri!.AbsolutePath;
        try
        {
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var error = MexcErrors.Read(body, status);
            if (MexcRateLimitAnswer.From(response, path, "MEXC 429", error?.Message) is { } limited)
            {
                return VenueResult<JsonElement>.Failure(limited);
            }

            if (error is null && response.IsSuccessStatusCode)
            {
                using var document = JsonDocument.Parse(body);
                return VenueResult<JsonElement>.Success(document.RootElement.Clone());
            }

            error ??= status >= 500
                ? new VenueError(VenueErrorKind.ServiceUnavailable, IsTransient: true, null, $"HTTP {status} {response.ReasonPhrase} from {path}")
                : VenueError.Transport($"HTTP {status} {response.ReasonPhrase} from {path}");

            // A 5xx (or a body we cannot read) means MEXC may have run the request.
            var unknown = isOrderEntry && (status >= 500 || error.Kind == VenueErrorKind.MalformedResponse);
            return unknown ? VenueResult<JsonElement>.Unknown(error) : VenueResult<JsonElement>.Failure(error);
        }
        catch (JsonException exception)
        {
            var error = VenueError.MalformedResponse($"{path}: {exception.Message}");
            return isOrderEntry ? VenueResult<JsonElement>.Unknown(error) : VenueResult<JsonElement>.Failure(error);
        }
        catch (HttpRequestException exception)
        {
            return HttpTransportFailure.Of<JsonElement>(exception, path, isOrderEntry);
        }
    }
}
