using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Kraken Spot REST: public market data, private account reads and order entry, behind <see cref="ISpotRest"/>.
/// </summary>
/// <remarks>
/// <para>Protocol: <see href="https://docs.kraken.com/api/docs/rest-api/add-order"/> and the pages beside it; notes in
/// <c>docs/protocol/kraken.md</c>. Private calls are signed (<see cref="KrakenApiSigner"/>) and sent one at a time, so that
/// their nonces reach Kraken in order.</para>
/// <para>Three endpoint classes, each with its own pipeline and circuit breaker (<see cref="Health"/>): public calls
/// (limited to a burst then one per second), private calls (Kraken's REST call counter for the tier), and order entry
/// (the per-pair trading counter, with cancels allowed into a reserve new orders may not use).</para>
/// <para>Order entry is retried only when Kraken answered that it did not execute the request (invalid nonce, rate
/// limit). A <c>cl_ord_id</c> is unique only among <em>open</em> orders, so resending a request whose answer was lost
/// could place a second order once the first has filled: such a request ends as <see cref="VenueOutcome.Unknown"/>,
/// for reconciliation.</para>
/// </remarks>
public sealed class KrakenSpotRestClient : ISpotRest, IOrderEntryBudget
{
    private const string PublicClass = "public";
    private const string PrivateClass = "private";
    private const string TradingClass = "trading";

    // Kraken's answer when the key's REST call counter is full.
    private const string RestCounterSpent = "EAPI:Rate limit exceeded";

    private readonly HttpClient _httpClient;
    private readonly KrakenOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly KrakenApiSigner? _signer;
    private readonly KrakenNonceSource _nonces;
    private readonly SemaphoreSlim _privateGate = new(1, 1);
    private readonly ResiliencePipeline<VenueResult<JsonElement>> _publicPipeline;
    private readonly ResiliencePipeline<VenueResult<JsonElement>> _privatePipeline;
    private readonly ResiliencePipeline<VenueResult<JsonElement>> _tradingPipeline;
    private readonly ConcurrentDictionary<string, VenueHealth> _health = new(StringComparer.Ordinal);
    private KrakenPairDirectory _pairs = KrakenPairDirectory.Empty;

    /// <summary>Initializes a client.</summary>
    /// <param name="httpClient">The HTTP client (from <c>IHttpClientFactory</c>, for pooled connections); its base address is ignored.</param>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <param name="admission">The order-entry checks shared with the WebSocket client of the same API key, or <see langword="null"/> for the client's own.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public KrakenSpotRestClient(
        HttpClient httpClient, KrakenOptions options, TimeProvider timeProvider, ILogger<KrakenSpotRestClient>? logger = null, KrakenOrderAdmission? admission = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        KrakenOptionsValidator.ThrowIfInvalid(options);
        _httpClient = httpClient;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _signer = options.HasCredentials ? new KrakenApiSigner(options.ApiSecret!) : null;
        _nonces = new KrakenNonceSource(timeProvider);
        Admission = admission ?? new KrakenOrderAdmission(new KrakenTradingCounters(options.Tier, timeProvider, options.CancelReserve), timeProvider, _logger, options.ModelTradingCounter, reserveForOpenOrders: true, options.MaxCancelWait);
        RestCounter = new DecayingCounter(
            KrakenRateLimits.RestCounterMaximum(options.Tier), KrakenRateLimits.RestCounterDecayPerSecond(options.Tier), timeProvider);
        var publicLimiter = new DecayingCounterRateLimiter(new DecayingCounter(options.PublicBurst, 1, timeProvider), timeProvider, options.MaxRateLimitWait);
        var privateLimiter = new DecayingCounterRateLimiter(RestCounter, timeProvider, options.MaxRateLimitWait);
        _publicPipeline = CreatePipeline(PublicClass, options.PublicPipeline, static error => error.IsTransient, publicLimiter);
        _privatePipeline = CreatePipeline(PrivateClass, options.PrivatePipeline, static error => error.IsTransient, privateLimiter);
        _tradingPipeline = CreatePipeline(TradingClass, options.TradingPipeline, static error => error.Kind is VenueErrorKind.InvalidNonce or VenueErrorKind.RateLimited, null);
    }

    /// <summary>Raised when an endpoint class's circuit breaker changes state.</summary>
    public event EventHandler<VenueHealthChangedEventArgs>? HealthChanged;

    /// <inheritdoc/>
    public VenueId Venue { get; } = KrakenVenue.Id;

    /// <inheritdoc/>
    public VenueCapabilities Capabilities => KrakenVenue.Capabilities;

    /// <summary>Gets the modelled per-pair trading counters; strategies read the remaining budget here.</summary>
    public KrakenTradingCounters TradingCounters => Admission.Counters;

    /// <summary>Gets the order-entry checks (validity, trading counter, order ages), to share with the WebSocket client.</summary>
    public KrakenOrderAdmission Admission { get; }

    /// <inheritdoc/>
    public int NewOrderHeadroom(InstrumentId instrument) => Admission.NewOrderHeadroom(instrument);

    /// <summary>Gets the modelled REST call counter of the API key.</summary>
    public DecayingCounter RestCounter { get; }

    /// <summary>Gets the pairs loaded by <see cref="GetAssetPairsAsync"/> (loaded on first need).</summary>
    public KrakenPairDirectory Pairs => Volatile.Read(ref _pairs);

    /// <summary>Gets an endpoint class's health: <c>public</c>, <c>private</c> or <c>trading</c>.</summary>
    /// <param name="endpointClass">The endpoint class.</param>
    /// <returns>The health; <see cref="VenueHealth.Healthy"/> until a breaker opens.</returns>
    public VenueHealth Health(string endpointClass) => _health.GetValueOrDefault(endpointClass, VenueHealth.Healthy);

    /// <inheritdoc/>
    public async Task<VenueResult<long>> GetServerTimeAsync(CancellationToken cancellationToken = default) =>
        Map(await PublicAsync("Time", string.Empty, cancellationToken).ConfigureAwait(false), KrakenRestReaders.ReadTime);

    /// <summary>Gets every pair with Kraken's names and rules, and keeps them for resolving names.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pairs.</returns>
    public async Task<VenueResult<ImmutableArray<KrakenAssetPair>>> GetAssetPairsAsync(CancellationToken cancellationToken = default)
    {
        var result = Map(await PublicAsync("AssetPairs", string.Empty, cancellationToken).ConfigureAwait(false), KrakenRestReaders.ReadAssetPairs);
        if (result.IsSuccess)
        {
            Volatile.Write(ref _pairs, new KrakenPairDirectory(result.Value));
        }

        return result;
    }

    /// <inheritdoc/>
    public async Task<VenueResult<ImmutableArray<InstrumentSpec>>> GetInstrumentsAsync(CancellationToken cancellationToken = default)
    {
        var pairs = await GetAssetPairsAsync(cancellationToken).ConfigureAwait(false);
        return pairs.IsSuccess
            ? VenueResult<ImmutableArray<InstrumentSpec>>.Success([.. pairs.Value.Select(p => p.Spec)])
            : pairs.WithoutValue<ImmutableArray<InstrumentSpec>>();
    }

    /// <inheritdoc/>
    public async Task<VenueResult<BookSnapshot>> GetBookAsync(InstrumentId instrument, int depth, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, 500);
        var pair = await PairNameAsync(instrument, cancellationToken).ConfigureAwait(false);
        var result = await PublicAsync("Depth", $"pair={Uri.EscapeDataString(pair)}&count={depth}", cancellationToken).ConfigureAwait(false);
        return Map(result, element => KrakenRestReaders.ReadDepth(element, Venue, instrument, _timeProvider.GetUnixNanoseconds()));
    }

    /// <inheritdoc/>
    public async Task<VenueResult<Ticker>> GetTickerAsync(InstrumentId instrument, CancellationToken cancellationToken = default)
    {
        var pair = await PairNameAsync(instrument, cancellationToken).ConfigureAwait(false);
        var result = await PublicAsync("Ticker", $"pair={Uri.EscapeDataString(pair)}", cancellationToken).ConfigureAwait(false);
        return Map(result, element => KrakenRestReaders.ReadTicker(element, instrument));
    }

    /// <inheritdoc/>
    public async Task<VenueResult<ImmutableArray<AssetBalance>>> GetBalancesAsync(CancellationToken cancellationToken = default) =>
        Map(await PrivateAsync("BalanceEx", [], cancellationToken).ConfigureAwait(false), KrakenRestReaders.ReadBalanceEx);

    /// <inheritdoc/>
    public async Task<VenueResult<ImmutableArray<VenueOrder>>> GetOpenOrdersAsync(CancellationToken cancellationToken = default)
    {
        await EnsurePairsAsync(cancellationToken).ConfigureAwait(false);
        return Map(await PrivateAsync("OpenOrders", [], cancellationToken).ConfigureAwait(false), r => KrakenRestReaders.ReadOrders(r, Pairs));
    }

    /// <inheritdoc/>
    public async Task<VenueResult<ImmutableArray<VenueOrder>>> QueryOrdersAsync(IReadOnlyList<VenueOrderId> orders, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(orders.Count, 50);
        if (orders.Count == 0)
        {
            return VenueResult<ImmutableArray<VenueOrder>>.Success([]);
        }

        await EnsurePairsAsync(cancellationToken).ConfigureAwait(false);
        var result = await PrivateAsync("QueryOrders", [new("txid", string.Join(',', orders.Select(o => o.Value)))], cancellationToken).ConfigureAwait(false);
        return Map(result, r => KrakenRestReaders.ReadOrders(r, Pairs));
    }

    /// <summary>Gets a token for the authenticated WebSocket (valid 15 minutes to open a subscription).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The token.</returns>
    public async Task<VenueResult<KrakenWebSocketToken>> GetWebSocketsTokenAsync(CancellationToken cancellationToken = default) =>
        Map(await PrivateAsync("GetWebSocketsToken", [], cancellationToken).ConfigureAwait(false), KrakenRestReaders.ReadWebSocketsToken);

    /// <inheritdoc/>
    public async ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Admission.Check(request) is { } problem)
        {
            return VenueResult<OrderAck>.Failure(problem);
        }

        var pair = await PairNameAsync(request.Instrument, cancellationToken).ConfigureAwait(false);
        if (!Admission.TryAdmit(request.Instrument, KrakenTradingAction.AddOrder, null, 1, out var refused))
        {
            return VenueResult<OrderAck>.Failure(refused);
        }

        var result = await TradingAsync("AddOrder", [new("pair", pair), .. OrderFields(request)], request.ClientOrderId, cancellationToken).ConfigureAwait(false);
        var ack = Map(result, r => KrakenRestReaders.ReadAddOrder(r, request.ClientOrderId));
        Admission.OnAnswer(request.Instrument, KrakenTradingAction.AddOrder, null, 1, ack.Error);
        if (ack.IsSuccess && !request.ValidateOnly)
        {
            Admission.RememberOrderTime(request.Instrument, ack.Value.VenueOrderId, request.ClientOrderId);
        }

        return ack;
    }

    /// <inheritdoc/>
    public async ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (Admission.CheckBatch(requests) is { } problem)
        {
            return VenueResult<ImmutableArray<VenueResult<OrderAck>>>.Failure(problem);
        }

        var pair = await PairNameAsync(requests[0].Instrument, cancellationToken).ConfigureAwait(false);
        if (!Admission.TryAdmit(requests[0].Instrument, KrakenTradingAction.BatchAdd, null, requests.Count, out var refused))
        {
            return VenueResult<ImmutableArray<VenueResult<OrderAck>>>.Failure(refused);
        }

        var fields = new List<KeyValuePair<string, string>> { new("pair", pair) };
        if (requests[0].ValidateOnly)
        {
            fields.Add(new("validate", "true"));
        }

        for (var i = 0; i < requests.Count; i++)
        {
            // AddOrderBatch takes the orders as orders[i][field] form fields.
            fields.AddRange(OrderFields(requests[i] with { ValidateOnly = false }).Select(f => new KeyValuePair<string, string>($"orders[{i}][{f.Key}]", f.Value)));
        }

        var result = await TradingAsync("AddOrderBatch", fields, requests[0].ClientOrderId, cancellationToken).ConfigureAwait(false);
        var ids = requests.Select(r => r.ClientOrderId).ToArray();
        var acks = Map(result, r => KrakenRestReaders.ReadAddOrderBatch(r, ids));
        Admission.OnAnswer(requests[0].Instrument, KrakenTradingAction.BatchAdd, null, requests.Count, acks.Error);
        if (acks.IsSuccess)
        {
            foreach (var ack in acks.Value.Where(a => a.IsSuccess))
            {
                Admission.RememberOrderTime(requests[0].Instrument, ack.Value!.VenueOrderId, ack.Value.ClientOrderId);
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

        if (!Admission.TryAdmit(request.Instrument, KrakenTradingAction.AmendOrder, request.Order, 1, out var refused))
        {
            return VenueResult<AmendAck>.Failure(refused);
        }

        var fields = new List<KeyValuePair<string, string>> { OrderIdField(request.Order) };
        if (request.NewQuantity is { } quantity)
        {
            fields.Add(new("order_qty", quantity.ToString()));
        }

        if (request.NewLimitPrice is { } price)
        {
            fields.Add(new("limit_price", price.ToString()));
        }

        if (request.PostOnly)
        {
            fields.Add(new("post_only", "true"));
        }

        var result = Map(await TradingAsync("AmendOrder", fields, request.Order.ClientOrderId ?? default, cancellationToken).ConfigureAwait(false), KrakenRestReaders.ReadAmendOrder);
        Admission.OnAnswer(request.Instrument, KrakenTradingAction.AmendOrder, request.Order, 1, result.Error);
        if (result.IsSuccess)
        {
            // Kraken counts an order's age from its last amend.
            Admission.RememberOrderTime(request.Instrument, request.Order.VenueOrderId, request.Order.ClientOrderId);
        }

        return result;
    }

    /// <inheritdoc/>
    public async ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default)
    {
        if (KrakenOrderAdmission.CheckCancel(order) is { } problem)
        {
            return VenueResult<CancelAck>.Failure(problem);
        }

        if (await Admission.AdmitCancelAsync(instrument, KrakenTradingAction.CancelOrder, order, 1, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return VenueResult<CancelAck>.Failure(refused);
        }

        var answer = Map(await TradingAsync("CancelOrder", [OrderIdField(order)], order.ClientOrderId ?? default, cancellationToken).ConfigureAwait(false), KrakenRestReaders.ReadCancel);
        Admission.OnAnswer(instrument, KrakenTradingAction.CancelOrder, order, 1, answer.Error);
        return answer;
    }

    /// <inheritdoc/>
    public async ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default) =>
        Map(await TradingAsync("CancelAll", [], default, cancellationToken).ConfigureAwait(false), KrakenRestReaders.ReadCancel);

    /// <inheritdoc/>
    public async ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (KrakenOrderAdmission.CheckDeadManSwitch(timeout) is { } problem)
        {
            return VenueResult<DeadManSwitchStatus>.Failure(problem);
        }

        var seconds = ((long)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Map(await TradingAsync("CancelAllOrdersAfter", [new("timeout", seconds)], default, cancellationToken).ConfigureAwait(false), KrakenRestReaders.ReadCancelAllOrdersAfter);
    }

    private static VenueResult<T> Map<T>(VenueResult<JsonElement> result, Func<JsonElement, VenueResult<T>> read) =>
        result.IsSuccess ? read(result.Value) : result.WithoutValue<T>();

    private static KeyValuePair<string, string> OrderIdField(OrderReference order) =>
        order.VenueOrderId is { } venueId ? new("txid", venueId.Value) : new("cl_ord_id", order.ClientOrderId!.Value.Value);

    private static IEnumerable<KeyValuePair<string, string>> OrderFields(OrderRequest request)
    {
        yield return new("ordertype", request.Type == OrderType.Limit ? "limit" : "market");
        yield return new("type", request.Side == Side.Buy ? "buy" : "sell");
        yield return new("volume", request.Quantity.ToString());
        if (request.LimitPrice is { } price)
        {
            yield return new("price", price.ToString());
        }

        if (request.PostOnly)
        {
            yield return new("oflags", "post");
        }

        yield return new("timeinforce", request.TimeInForce switch
        {
            TimeInForce.ImmediateOrCancel => "IOC",
            TimeInForce.FillOrKill => "FOK",
            TimeInForce.GoodTillDate => "GTD",
            _ => "GTC",
        });
        if (request.ExpireTimeNanoseconds is { } expiry)
        {
            yield return new("expiretm", (expiry / 1_000_000_000).ToString(CultureInfo.InvariantCulture));
        }

        if (request.ReduceOnly)
        {
            yield return new("reduce_only", "true");
        }

        yield return new("cl_ord_id", request.ClientOrderId.Value);
        if (request.ValidateOnly)
        {
            yield return new("validate", "true");
        }
    }

    private async Task EnsurePairsAsync(CancellationToken cancellationToken)
    {
        if (Pairs.Pairs.IsEmpty)
        {
            await GetAssetPairsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> PairNameAsync(InstrumentId instrument, CancellationToken cancellationToken)
    {
        await EnsurePairsAsync(cancellationToken).ConfigureAwait(false);

        // Without AssetPairs, the v2 name ("BTC/USD") is sent: Kraken's REST accepts it too.
        return Pairs.TryFind(instrument, out var pair) ? pair.AltName : instrument.Value;
    }

    private ResiliencePipeline<VenueResult<JsonElement>> CreatePipeline(
        string endpointClass, VenuePipelineOptions options, Func<VenueError, bool> isRetryable, System.Threading.RateLimiting.RateLimiter? limiter) =>
        VenuePipelines.Create<JsonElement>(options, isRetryable, limiter, _timeProvider, health =>
        {
            _health[endpointClass] = health;
            Log.HealthChanged(_logger, endpointClass, health);
            HealthChanged?.Invoke(this, new VenueHealthChangedEventArgs(endpointClass, health));
        });

    private async Task<VenueResult<JsonElement>> PublicAsync(string method, string query, CancellationToken cancellationToken)
    {
        var uri = new Uri(_options.RestBaseUrl, query.Length == 0 ? $"/0/public/{method}" : $"/0/public/{method}?{query}");
        var result = await VenuePipelines.ExecuteAsync(
            _publicPipeline,
            token => SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), isOrderEntry: false, token),
            timeoutIsUnknownOutcome: false,
            cancellationToken).ConfigureAwait(false);
        return Logged(method, result);
    }

    private async Task<VenueResult<JsonElement>> PrivateAsync(string method, IReadOnlyList<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        if (_signer is null)
        {
            return VenueResult<JsonElement>.Failure(NoCredentials());
        }

        var result = await VenuePipelines.ExecuteAsync(
            _privatePipeline,
            token => SendPrivateAsync(method, fields, isOrderEntry: false, token),
            timeoutIsUnknownOutcome: false,
            cancellationToken).ConfigureAwait(false);
        return Logged(method, result);
    }

    private async Task<VenueResult<JsonElement>> TradingAsync(
        string method, IReadOnlyList<KeyValuePair<string, string>> fields, ClientOrderId clientOrderId, CancellationToken cancellationToken)
    {
        if (_signer is null)
        {
            return VenueResult<JsonElement>.Failure(NoCredentials());
        }

        var result = await VenuePipelines.ExecuteAsync(
            _tradingPipeline,
            token => SendPrivateAsync(method, fields, isOrderEntry: true, token),
            timeoutIsUnknownOutcome: true,
            cancellationToken).ConfigureAwait(false);
        if (result.IsOutcomeUnknown)
        {
            Log.OrderOutcomeUnknown(_logger, method, clientOrderId.Value ?? "(none)", result.Error!);
        }

        return Logged(method, result);
    }

    private VenueResult<JsonElement> Logged(string method, VenueResult<JsonElement> result)
    {
        if (result.Outcome == VenueOutcome.Failed)
        {
            Log.RestCallFailed(_logger, method, result.Error!);
        }

        return result;
    }

    private static VenueError NoCredentials() => new(VenueErrorKind.AuthenticationFailed, IsTransient: false, null,
        "Kraken private calls need KRAKEN_API_KEY and KRAKEN_API_SECRET");

    private async ValueTask<VenueResult<JsonElement>> SendPrivateAsync(
        string method, IReadOnlyList<KeyValuePair<string, string>> fields, bool isOrderEntry, CancellationToken cancellationToken)
    {
        var path = $"/0/private/{method}";
        await _privateGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The nonce is taken inside the gate so that requests leave in nonce order.
            var nonce = _nonces.Next().ToString(CultureInfo.InvariantCulture);
            var body = FormBody(nonce, fields);
            var signature = _signer!.Sign(path, nonce, body);
            var answer = await SendAsync(
                () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.RestBaseUrl, path))
                    {
                        Content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
                    };
                    request.Headers.Add("API-Key", _options.ApiKey);
                    request.Headers.Add("API-Sign", signature);
                    return request;
                },
                isOrderEntry,
                cancellationToken).ConfigureAwait(false);
            return answer is { Outcome: VenueOutcome.Failed, Error.VenueCode: RestCounterSpent } ? RestCounterSpentAnswer(answer.Error) : answer;
        }
        finally
        {
            _privateGate.Release();
        }
    }

    /// <summary>
    /// Kraken says the key's REST counter is full. It outlives our restarts while our model starts empty, so the model
    /// takes Kraken's word: it is filled up, and the retry (like any later call) waits until one call fits again.
    /// </summary>
    private VenueResult<JsonElement> RestCounterSpentAnswer(VenueError error)
    {
        RestCounter.Add(Math.Max(0, RestCounter.Maximum - RestCounter.Value));
        return VenueResult<JsonElement>.Failure(error with { RetryAfter = TimeSpan.FromSeconds(1 / RestCounter.DecayPerSecond) });
    }

    private static string FormBody(string nonce, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var builder = new System.Text.StringBuilder("nonce=").Append(nonce);
        foreach (var (key, value) in fields)
        {
            builder.Append('&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }

    private async ValueTask<VenueResult<JsonElement>> SendAsync(Func<HttpRequestMessage> createRequest, bool isOrderEntry, CancellationToken cancellationToken)
    {
        using var request = createRequest();
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        var started = _timeProvider.GetTimestamp();
        try
        {
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            Log.RestCall(_logger, request.RequestUri!.AbsolutePath, _timeProvider.GetElapsedTime(started).TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                // A non-200 comes from a proxy or an outage, not from the API: the request may or may not have run.
                var error = VenueError.Transport($"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {request.RequestUri!.AbsolutePath}");
                return isOrderEntry ? VenueResult<JsonElement>.Unknown(error) : VenueResult<JsonElement>.Failure(error);
            }

            var result = KrakenRestReaders.ReadEnvelope(body);
            return isOrderEntry && result.Error is { Kind: VenueErrorKind.ServiceUnavailable or VenueErrorKind.MalformedResponse } unknown
                ? VenueResult<JsonElement>.Unknown(unknown)
                : result;
        }
        catch (HttpRequestException exception)
        {
            return HttpTransportFailure.Of<JsonElement>(exception, request.RequestUri!.AbsolutePath, isOrderEntry);
        }
    }
}
