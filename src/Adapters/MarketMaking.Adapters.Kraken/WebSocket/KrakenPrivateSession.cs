using System.Net.WebSockets;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// The authenticated Kraken WebSocket v2 session: a fresh token for every connection, the <c>executions</c> channel
/// (open orders and recent fills as a snapshot, then every order event and fill) and <c>balances</c>, each with its
/// sequence checked, and the answers to order-entry requests.
/// </summary>
/// <remarks>
/// <para>A token is fetched from REST for every new connection (Kraken: a token must be used within 15 minutes of issue;
/// once a subscription is active it lasts as long as the connection). A subscription refused with
/// <c>ESession:Invalid session</c> gets one new token and one more try; failing again, the connection is replaced after
/// the backoff. An order request refused for the token replaces the connection, which re-authenticates.</para>
/// <para>A gap in a channel's <c>sequence</c> (a message missing or out of order) replaces the connection, whose
/// snapshots rebuild the state; a message whose sequence was seen already is a duplicate and is dropped.</para>
/// <para>Sources: <see href="https://docs.kraken.com/api/docs/websocket-v2/executions"/>,
/// <see href="https://docs.kraken.com/api/docs/websocket-v2/balances"/>,
/// <see href="https://docs.kraken.com/api/docs/rest-api/get-websockets-token"/>.</para>
/// </remarks>
internal sealed class KrakenPrivateSession : IWebSocketSessionHandler
{
    private const string ConnectionName = "private";
    private readonly IVenueEventSink _sink;
    private readonly KrakenWsRequester _requester;
    private readonly Func<CancellationToken, Task<VenueResult<KrakenWebSocketToken>>> _getToken;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TimeSpan _requestTimeout;
    private readonly KrakenOrderAdmission _admission;
    private readonly HashSet<string> _openOrders = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);
    private string? _token;

    public KrakenPrivateSession(
        IVenueEventSink sink,
        KrakenWsRequester requester,
        Func<CancellationToken, Task<VenueResult<KrakenWebSocketToken>>> getToken,
        KrakenOrderAdmission admission,
        TimeProvider timeProvider,
        ILogger logger,
        TimeSpan requestTimeout)
    {
        _sink = sink;
        _requester = requester;
        _getToken = getToken;
        _admission = admission;
        _timeProvider = timeProvider;
        _logger = logger;
        _requestTimeout = requestTimeout;
    }

    /// <summary>Raised (on the receiving task) when the number of our resting orders goes from zero to some or back.</summary>
    public event Action<bool>? OrdersRestingChanged;

    /// <summary>Raised when a connection's session is restored (subscriptions acknowledged).</summary>
    public event Action? Restored;

    /// <summary>Gets the token of the current connection, or <see langword="null"/> when none is open.</summary>
    public string? Token => Volatile.Read(ref _token);

    /// <summary>Gets how many tokens were fetched (one per connection, plus one per rejected token).</summary>
    public int TokensFetched { get; private set; }

    /// <summary>Gets how many frames were skipped because they were not JSON or not of the documented shape.</summary>
    public int SkippedFrames { get; private set; }

    /// <summary>Gets the <c>maxratecount</c> Kraken reported in the executions acknowledgement, or <see langword="null"/>.</summary>
    public int? MaxRateCount { get; private set; }

    /// <summary>Gets how many of our orders rest, as seen on the executions channel and in acknowledgements.</summary>
    public int OpenOrderCount
    {
        get
        {
            lock (_gate)
            {
                return _openOrders.Count;
            }
        }
    }

    public async Task OnConnectedAsync(CancellationToken cancellationToken)
    {
        // The executions snapshot of this connection tells which orders rest; what was known before may be stale.
        lock (_gate)
        {
            _sequences.Clear();
            _openOrders.Clear();
        }

        await RenewTokenAsync(cancellationToken).ConfigureAwait(false);
        var executions = await SubscribeExecutionsAsync(cancellationToken).ConfigureAwait(false);
        if (!executions.IsSuccess && executions.Error is { Kind: VenueErrorKind.AuthenticationFailed } rejected)
        {
            Log.TokenRejected(_logger, rejected.Message);
            await RenewTokenAsync(cancellationToken).ConfigureAwait(false);
            executions = await SubscribeExecutionsAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!executions.IsSuccess)
        {
            throw new InvalidOperationException($"Kraken refused the executions subscription: {executions.Error}");
        }

        var id = _requester.NextRequestId();
        var balances = KrakenWsFrames.ToAcknowledgement(await _requester.SendAsync(
            id, KrakenWsRequestWriter.Subscription("subscribe", "balances", id, token: Token, flags: [new("snapshot", true)]), _requestTimeout, changesVenueState: false, cancellationToken)
            .ConfigureAwait(false));
        if (!balances.IsSuccess)
        {
            throw new InvalidOperationException($"Kraken refused the balances subscription: {balances.Error}");
        }

        Restored?.Invoke();
    }

    public async ValueTask OnMessageAsync(ReadOnlyMemory<byte> message, WebSocketMessageType messageType)
    {
        if (!KrakenWsFrames.LooksLikeJson(message.Span, messageType))
        {
            Skip("not JSON", message.Length);
            return;
        }

        await KrakenWsFrames.DispatchJsonAsync(message, OnJsonAsync, problem => Skip(problem, message.Length)).ConfigureAwait(false);
    }

    public void OnDisconnected(string reason)
    {
        Volatile.Write(ref _token, null);
        _requester.FailAll(reason);
    }

    public Task SendPingAsync(CancellationToken cancellationToken) => _requester.PingAsync(_requestTimeout, cancellationToken);

    /// <summary>Notes that an order was acknowledged as placed: it rests until the executions channel says otherwise.</summary>
    public void OnOrderPlaced(VenueOrderId? venueOrderId)
    {
        if (venueOrderId is { Value: not null } id)
        {
            SetOpen(id.Value, open: true);
        }
    }

    private async Task RenewTokenAsync(CancellationToken cancellationToken)
    {
        var token = await _getToken(cancellationToken).ConfigureAwait(false);
        if (!token.IsSuccess)
        {
            throw new InvalidOperationException($"No Kraken WebSocket token: {token.Error}");
        }

        TokensFetched++;
        Volatile.Write(ref _token, token.Value.Token);
    }

    private async Task<VenueResult<bool>> SubscribeExecutionsAsync(CancellationToken cancellationToken)
    {
        var id = _requester.NextRequestId();
        var request = KrakenWsRequestWriter.Subscription("subscribe", "executions", id, token: Token,
            flags: [new("snap_orders", true), new("snap_trades", true), new("order_status", true)]);
        var answer = await _requester.SendAsync(id, request, _requestTimeout, changesVenueState: false, cancellationToken).ConfigureAwait(false);
        if (answer.IsSuccess && answer.Value.Success && answer.Value.Result.ValueKind == JsonValueKind.Object
            && answer.Value.Result.TryGetProperty("maxratecount", out var max) && max.TryGetInt32(out var count))
        {
            MaxRateCount = count;
        }

        return KrakenWsFrames.ToAcknowledgement(answer);
    }

    private async Task OnJsonAsync(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("Expected a JSON object");
        }

        if (root.TryGetProperty("method", out _))
        {
            _requester.TryComplete(KrakenWsReaders.ReadResponse(root));
            return;
        }

        var tsInit = _timeProvider.GetUnixNanoseconds();
        var channel = KrakenJson.GetOptionalString(root, "channel");
        switch (channel)
        {
            case "heartbeat" or "status":
                return;
            case "executions":
                var executions = KrakenWsReaders.ReadExecutions(root, tsInit);
                if (!CheckSequence(channel, executions.IsSnapshot, executions.Sequence))
                {
                    return;
                }

                foreach (var venueEvent in executions.Events)
                {
                    Track(venueEvent, executions.IsSnapshot);
                    await _sink.PostAsync(venueEvent).ConfigureAwait(false);
                }

                return;
            case "balances":
                var isSnapshot = KrakenJson.GetOptionalString(root, "type") == "snapshot";
                long? sequence = root.TryGetProperty("sequence", out var s) && s.TryGetInt64(out var n) ? n : null;
                if (!CheckSequence(channel, isSnapshot, sequence))
                {
                    return;
                }

                foreach (var balance in KrakenWsReaders.ReadBalances(root, tsInit))
                {
                    await _sink.PostAsync(balance).ConfigureAwait(false);
                }

                return;
            default:
                throw new FormatException("Unknown message");
        }
    }

    private bool CheckSequence(string channel, bool isSnapshot, long? sequence)
    {
        if (sequence is not { } received)
        {
            return true;
        }

        lock (_gate)
        {
            if (!isSnapshot && _sequences.TryGetValue(channel, out var last))
            {
                if (received <= last)
                {
                    // Seen already: a duplicate is dropped, so nothing is counted twice.
                    Log.SequenceDuplicate(_logger, channel, received, last);
                    return false;
                }

                if (received != last + 1)
                {
                    Log.SequenceGap(_logger, channel, last + 1, received);
                    _requester.Connection?.Reconnect($"{channel} sequence gap: expected {last + 1}, got {received}");
                    return false;
                }
            }

            _sequences[channel] = received;
            return true;
        }
    }

    private void Track(VenueEvent venueEvent, bool isSnapshot)
    {
        switch (venueEvent)
        {
            case OrderUpdate update:
                var open = update.Status is OrderStatus.PendingNew or OrderStatus.Accepted or OrderStatus.PartiallyFilled;
                SetOpen(update.VenueOrderId.Value, open);
                if (update.Status is OrderStatus.Filled or OrderStatus.Canceled or OrderStatus.Expired)
                {
                    _admission.Forget(update.VenueOrderId, update.ClientOrderId);
                }

                break;
            case FillEvent { OrderStatus: OrderStatus.Filled } fill when !isSnapshot:
                SetOpen(fill.VenueOrderId.Value, open: false);
                _admission.Forget(fill.VenueOrderId, fill.ClientOrderId);
                break;
        }
    }

    private void SetOpen(string venueOrderId, bool open)
    {
        bool wasResting;
        bool isResting;
        lock (_gate)
        {
            wasResting = _openOrders.Count > 0;
            if (open)
            {
                _openOrders.Add(venueOrderId);
            }
            else
            {
                _openOrders.Remove(venueOrderId);
            }

            isResting = _openOrders.Count > 0;
        }

        if (wasResting != isResting)
        {
            OrdersRestingChanged?.Invoke(isResting);
        }
    }

    private void Skip(string problem, int length)
    {
        // Private frames may carry account data: log the problem and the size, never the content.
        SkippedFrames++;
        Log.FrameSkipped(_logger, ConnectionName, problem, $"({length} bytes)");
    }
}
