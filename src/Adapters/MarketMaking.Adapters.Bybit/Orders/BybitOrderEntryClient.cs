using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// Bybit v5 order entry over REST for one category (spot or linear): create, amend, cancel, cancel-all per symbol and
/// batch create, signed with an HMAC key, behind <see cref="ISpotOrderEntry"/>; and the order queries reconciliation reads
/// (<see cref="IOrderQueries"/>: <c>/v5/order/realtime</c>).
/// </summary>
/// <remarks>
/// <para>Each request is a JSON POST signed over <c>timestamp + apiKey + recvWindow + body</c> (<see cref="BybitSigner"/>),
/// the four <c>X-BAPI-*</c> headers carrying the key, time, window and signature. Bybit answers HTTP 200 with a
/// <c>retCode</c>: 0 is success, anything else a failure (<see cref="BybitErrors"/>); <c>10006</c> (over the account's
/// rate) and HTTP 403 (over the IP's) are transient rate limits. An acknowledgement means accepted, not resting: the
/// order's fate arrives on the private stream. A post-only order that would take is accepted and then canceled by
/// Bybit. A time-out, a 5xx or a dropped connection after sending leaves the outcome unknown: reconcile by
/// <c>orderLinkId</c>.</para>
/// <para>Sources: <see href="https://bybit-exchange.github.io/docs/v5/order/create-order"/>,
/// <see href="https://bybit-exchange.github.io/docs/v5/order/amend-order"/>, <see href="https://bybit-exchange.github.io/docs/v5/order/cancel-order"/>,
/// <see href="https://bybit-exchange.github.io/docs/v5/order/cancel-all"/>, <see href="https://bybit-exchange.github.io/docs/v5/order/batch-place"/>,
/// <see href="https://bybit-exchange.github.io/docs/v5/guide#authentication"/>.</para>
/// </remarks>
public sealed class BybitOrderEntryClient : IOrderQueries, IDisposable
{
    private readonly BybitTradingOptions _options;
    private readonly HttpClient _http;
    private readonly HttpClient? _ownedHttp;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly BybitSigner _signer;
    private readonly Uri _baseUrl;
    private readonly ConcurrentDictionary<string, byte> _symbols = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DecayingCounterRateLimiter> _rates = new(StringComparer.Ordinal);
    private readonly VenueClock _clock;

    /// <summary>Initializes a client.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="timeProvider">The clock of the signed timestamps.</param>
    /// <param name="http">The pooled HTTP client, or <see langword="null"/> for one of the client's own.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">The key or secret is missing, or a window or time-out is not positive.</exception>
    public BybitOrderEntryClient(BybitTradingOptions options, TimeProvider timeProvider, HttpClient? http = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.ThrowIfInvalid();
        _options = options;
        _timeProvider = timeProvider;
        _clock = new VenueClock(timeProvider);
        _ownedHttp = http is null ? new HttpClient() : null;
        _http = http ?? _ownedHttp!;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BybitOrderEntryClient>();
        _signer = new BybitSigner(options.ApiKey!, options.ApiSecret!);
        _baseUrl = options.RestBaseUrl ?? BybitVenue.RestBaseUrl;
        foreach (var symbol in options.Symbols)
        {
            _symbols.TryAdd(symbol, 0);
        }

        Capabilities = BybitVenue.CapabilitiesOf(options.Category);
    }

    /// <inheritdoc/>
    public VenueId Venue => BybitVenue.IdOf(_options.Category);

    /// <inheritdoc/>
    public VenueCapabilities Capabilities { get; }

    /// <inheritdoc/>
    public async ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Problem(request) is { } problem)
        {
            return VenueResult<OrderAck>.Failure(problem);
        }

        _symbols.TryAdd(request.Instrument.Value, 0);
        var answer = await PostAsync("/v5/order/create", BybitOrderFields.Create(request, _options.Category, withCategory: true), isOrderEntry: true, cancellationToken).ConfigureAwait(false);
        return answer.IsSuccess ? VenueResult<OrderAck>.Success(Ack(answer.Value, request.ClientOrderId)) : answer.WithoutValue<OrderAck>();
    }

    /// <inheritdoc/>
    /// <remarks><c>/v5/order/create-batch</c>: up to 10 orders (spot) or 20 (linear), each answered on its own in <c>retExtInfo.list</c>.</remarks>
    public async ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default)
    {
        if (BatchProblem(requests) is { } problem)
        {
            return VenueResult<ImmutableArray<VenueResult<OrderAck>>>.Failure(problem);
        }

        var answer = await PostAsync("/v5/order/create-batch", BatchBody(requests), isOrderEntry: true, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return answer.WithoutValue<ImmutableArray<VenueResult<OrderAck>>>();
        }

        using var document = JsonDocument.Parse(answer.Value);
        var root = document.RootElement;
        return VenueResult<ImmutableArray<VenueResult<OrderAck>>>.Success(BatchAcks(root.GetProperty("result"), root, requests));
    }

    /// <summary>Why a batch cannot be sent (empty, too long, an order refused before sending), else <see langword="null"/>; the symbols are covered by cancel-all from here.</summary>
    internal VenueError? BatchProblem(IReadOnlyList<OrderRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var problem = requests.Count == 0 || requests.Count > Capabilities.MaxBatchSize
            ? Unsent(VenueErrorKind.InvalidRequest, $"A Bybit {BybitVenue.WireName(_options.Category)} batch takes 1 to {Capabilities.MaxBatchSize} orders, not {requests.Count}")
            : requests.Select(Problem).FirstOrDefault(p => p is not null);
        if (problem is null)
        {
            foreach (var request in requests)
            {
                _symbols.TryAdd(request.Instrument.Value, 0);
            }
        }

        return problem;
    }

    /// <summary>A batch's body: <c>{"category","request":[orders]}</c>, over REST and the trade stream alike.</summary>
    internal Dictionary<string, object> BatchBody(IReadOnlyList<OrderRequest> requests) =>
        new() { ["category"] = BybitVenue.WireName(_options.Category), ["request"] = requests.Select(r => BybitOrderFields.Create(r, _options.Category, withCategory: false)).ToArray() };

    /// <summary>
    /// Each order of a batch's answer: the acks in <paramref name="result"/>'s <c>list</c>, each refused where its entry in
    /// <paramref name="answer"/>'s <c>retExtInfo.list</c> has a code other than 0 (the two lists are in the requests' order).
    /// </summary>
    internal static ImmutableArray<VenueResult<OrderAck>> BatchAcks(JsonElement result, JsonElement answer, IReadOnlyList<OrderRequest> requests)
    {
        var acks = result.GetProperty("list").EnumerateArray().ToArray();
        var codes = answer.TryGetProperty("retExtInfo", out var info) && info.TryGetProperty("list", out var list) ? list.EnumerateArray().ToArray() : [];
        var results = ImmutableArray.CreateBuilder<VenueResult<OrderAck>>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            var code = i < codes.Length && codes[i].TryGetProperty("code", out var c) ? c.GetInt32() : 0;
            results.Add(code != 0
                ? VenueResult<OrderAck>.Failure(BybitErrors.Map(code, codes[i].TryGetProperty("msg", out var m) ? m.GetString() : null))
                : VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create(acks[i].GetProperty("orderId").GetString()!), requests[i].ClientOrderId)));
        }

        return results.MoveToImmutable();
    }

    /// <inheritdoc/>
    /// <remarks><c>/v5/order/amend</c>: price and quantity; Bybit keeps the order id.</remarks>
    public async ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default)
    {
        if (!request.Order.IsSet || (request.NewLimitPrice is null && request.NewQuantity is null))
        {
            return VenueResult<AmendAck>.Failure(Unsent(VenueErrorKind.InvalidRequest, "An amend needs the order's id and a new price or quantity"));
        }

        var answer = await PostAsync("/v5/order/amend", BybitOrderFields.Amend(request, _options.Category), isOrderEntry: true, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return answer.WithoutValue<AmendAck>();
        }

        using var document = JsonDocument.Parse(answer.Value);
        return VenueResult<AmendAck>.Success(new AmendAck(document.RootElement.GetProperty("result").GetProperty("orderId").GetString()));
    }

    /// <inheritdoc/>
    public async ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default)
    {
        if (!order.IsSet)
        {
            return VenueResult<CancelAck>.Failure(Unsent(VenueErrorKind.InvalidRequest, "A cancel needs the venue or the client order id"));
        }

        var answer = await PostAsync("/v5/order/cancel", BybitOrderFields.Reference(instrument, order, _options.Category), isOrderEntry: true, cancellationToken).ConfigureAwait(false);
        return answer.IsSuccess ? VenueResult<CancelAck>.Success(new CancelAck(1)) : answer.WithoutValue<CancelAck>();
    }

    /// <inheritdoc/>
    /// <remarks><c>/v5/order/cancel-all</c> for each symbol ordered on or configured; the count is of the orders Bybit lists.</remarks>
    public async ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var symbol in _symbols.Keys.Order(StringComparer.Ordinal))
        {
            var answer = await PostAsync("/v5/order/cancel-all", new Dictionary<string, object> { ["category"] = BybitVenue.WireName(_options.Category), ["symbol"] = symbol }, isOrderEntry: true, cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccess)
            {
                return answer.WithoutValue<CancelAck>();
            }

            using var document = JsonDocument.Parse(answer.Value);
            count += document.RootElement.GetProperty("result").TryGetProperty("list", out var list) ? list.GetArrayLength() : 0;
        }

        return VenueResult<CancelAck>.Success(new CancelAck(count));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <para>Bybit's switch is its disconnection protection (DCP, <c>POST /v5/order/disconnected-cancel-all</c>): once
    /// every private connection subscribed to <c>dcp</c> (<see cref="BybitTradingOptions.DisconnectProtection"/>) has
    /// been gone for <paramref name="timeout"/> (3 to 300 s, whole seconds), Bybit cancels every open order of the
    /// category's product (<c>SPOT</c> or <c>DERIVATIVES</c>). Unlike a countdown it needs no renewal while connected;
    /// the status's trigger time is the earliest it could fire, a disconnection now. Bybit enables the function per
    /// account, through the account manager, and only they can turn it off: <see cref="TimeSpan.Zero"/> is refused
    /// unsent, and an account without it is refused by Bybit. Bybit takes some seconds to apply a new window.</para>
    /// <para>Source: <see href="https://bybit-exchange.github.io/docs/v5/order/dcp"/>, <see href="https://bybit-exchange.github.io/docs/v5/websocket/private/dcp"/>.</para>
    /// </remarks>
    public async ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var seconds = (int)Math.Ceiling(timeout.TotalSeconds);
        if (seconds is < 3 or > 300)
        {
            return VenueResult<DeadManSwitchStatus>.Failure(Unsent(
                timeout == TimeSpan.Zero ? VenueErrorKind.NotSupported : VenueErrorKind.InvalidRequest,
                timeout == TimeSpan.Zero ? "Bybit's disconnection protection is turned off by its account manager, not by the API" : $"Bybit's disconnection protection window is 3 to 300 s, not {timeout.TotalSeconds} s"));
        }

        var product = _options.Category == BybitCategory.Spot ? "SPOT" : "DERIVATIVES";
        var answer = await SendAsync(HttpMethod.Post, "/v5/order/disconnected-cancel-all", new Dictionary<string, object> { ["product"] = product, ["timeWindow"] = seconds }, null, isOrderEntry: false, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return answer.WithoutValue<DeadManSwitchStatus>();
        }

        var now = _timeProvider.GetUnixNanoseconds();
        return VenueResult<DeadManSwitchStatus>.Success(new DeadManSwitchStatus(now, now + (seconds * 1_000_000_000L)));
    }

    /// <inheritdoc/>
    /// <remarks><c>GET /v5/order/realtime</c> for each symbol ordered on or configured (<c>openOnly=0</c>: the open orders).</remarks>
    public async Task<VenueResult<ImmutableArray<VenueOrder>>> GetOpenOrdersAsync(CancellationToken cancellationToken = default)
    {
        var open = ImmutableArray.CreateBuilder<VenueOrder>();
        foreach (var symbol in _symbols.Keys.Order(StringComparer.Ordinal))
        {
            var read = await ReadOrdersAsync($"category={BybitVenue.WireName(_options.Category)}&symbol={Uri.EscapeDataString(symbol)}&openOnly=0", cancellationToken).ConfigureAwait(false);
            if (!read.IsSuccess)
            {
                return read;
            }

            open.AddRange(read.Value.Where(o => o.Status is OrderStatus.Accepted or OrderStatus.PartiallyFilled));
        }

        return VenueResult<ImmutableArray<VenueOrder>>.Success(open.ToImmutable());
    }

    /// <inheritdoc/>
    /// <remarks><c>GET /v5/order/realtime</c> by <c>orderId</c>: Bybit answers open orders and those closed recently; one it no longer lists is left out.</remarks>
    public async Task<VenueResult<ImmutableArray<VenueOrder>>> QueryOrdersAsync(IReadOnlyList<VenueOrderId> orders, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var found = ImmutableArray.CreateBuilder<VenueOrder>();
        foreach (var order in orders)
        {
            var read = await ReadOrdersAsync($"category={BybitVenue.WireName(_options.Category)}&orderId={Uri.EscapeDataString(order.Value)}", cancellationToken).ConfigureAwait(false);
            if (!read.IsSuccess)
            {
                return read;
            }

            found.AddRange(read.Value);
        }

        return VenueResult<ImmutableArray<VenueOrder>>.Success(found.ToImmutable());
    }

    /// <summary>Gets Bybit's clock minus this machine's, as last read (<see cref="SynchronizeClockAsync"/>); zero until then. Every signed timestamp adds it.</summary>
    public TimeSpan ClockOffset => _clock.Offset;

    /// <summary>Gets Bybit's time now as last read (this machine's clock plus <see cref="ClockOffset"/>), for the WebSocket clients' timestamps and expiries.</summary>
    internal DateTimeOffset ServerNow => _clock.Now;

    /// <summary>
    /// Reads Bybit's clock (<c>GET /v5/market/time</c>, public) and keeps its offset from this machine's, so that signed
    /// timestamps fall within <c>recv_window</c> (Bybit takes <c>server_time - recv_window &lt;= timestamp &lt; server_time + 1000</c>).
    /// Done by itself when a request is refused with 10002; callable at start.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The offset, or the failure.</returns>
    /// <remarks>Source: <see href="https://bybit-exchange.github.io/docs/v5/market/time"/>.</remarks>
    public async Task<VenueResult<TimeSpan>> SynchronizeClockAsync(CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.RequestTimeout);
        try
        {
            var sent = _timeProvider.GetUtcNow();
            using var response = await _http.GetAsync(new Uri(_baseUrl, "/v5/market/time"), deadline.Token).ConfigureAwait(false);
            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false));
            var nanoseconds = long.Parse(document.RootElement.GetProperty("result").GetProperty("timeNano").GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);
            return VenueResult<TimeSpan>.Success(_clock.Record(sent, nanoseconds / 1_000_000));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return VenueResult<TimeSpan>.Failure(VenueError.Timeout($"Bybit market/time did not answer within {_options.RequestTimeout}"));
        }
        catch (Exception exception) when (exception is JsonException or FormatException or OverflowException or InvalidOperationException or KeyNotFoundException or ArgumentNullException)
        {
            return VenueResult<TimeSpan>.Failure(VenueError.MalformedResponse($"Bybit market/time: {exception.Message}"));
        }
        catch (HttpRequestException exception)
        {
            return HttpTransportFailure.Of<TimeSpan>(exception, "/v5/market/time", isOrderEntry: false);
        }
    }

    /// <summary>Reads a symbol's rules and coins from <c>GET /v5/market/instruments-info</c> (public).</summary>
    /// <param name="instrument">The symbol, such as <c>BTCUSDT</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The symbol; <see cref="VenueErrorKind.UnknownInstrument"/> for one the category does not list.</returns>
    /// <remarks>Source: <see href="https://bybit-exchange.github.io/docs/v5/market/instrument"/>.</remarks>
    public async Task<VenueResult<BybitSymbol>> GetSymbolAsync(InstrumentId instrument, CancellationToken cancellationToken = default)
    {
        var path = $"/v5/market/instruments-info?category={BybitVenue.WireName(_options.Category)}&symbol={Uri.EscapeDataString(instrument.Value)}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _http.GetAsync(new Uri(_baseUrl, path), deadline.Token).ConfigureAwait(false);
            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false));
            var root = document.RootElement;
            var code = root.GetProperty("retCode").GetInt32();
            if (code != 0)
            {
                return VenueResult<BybitSymbol>.Failure(BybitErrors.Map(code, root.TryGetProperty("retMsg", out var text) ? text.GetString() : null));
            }

            var item = root.GetProperty("result").GetProperty("list").EnumerateArray().FirstOrDefault(i => i.GetProperty("symbol").GetString() == instrument.Value);
            if (item.ValueKind != JsonValueKind.Object)
            {
                return VenueResult<BybitSymbol>.Failure(new VenueError(VenueErrorKind.UnknownInstrument, false, null, $"Bybit {BybitVenue.WireName(_options.Category)} lists no symbol {instrument}"));
            }

            var lot = item.GetProperty("lotSizeFilter");
            var tick = Number(item.GetProperty("priceFilter"), "tickSize");
            var step = lot.TryGetProperty("qtyStep", out _) ? Number(lot, "qtyStep") : Number(lot, "basePrecision");
            var minimum = lot.TryGetProperty("minOrderQty", out _) ? Number(lot, "minOrderQty") : 0m;
            var notional = lot.TryGetProperty("minNotionalValue", out _) ? Number(lot, "minNotionalValue") : lot.TryGetProperty("minOrderAmt", out _) ? Number(lot, "minOrderAmt") : 0m;
            var spec = new InstrumentSpec(instrument, new Price(tick), new Quantity(step), tick.Scale, step.Scale, minimum > 0 ? new Quantity(minimum) : null, null, notional);
            return VenueResult<BybitSymbol>.Success(new BybitSymbol(spec, AssetId.Create(item.GetProperty("baseCoin").GetString()!), AssetId.Create(item.GetProperty("quoteCoin").GetString()!)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return VenueResult<BybitSymbol>.Failure(VenueError.Timeout($"Bybit instruments-info did not answer within {_options.RequestTimeout}"));
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return VenueResult<BybitSymbol>.Failure(VenueError.MalformedResponse($"Bybit instruments-info: {exception.Message}"));
        }
        catch (HttpRequestException exception)
        {
            return HttpTransportFailure.Of<BybitSymbol>(exception, "/v5/market/instruments-info", isOrderEntry: false);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _ownedHttp?.Dispose();

    /// <summary>Adds a symbol to those cancel-all and the open-order reads cover (an order placed on it another way, such as the WebSocket).</summary>
    internal void Cover(InstrumentId instrument) => _symbols.TryAdd(instrument.Value, 0);

    private static decimal Number(JsonElement element, string name) =>
        decimal.Parse(element.GetProperty(name).GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Reads <c>/v5/order/realtime</c>'s list: each order as the venue reports it.</summary>
    private async Task<VenueResult<ImmutableArray<VenueOrder>>> ReadOrdersAsync(string query, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Get, "/v5/order/realtime", null, query, isOrderEntry: false, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return answer.WithoutValue<ImmutableArray<VenueOrder>>();
        }

        try
        {
            using var document = JsonDocument.Parse(answer.Value);
            return VenueResult<ImmutableArray<VenueOrder>>.Success([.. document.RootElement.GetProperty("result").GetProperty("list").EnumerateArray().Select(BybitOrderMessage.ReadOrder)]);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return VenueResult<ImmutableArray<VenueOrder>>.Failure(VenueError.MalformedResponse($"Bybit /v5/order/realtime: {exception.Message}"));
        }
    }

    internal static VenueError Unsent(VenueErrorKind kind, string message) => new(kind, false, null, message) { NotSent = true };

    private static OrderAck Ack(byte[] body, ClientOrderId clientOrderId)
    {
        using var document = JsonDocument.Parse(body);
        return new OrderAck(VenueOrderId.Create(document.RootElement.GetProperty("result").GetProperty("orderId").GetString()!), clientOrderId);
    }

    /// <summary>Why an order cannot be sent (invalid, or not supported by the category), or <see langword="null"/>.</summary>
    internal VenueError? Problem(OrderRequest request) =>
        request.Validate() is { } invalid ? Unsent(VenueErrorKind.InvalidRequest, invalid)
        : Capabilities.Check(request) is { } unsupported ? Unsent(VenueErrorKind.NotSupported, unsupported)
        : null;

    /// <summary>Sends a signed account request (not order entry: a failure, never an unknown outcome): a JSON POST, or a GET with its query string.</summary>
    internal Task<VenueResult<byte[]>> SendSignedAsync(HttpMethod method, string path, Dictionary<string, object>? body, string? query, CancellationToken cancellationToken) =>
        SendAsync(method, path, body, query, isOrderEntry: false, cancellationToken);

    private Task<VenueResult<byte[]>> PostAsync(string path, Dictionary<string, object> body, bool isOrderEntry, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, null, isOrderEntry, cancellationToken);

    /// <summary>
    /// Sends a signed request: the envelope on <c>retCode</c> 0, else the failure; an unanswered order request is an
    /// unknown outcome. A 10002 (the timestamp outside the window: this machine's clock off Bybit's; nothing was done)
    /// reads Bybit's clock and sends once more.
    /// </summary>
    private async Task<VenueResult<byte[]>> SendAsync(HttpMethod method, string path, Dictionary<string, object>? body, string? query, bool isOrderEntry, CancellationToken cancellationToken)
    {
        if (isOrderEntry && await AdmitAsync(path, cancellationToken).ConfigureAwait(false) is { } overRate)
        {
            return VenueResult<byte[]>.Failure(overRate);
        }

        var result = await SendOnceAsync(method, path, body, query, isOrderEntry, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess && result.Error!.Kind == VenueErrorKind.InvalidNonce && (await SynchronizeClockAsync(cancellationToken).ConfigureAwait(false)).IsSuccess)
        {
            result = await SendOnceAsync(method, path, body, query, isOrderEntry, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<VenueResult<byte[]>> SendOnceAsync(HttpMethod method, string path, Dictionary<string, object>? body, string? query, bool isOrderEntry, CancellationToken cancellationToken)
    {
        // The bytes signed are the bytes sent: a POST's JSON body, a GET's query string.
        var json = body is null ? null : JsonSerializer.Serialize(body);
        var timestamp = _clock.NowMilliseconds;
        using var message = new HttpRequestMessage(method, new Uri(_baseUrl, query is { Length: > 0 } ? $"{path}?{query}" : path));
        if (json is not null)
        {
            message.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        message.Headers.Add("X-BAPI-API-KEY", _options.ApiKey);
        message.Headers.Add("X-BAPI-TIMESTAMP", timestamp.ToString(CultureInfo.InvariantCulture));
        message.Headers.Add("X-BAPI-RECV-WINDOW", _options.RecvWindowMilliseconds.ToString(CultureInfo.InvariantCulture));
        message.Headers.Add("X-BAPI-SIGN", _signer.SignRequest(timestamp, _options.RecvWindowMilliseconds, json ?? query ?? string.Empty));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(message, deadline.Token).ConfigureAwait(false);
            var answer = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                // Over the IP's limit: Bybit asks for a pause of at least ten minutes.
                return VenueResult<byte[]>.Failure(new VenueError(VenueErrorKind.RateLimited, true, "Bybit HTTP 403", $"{path}: access too frequent") { RetryAfter = TimeSpan.FromMinutes(10) });
            }

            if (status >= 500)
            {
                var error = new VenueError(VenueErrorKind.ServiceUnavailable, true, null, $"HTTP {status} from Bybit {path}");
                return isOrderEntry ? Unknown(path, error) : VenueResult<byte[]>.Failure(error);
            }

            using var document = JsonDocument.Parse(answer);
            var code = document.RootElement.GetProperty("retCode").GetInt32();
            if (code == 0)
            {
                return VenueResult<byte[]>.Success(answer);
            }

            var refused = BybitErrors.Map(code, document.RootElement.TryGetProperty("retMsg", out var text) ? text.GetString() : null);
            return code is 10016 && isOrderEntry ? Unknown(path, refused) : VenueResult<byte[]>.Failure(refused);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var error = VenueError.Timeout($"Bybit {path} did not answer within {_options.RequestTimeout}");
            return isOrderEntry ? Unknown(path, error) : VenueResult<byte[]>.Failure(error);
        }
        catch (JsonException exception)
        {
            var error = VenueError.MalformedResponse($"Bybit {path}: {exception.Message}");
            return isOrderEntry ? Unknown(path, error) : VenueResult<byte[]>.Failure(error);
        }
        catch (HttpRequestException exception)
        {
            return HttpTransportFailure.Of<byte[]>(exception, path, isOrderEntry);
        }
    }

    /// <summary>
    /// Waits for room under the endpoint's per-account rate (shared with the trade stream's order entry, which Bybit
    /// counts against the same limits): a counter of at most 0.4 × the rate that decays by
    /// 0.5 × the rate a second lets at most 0.9 × the rate through in any second, below Bybit's rolling limit.
    /// </summary>
    internal async ValueTask<VenueError?> AdmitAsync(string path, CancellationToken cancellationToken)
    {
        var rate = _options.OrderRequestsPerSecond ?? (_options.Category == BybitCategory.Spot ? 20 : 10);
        var limiter = _rates.GetOrAdd(path, _ => new DecayingCounterRateLimiter(new DecayingCounter(Math.Max(1, 0.4 * rate), 0.5 * rate, _timeProvider), _timeProvider, _options.MaxRateLimitWait));
        using var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (lease.IsAcquired)
        {
            return null;
        }

        lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter);
        return new VenueError(VenueErrorKind.RateLimited, IsTransient: true, null, $"Not sent: Bybit's {rate} a second on {path} would be exceeded") { RetryAfter = retryAfter, NotSent = true };
    }

    private VenueResult<byte[]> Unknown(string path, VenueError error)
    {
        Log.OrderOutcomeUnknown(_logger, path, error);
        return VenueResult<byte[]>.Unknown(error);
    }
}
