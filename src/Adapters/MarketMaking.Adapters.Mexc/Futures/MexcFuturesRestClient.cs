using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// MEXC Futures (contract v1) REST: contracts, depth, server time, balances, positions and open orders; order entry
/// implemented but off unless <see cref="MexcFuturesOptions.EnableOrderEntry"/> (MEXC closed it to ordinary API keys).
/// Sizes are contracts (<see cref="MexcContract.ContractSize"/> base units each).
/// </summary>
/// <remarks>
/// Protocol: <see href="https://www.mexc.com/api-docs/futures/integration-guide"/>; notes in <c>docs/protocol/mexc.md</c> §5.
/// Signed calls send <c>ApiKey</c>, <c>Request-Time</c> and <c>Signature</c> headers (<see cref="MexcFuturesSigner"/>):
/// a GET signs its parameters sorted by name, a POST its exact JSON body. Every answer is checked for
/// <c>success</c> and <c>code</c>, even under HTTP 200.
/// </remarks>
public sealed class MexcFuturesRestClient
{
    private readonly HttpClient _httpClient;
    private readonly MexcFuturesOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly MexcFuturesSigner? _signer;
    private readonly DecayingCounterRateLimiter _limiter;
    private readonly ResiliencePipeline<VenueResult<JsonElement>> _readPipeline;
    private readonly ResiliencePipeline<VenueResult<JsonElement>> _tradingPipeline;

    /// <summary>Initializes a client.</summary>
    /// <param name="httpClient">The HTTP client (from <c>IHttpClientFactory</c>).</param>
    /// <param name="options">The settings.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid (a URL not absolute or plain off loopback, only one of key and secret, a value out of range).</exception>
    public MexcFuturesRestClient(HttpClient httpClient, MexcFuturesOptions options, TimeProvider timeProvider, ILogger<MexcFuturesRestClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        MexcFuturesOptionsValidator.ThrowIfInvalid(options);
        _httpClient = httpClient;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _signer = options.HasCredentials ? new MexcFuturesSigner(options.ApiKey!, options.ApiSecret!) : null;
        _limiter = new DecayingCounterRateLimiter(new DecayingCounter(options.RequestsPer2Seconds, options.RequestsPer2Seconds / 2.0, timeProvider), timeProvider, options.MaxRateLimitWait);
        _readPipeline = VenuePipelines.Create<JsonElement>(options.Pipeline, static e => e.IsTransient, _limiter, timeProvider);
        _tradingPipeline = VenuePipelines.Create<JsonElement>(options.Pipeline, static e => e.Kind is VenueErrorKind.RateLimited or VenueErrorKind.InvalidNonce, _limiter, timeProvider);
    }

    /// <summary>Gets the venue, <c>mexc-futures</c>.</summary>
    public VenueId Venue => MexcVenue.FuturesId;

    /// <summary>Gets the server time (<c>GET /api/v1/contract/ping</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>ns since the Unix epoch.</returns>
    public async Task<VenueResult<long>> GetServerTimeAsync(CancellationToken cancellationToken = default) =>
        Map(await GetAsync("/api/v1/contract/ping", [], signed: false, cancellationToken).ConfigureAwait(false), d => VenueResult<long>.Success(d.GetInt64() * 1_000_000));

    /// <summary>Gets contracts with their rules (<c>GET /api/v1/contract/detail</c>; MEXC allows one call per 5 s).</summary>
    /// <param name="symbol">One contract, such as <c>BTC_USDT</c>, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The contracts.</returns>
    public async Task<VenueResult<ImmutableArray<MexcContract>>> GetContractsAsync(string? symbol = null, CancellationToken cancellationToken = default) =>
        Map(await GetAsync("/api/v1/contract/detail", symbol is null ? [] : [new("symbol", symbol)], signed: false, cancellationToken).ConfigureAwait(false), MexcFuturesReaders.ReadContracts);

    /// <summary>Gets a depth snapshot (<c>GET /api/v1/contract/depth/{symbol}</c>).</summary>
    /// <param name="instrument">The contract.</param>
    /// <param name="limit">The levels per side.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The snapshot; quantities in contracts, <c>version</c> as its update id.</returns>
    public async Task<VenueResult<BookSnapshot>> GetBookAsync(InstrumentId instrument, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var result = await GetAsync($"/api/v1/contract/depth/{Uri.EscapeDataString(instrument.Value)}", [new("limit", limit.ToString(CultureInfo.InvariantCulture))], signed: false, cancellationToken).ConfigureAwait(false);
        return Map(result, d => MexcFuturesReaders.ReadDepth(d, instrument, _timeProvider.GetUnixNanoseconds()));
    }

    /// <summary>Gets the account's balances (<c>GET /api/v1/private/account/assets</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One balance per currency (total = equity).</returns>
    public async Task<VenueResult<ImmutableArray<AssetBalance>>> GetBalancesAsync(CancellationToken cancellationToken = default) =>
        Map(await GetAsync("/api/v1/private/account/assets", [], signed: true, cancellationToken).ConfigureAwait(false), MexcFuturesReaders.ReadAssets);

    /// <summary>Gets open positions (<c>GET /api/v1/private/position/open_positions</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The positions.</returns>
    public async Task<VenueResult<ImmutableArray<MexcFuturesPosition>>> GetPositionsAsync(CancellationToken cancellationToken = default) =>
        Map(await GetAsync("/api/v1/private/position/open_positions", [], signed: true, cancellationToken).ConfigureAwait(false), MexcFuturesReaders.ReadPositions);

    /// <summary>Gets a contract's open orders (<c>GET /api/v1/private/order/list/open_orders/{symbol}</c>, first 100).</summary>
    /// <param name="instrument">The contract.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The orders.</returns>
    public async Task<VenueResult<ImmutableArray<MexcFuturesOrder>>> GetOpenOrdersAsync(InstrumentId instrument, CancellationToken cancellationToken = default) =>
        Map(await GetAsync($"/api/v1/private/order/list/open_orders/{Uri.EscapeDataString(instrument.Value)}", [new("page_num", "1"), new("page_size", "100")], signed: true, cancellationToken).ConfigureAwait(false),
            MexcFuturesReaders.ReadOrders);

    /// <summary>
    /// Places an order (<c>POST /api/v1/private/order/submit</c>), in contracts, cross margin: buy opens long (or, reduce-only,
    /// closes short), sell opens short (or closes long); post-only, IOC and FOK are MEXC order types.
    /// </summary>
    /// <param name="request">The order; its quantity is in contracts, its client order id at most 32 characters.</param>
    /// <param name="leverage">The leverage sent.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>
    /// The acknowledgement; <see cref="VenueErrorKind.NotSupported"/> without sending when order entry is off;
    /// <see cref="VenueErrorKind.PermissionDenied"/> when MEXC refuses API order entry (1002); unknown on a timeout.
    /// </returns>
    public async Task<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, int leverage = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (OrderEntryOff() is { } off)
        {
            return VenueResult<OrderAck>.Failure(off);
        }

        var problem = request.Validate() ?? (request.ClientOrderId.Value!.Length > 32 ? "MEXC futures client order ids (externalOid) are at most 32 characters" : null);
        if (problem is not null)
        {
            return VenueResult<OrderAck>.Failure(new VenueError(VenueErrorKind.InvalidRequest, false, null, problem));
        }

        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["symbol"] = request.Instrument.Value,
            ["price"] = request.LimitPrice?.Value ?? 0m,
            ["vol"] = request.Quantity.Value,
            ["leverage"] = leverage,
            ["side"] = (request.Side, request.ReduceOnly) switch { (Side.Buy, false) => 1, (Side.Buy, true) => 2, (_, false) => 3, _ => 4 },
            ["type"] = request switch
            {
                { Type: OrderType.Market } => 5,
                { PostOnly: true } => 2,
                { TimeInForce: TimeInForce.ImmediateOrCancel } => 3,
                { TimeInForce: TimeInForce.FillOrKill } => 4,
                _ => 1,
            },
            ["openType"] = 2,
            ["externalOid"] = request.ClientOrderId.Value!,
        });
        var result = await PostAsync("/api/v1/private/order/submit", body, _tradingPipeline, cancellationToken).ConfigureAwait(false);
        return Map(result, d => MexcFuturesReaders.ReadOrderId(d) is { IsSuccess: true } id
            ? VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create(id.Value!), request.ClientOrderId))
            : VenueResult<OrderAck>.Failure(VenueError.MalformedResponse("MEXC futures order answer has no order id")));
    }

    /// <summary>Cancels orders by id (<c>POST /api/v1/private/order/cancel</c>, at most 50).</summary>
    /// <param name="orderIds">MEXC's order ids.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>Per id, <see langword="null"/> when canceled or the error (2040 not found, 2041 not cancelable).</returns>
    public async Task<VenueResult<ImmutableArray<KeyValuePair<string, VenueError?>>>> CancelOrdersAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orderIds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(orderIds.Count, 50);
        if (OrderEntryOff() is { } off)
        {
            return VenueResult<ImmutableArray<KeyValuePair<string, VenueError?>>>.Failure(off);
        }

        // Ids above 2^53 go as JSON numbers written from their text, never through a double.
        var body = $"[{string.Join(',', orderIds.Select(id => long.Parse(id, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)))}]";
        return Map(await PostAsync("/api/v1/private/order/cancel", body, _tradingPipeline, cancellationToken).ConfigureAwait(false), MexcFuturesReaders.ReadCancel);
    }

    /// <summary>Cancels every open order, or those of one contract (<c>POST /api/v1/private/order/cancel_all</c>).</summary>
    /// <param name="instrument">The contract, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>Success, or the failure.</returns>
    public async Task<VenueResult<bool>> CancelAllAsync(InstrumentId? instrument = null, CancellationToken cancellationToken = default)
    {
        if (OrderEntryOff() is { } off)
        {
            return VenueResult<bool>.Failure(off);
        }

        var body = instrument is { } one ? JsonSerializer.Serialize(new { symbol = one.Value }) : "{}";
        return Map(await PostAsync("/api/v1/private/order/cancel_all", body, _tradingPipeline, cancellationToken).ConfigureAwait(false), _ => VenueResult<bool>.Success(true));
    }

    private static VenueResult<T> Map<T>(VenueResult<JsonElement> result, Func<JsonElement, VenueResult<T>> read) =>
        result.IsSuccess ? read(result.Value) : result.WithoutValue<T>();

    private VenueError? OrderEntryOff() => _options.EnableOrderEntry
        ? _signer is null ? NoCredentials() : null
        : new VenueError(VenueErrorKind.NotSupported, false, null,
            "MEXC futures order entry is off (MEXC closed it to ordinary API keys in 2022); set MexcFutures:EnableOrderEntry once a probe shows the account may trade");

    private static VenueError NoCredentials() => new(VenueErrorKind.AuthenticationFailed, false, null, "MEXC futures private calls need MEXC_API_KEY and MEXC_API_SECRET");

    private string RequestTime() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private async Task<VenueResult<JsonElement>> GetAsync(string path, IReadOnlyList<KeyValuePair<string, string>> parameters, bool signed, CancellationToken cancellationToken)
    {
        if (signed && _signer is null)
        {
            return VenueResult<JsonElement>.Failure(NoCredentials());
        }

        var query = string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        var uri = new Uri(_options.RestBaseUrl, query.Length == 0 ? path : $"{path}?{query}");
        var result = await VenuePipelines.ExecuteAsync(
            _readPipeline,
            token => SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, uri);
                if (signed)
                {
                    var time = RequestTime();
                    AddAuthentication(request, time, _signer!.SignQuery(time, parameters.Select(p => new KeyValuePair<string, string?>(p.Key, Uri.EscapeDataString(p.Value)))));
                }

                return request;
            }, isOrderEntry: false, token),
            timeoutIsUnknownOutcome: false,
            cancellationToken).ConfigureAwait(false);
        return Logged(path, result);
    }

    private async Task<VenueResult<JsonElement>> PostAsync(string path, string body, ResiliencePipeline<VenueResult<JsonElement>> pipeline, CancellationToken cancellationToken)
    {
        var result = await VenuePipelines.ExecuteAsync(
            pipeline,
            token => SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.RestBaseUrl, path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                var time = RequestTime();
                AddAuthentication(request, time, _signer!.SignBody(time, body));
                return request;
            }, isOrderEntry: true, token),
            timeoutIsUnknownOutcome: true,
            cancellationToken).ConfigureAwait(false);
        return Logged(path, result);
    }

    private void AddAuthentication(HttpRequestMessage request, string time, string signature)
    {
        request.Headers.Add("ApiKey", _options.ApiKey);
        request.Headers.Add("Request-Time", time);
        request.Headers.Add("Signature", signature);
    }

    private VenueResult<JsonElement> Logged(string path, VenueResult<JsonElement> result)
    {
        if (!result.IsSuccess)
        {
            Log.RestCallFailed(_logger, path, result.Error!);
        }

        return result;
    }

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
            if (MexcRateLimitAnswer.From(response, path, "MEXC-F 429", null) is { } limited)
            {
                return VenueResult<JsonElement>.Failure(limited);
            }

            var result = MexcFuturesReaders.ReadEnvelope(body);
            var unknown = isOrderEntry && (status >= 500 || result.Error?.Kind is VenueErrorKind.MalformedResponse or VenueErrorKind.ServiceUnavailable);
            return unknown ? VenueResult<JsonElement>.Unknown(result.Error ?? VenueError.Transport($"HTTP {status} from {path}")) : result;
        }
        catch (HttpRequestException exception)
        {
            return HttpTransportFailure.Of<JsonElement>(exception, path, isOrderEntry);
        }
    }
}
