using System.Collections.Concurrent;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// The checks every Kraken order-entry request passes before it is sent, shared by the REST and WebSocket clients of
/// one API key: the request's own validity and Kraken's rules, and the per-pair trading counter, charged by the age of
/// the order being amended or canceled (its age counts from placement or last amend).
/// </summary>
/// <remarks>
/// <para>Cancels come first. A new order or amend is admitted only if it leaves enough of the counter to cancel every
/// order we have open on the pair at its current age, plus the new order itself (a young order's cancel costs 8), so
/// that a shutdown or the kill switch can always cancel everything at once. A cancel the counter cannot take yet is
/// held until it fits (<see cref="AdmitCancelAsync"/>), never refused at once: a refusal would leave the order resting
/// and invite a caller to send the cancel again.</para>
/// <para>Source: <see href="https://docs.kraken.com/api/docs/guides/spot-ratelimits"/>; notes in <c>docs/protocol/kraken.md</c>, behaviour in <c>docs/adapters/kraken.md</c> §6.2.</para>
/// </remarks>
public sealed class KrakenOrderAdmission
{
    private static readonly double s_youngCancelCost = KrakenRateLimits.TradingCost(KrakenTradingAction.CancelOrder);
    private readonly ConcurrentDictionary<string, OrderTime> _orderTimes = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly bool _enforce;
    private readonly bool _reserveForOpenOrders;
    private readonly TimeSpan _maxCancelWait;

    /// <summary>Initializes the checks, without a reserve for open orders' cancels (beyond the counters' own).</summary>
    /// <param name="counters">The per-pair trading counters of the API key.</param>
    /// <param name="timeProvider">The clock, for order ages.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <param name="enforce">Whether <see cref="TryAdmit"/> refuses when the budget is short (off: it never refuses).</param>
    /// <exception cref="ArgumentNullException"><paramref name="counters"/> or <paramref name="timeProvider"/> is null.</exception>
    public KrakenOrderAdmission(KrakenTradingCounters counters, TimeProvider timeProvider, ILogger? logger = null, bool enforce = true)
        : this(counters, timeProvider, logger, enforce, reserveForOpenOrders: false, TimeSpan.FromSeconds(30))
    {
    }

    /// <summary>Initializes the checks.</summary>
    /// <param name="counters">The per-pair trading counters of the API key.</param>
    /// <param name="timeProvider">The clock, for order ages.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <param name="enforce">Whether <see cref="TryAdmit"/> refuses when the budget is short (off: it never refuses).</param>
    /// <param name="reserveForOpenOrders">Whether new orders and amends must leave the budget to cancel every open order of the pair (a client: on; the venue's own counter, in the simulator: off).</param>
    /// <param name="maxCancelWait">How long <see cref="AdmitCancelAsync"/> holds a cancel for the budget before giving up.</param>
    /// <exception cref="ArgumentNullException"><paramref name="counters"/> or <paramref name="timeProvider"/> is null.</exception>
    public KrakenOrderAdmission(KrakenTradingCounters counters, TimeProvider timeProvider, ILogger? logger, bool enforce, bool reserveForOpenOrders, TimeSpan maxCancelWait)
    {
        _enforce = enforce;
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Counters = counters;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _reserveForOpenOrders = reserveForOpenOrders;
        _maxCancelWait = maxCancelWait;
    }

    /// <summary>Gets the per-pair trading counters; strategies read the remaining budget here.</summary>
    public KrakenTradingCounters Counters { get; }

    /// <summary>Checks an order against its own rules, Kraken's capabilities and Kraken's client order id format.</summary>
    /// <param name="request">The order.</param>
    /// <returns>An <see cref="VenueErrorKind.InvalidRequest"/> error, or <see langword="null"/> when it may be sent.</returns>
    public VenueError? Check(OrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problem = request.Validate() ?? KrakenVenue.Capabilities.Check(request) ?? KrakenVenue.CheckClientOrderId(request.ClientOrderId);
        return problem is null ? null : Invalid(problem);
    }

    /// <summary>Checks a batch: 2 to 15 orders on one pair (Kraken's rule), each of them valid.</summary>
    /// <param name="requests">The orders.</param>
    /// <returns>An <see cref="VenueErrorKind.InvalidRequest"/> error, or <see langword="null"/> when the batch may be sent.</returns>
    public VenueError? CheckBatch(IReadOnlyList<OrderRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return requests.Count is < 2 or > 15 || requests.Any(r => r.Instrument != requests[0].Instrument)
            ? Invalid("A Kraken batch holds 2 to 15 orders on one pair")
            : requests.Select(Check).FirstOrDefault(p => p is not null);
    }

    /// <summary>Checks that an amend names an order and changes its quantity or price.</summary>
    /// <param name="request">The amend.</param>
    /// <returns>The error, or <see langword="null"/>.</returns>
    public static VenueError? CheckAmend(AmendRequest request)
    {
        return !request.Order.IsSet || (request.NewQuantity is null && request.NewLimitPrice is null)
            ? Invalid("An amend names an order and changes its quantity or price")
            : null;
    }

    /// <summary>Checks that a cancel names an order.</summary>
    /// <param name="order">The order.</param>
    /// <returns>The error, or <see langword="null"/>.</returns>
    public static VenueError? CheckCancel(OrderReference order) => order.IsSet ? null : Invalid("A cancel names an order");

    /// <summary>Checks a dead-man switch timeout: 0 (off) to below 86,400 s.</summary>
    /// <param name="timeout">The timeout.</param>
    /// <returns>The error, or <see langword="null"/>.</returns>
    public static VenueError? CheckDeadManSwitch(TimeSpan timeout) =>
        timeout < TimeSpan.Zero || timeout >= KrakenVenue.Capabilities.MaxDeadManSwitchTimeout
            ? Invalid($"The dead-man switch timeout must be 0 (off) to below 86400 s, not {timeout}")
            : null;

    /// <summary>Charges the pair's trading counter for an action, unless the budget is short.</summary>
    /// <param name="instrument">The pair.</param>
    /// <param name="action">The action.</param>
    /// <param name="order">The order amended or canceled (its age sets the penalty), or <see langword="null"/> for new orders.</param>
    /// <param name="orderCount">How many orders the action covers (batches).</param>
    /// <param name="refused">When refused: a transient <see cref="VenueErrorKind.RateLimited"/> error with the wait, marked <see cref="VenueError.NotSent"/>.</param>
    /// <returns>Whether the action may be sent.</returns>
    public bool TryAdmit(InstrumentId instrument, KrakenTradingAction action, OrderReference? order, int orderCount, out VenueError refused)
    {
        var age = order is { } reference ? OrderAge(reference) : TimeSpan.Zero;
        if (Counters.TryAdmit(instrument, action, age, orderCount, ReserveFor(instrument, action, age, orderCount), out var retryAfter) || !_enforce)
        {
            refused = null!;
            return true;
        }

        Log.TradingBudgetShort(_logger, action, instrument.Value, retryAfter);
        refused = new VenueError(VenueErrorKind.RateLimited, IsTransient: true, null,
            $"Not sent: the {instrument} trading counter budget is short for {action}") { RetryAfter = retryAfter, NotSent = true };
        return false;
    }

    /// <summary>
    /// Charges a cancel (<see cref="KrakenTradingAction.CancelOrder"/> or <see cref="KrakenTradingAction.BatchCancel"/>),
    /// waiting for the counter to decay when it cannot take the cancel yet: a cancel is held, not refused.
    /// </summary>
    /// <param name="instrument">The pair.</param>
    /// <param name="action">The cancel action.</param>
    /// <param name="order">The order canceled (the first of a batch).</param>
    /// <param name="orderCount">How many orders the cancel covers.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns><see langword="null"/> once admitted; the refusal when the wait passed the maximum or was canceled.</returns>
    public async Task<VenueError?> AdmitCancelAsync(InstrumentId instrument, KrakenTradingAction action, OrderReference order, int orderCount, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        while (true)
        {
            if (TryAdmit(instrument, action, order, orderCount, out var refused))
            {
                return null;
            }

            var wait = refused.RetryAfter is { } retryAfter && retryAfter > TimeSpan.FromMilliseconds(20) ? retryAfter : TimeSpan.FromMilliseconds(20);
            if (_timeProvider.GetElapsedTime(started) + wait > _maxCancelWait)
            {
                return refused;
            }

            try
            {
                await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return refused;
            }
        }
    }

    /// <summary>
    /// Gets how many new orders on a pair fit in the trading counter now, above the cancel reserve. With the reserve for
    /// open orders, each new order takes its own point and the 8 its cancel would cost while it is young.
    /// </summary>
    /// <param name="instrument">The pair.</param>
    /// <returns>The count; <see cref="int.MaxValue"/> when the counter is not enforced.</returns>
    public int NewOrderHeadroom(InstrumentId instrument)
    {
        if (!_enforce)
        {
            return int.MaxValue;
        }

        if (!_reserveForOpenOrders)
        {
            return Counters.NewOrderHeadroom(instrument);
        }

        // The counters count whole points above the reserve; each new order needs its point and its cancel's.
        return Counters.NewOrderHeadroom(instrument, CancelCostOfOpenOrders(instrument)) / (int)(KrakenRateLimits.TradingCost(KrakenTradingAction.AddOrder) + s_youngCancelCost);
    }

    /// <summary>Gets what canceling every order we have open on a pair would cost now, in counter units.</summary>
    /// <param name="instrument">The pair.</param>
    /// <returns>The sum of each open order's cancel cost at its current age.</returns>
    public double CancelCostOfOpenOrders(InstrumentId instrument)
    {
        double total = 0;
        foreach (var order in _orderTimes.Values.Distinct())
        {
            if (order.Instrument == instrument)
            {
                total += KrakenRateLimits.TradingCost(KrakenTradingAction.CancelOrder, _timeProvider.GetElapsedTime(order.PlacedAt));
            }
        }

        return total;
    }

    /// <summary>
    /// Learns from a trading answer: Kraken's refusal for its per-pair counter saturates ours
    /// (<see cref="KrakenTradingCounters.SaturateFromVenue"/>); a request that never left because the connection was not
    /// open gets its charge back, since Kraken charges on receipt (without it, cancels retried through an outage would
    /// spend the whole budget on nothing and hold back quoting for a minute after the venue returns).
    /// </summary>
    /// <param name="instrument">The pair.</param>
    /// <param name="action">The action the request was admitted for.</param>
    /// <param name="order">The order amended or canceled (the first of a batch), or <see langword="null"/> for new orders.</param>
    /// <param name="orderCount">How many orders the request covered.</param>
    /// <param name="error">The answer's error, or <see langword="null"/>.</param>
    public void OnAnswer(InstrumentId instrument, KrakenTradingAction action, OrderReference? order, int orderCount, VenueError? error)
    {
        switch (error)
        {
            case { Kind: VenueErrorKind.RateLimited, VenueCode: "EOrder:Rate limit exceeded" }:
                Counters.SaturateFromVenue(instrument);
                break;
            case { Kind: VenueErrorKind.Transport, NotSent: true }:
                Counters.Refund(instrument, action, order is { } reference ? OrderAge(reference) : TimeSpan.Zero, orderCount);
                break;
        }
    }

    /// <summary>Records that an order on a pair was placed or amended now (its age restarts); it then counts in the pair's cancel reserve.</summary>
    /// <param name="instrument">The pair.</param>
    /// <param name="venueOrderId">The venue's id, when known.</param>
    /// <param name="clientOrderId">The client's id, when known.</param>
    public void RememberOrderTime(InstrumentId instrument, VenueOrderId? venueOrderId, ClientOrderId? clientOrderId) =>
        Remember(instrument, venueOrderId, clientOrderId);

    /// <summary>Records that an order was placed or amended now (its age restarts).</summary>
    /// <param name="venueOrderId">The venue's id, when known.</param>
    /// <param name="clientOrderId">The client's id, when known.</param>
    public void RememberOrderTime(VenueOrderId? venueOrderId, ClientOrderId? clientOrderId) => Remember(null, venueOrderId, clientOrderId);

    /// <summary>Forgets a finished order (filled, canceled, expired), so that the table does not grow without bound.</summary>
    /// <param name="venueOrderId">The venue's id, when known.</param>
    /// <param name="clientOrderId">The client's id, when known.</param>
    public void Forget(VenueOrderId? venueOrderId, ClientOrderId? clientOrderId)
    {
        if (venueOrderId is { Value: not null } venueId)
        {
            _orderTimes.TryRemove(venueId.Value, out _);
        }

        if (clientOrderId is { Value: not null } clientId)
        {
            _orderTimes.TryRemove(clientId.Value, out _);
        }
    }

    /// <summary>Gets whether an order was placed or amended through this admission, so that its age is known.</summary>
    /// <param name="order">The order.</param>
    /// <returns><see langword="true"/> when its placement or last amend was recorded and not forgotten.</returns>
    public bool Knows(OrderReference order) =>
        (order.VenueOrderId?.Value ?? order.ClientOrderId?.Value) is { } key && _orderTimes.ContainsKey(key);

    /// <summary>Returns an order's age; an order never seen is charged as new (the costliest bracket).</summary>
    /// <param name="order">The order.</param>
    /// <returns>The time since it was placed or last amended.</returns>
    public TimeSpan OrderAge(OrderReference order)
    {
        var key = order.VenueOrderId?.Value ?? order.ClientOrderId?.Value;
        return key is not null && _orderTimes.TryGetValue(key, out var placed) ? _timeProvider.GetElapsedTime(placed.PlacedAt) : TimeSpan.Zero;
    }

    private void Remember(InstrumentId? instrument, VenueOrderId? venueOrderId, ClientOrderId? clientOrderId)
    {
        var now = _timeProvider.GetTimestamp();
        var known = (venueOrderId?.Value is { } v && _orderTimes.TryGetValue(v, out var byVenue) ? byVenue : null)
            ?? (clientOrderId?.Value is { } c && _orderTimes.TryGetValue(c, out var byClient) ? byClient : null);
        var entry = known ?? new OrderTime();
        entry.PlacedAt = now;
        entry.Instrument = instrument ?? entry.Instrument;
        if (venueOrderId?.Value is { } venueId)
        {
            _orderTimes[venueId] = entry;
        }

        if (clientOrderId?.Value is { } clientId)
        {
            _orderTimes[clientId] = entry;
        }
    }

    /// <summary>The budget a request must leave for cancels: every open order's cancel now, with the new or amended orders young again.</summary>
    private double ReserveFor(InstrumentId instrument, KrakenTradingAction action, TimeSpan age, int orderCount)
    {
        if (!_reserveForOpenOrders || action is KrakenTradingAction.CancelOrder or KrakenTradingAction.BatchCancel)
        {
            return 0;
        }

        var open = CancelCostOfOpenOrders(instrument);
        return action switch
        {
            KrakenTradingAction.AddOrder or KrakenTradingAction.BatchAdd => open + (s_youngCancelCost * orderCount),
            _ => open - KrakenRateLimits.TradingCost(KrakenTradingAction.CancelOrder, age) + s_youngCancelCost,
        };
    }

    /// <summary>When an order was placed or last amended (a <see cref="TimeProvider"/> timestamp), and on which pair.</summary>
    private sealed class OrderTime
    {
        public long PlacedAt { get; set; }

        public InstrumentId? Instrument { get; set; }
    }

    internal static VenueError Invalid(string message) => new(VenueErrorKind.InvalidRequest, IsTransient: false, null, message) { NotSent = true };
}
