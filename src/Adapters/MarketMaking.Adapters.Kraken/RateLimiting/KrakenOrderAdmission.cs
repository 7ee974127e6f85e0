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
/// <remarks>Source: <see href="https://docs.kraken.com/api/docs/guides/spot-ratelimits"/>; notes in <c>../shared/docs/kraken.md</c>, behaviour in <c>docs/adapters/kraken.md</c> §6.2.</remarks>
public sealed class KrakenOrderAdmission
{
    private readonly ConcurrentDictionary<string, long> _orderTimes = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly bool _enforce;

    /// <summary>Initializes the checks.</summary>
    /// <param name="counters">The per-pair trading counters of the API key.</param>
    /// <param name="timeProvider">The clock, for order ages.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <param name="enforce">Whether <see cref="TryAdmit"/> refuses when the budget is short (off: it never refuses).</param>
    /// <exception cref="ArgumentNullException"><paramref name="counters"/> or <paramref name="timeProvider"/> is null.</exception>
    public KrakenOrderAdmission(KrakenTradingCounters counters, TimeProvider timeProvider, ILogger? logger = null, bool enforce = true)
    {
        _enforce = enforce;
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Counters = counters;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
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
        ArgumentNullException.ThrowIfNull(request);
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
    /// <param name="refused">When refused: a transient <see cref="VenueErrorKind.RateLimited"/> error with the wait.</param>
    /// <returns>Whether the action may be sent.</returns>
    public bool TryAdmit(InstrumentId instrument, KrakenTradingAction action, OrderReference? order, int orderCount, out VenueError refused)
    {
        var age = order is { } reference ? OrderAge(reference) : TimeSpan.Zero;
        if (Counters.TryAdmit(instrument, action, age, orderCount, out var retryAfter) || !_enforce)
        {
            refused = null!;
            return true;
        }

        Log.TradingBudgetShort(_logger, action, instrument.Value, retryAfter);
        refused = new VenueError(VenueErrorKind.RateLimited, IsTransient: true, null,
            $"Not sent: the {instrument} trading counter budget is short for {action}") { RetryAfter = retryAfter };
        return false;
    }

    /// <summary>Gets how many new orders on a pair fit in the trading counter now, above the cancel reserve.</summary>
    /// <param name="instrument">The pair.</param>
    /// <returns>The count; <see cref="int.MaxValue"/> when the counter is not enforced.</returns>
    public int NewOrderHeadroom(InstrumentId instrument) => _enforce ? Counters.NewOrderHeadroom(instrument) : int.MaxValue;

    /// <summary>Records that an order was placed or amended now (its age restarts).</summary>
    /// <param name="venueOrderId">The venue's id, when known.</param>
    /// <param name="clientOrderId">The client's id, when known.</param>
    public void RememberOrderTime(VenueOrderId? venueOrderId, ClientOrderId? clientOrderId)
    {
        var now = _timeProvider.GetTimestamp();
        if (venueOrderId is { Value: not null } venueId)
        {
            _orderTimes[venueId.Value] = now;
        }

        if (clientOrderId is { Value: not null } clientId)
        {
            _orderTimes[clientId.Value] = now;
        }
    }

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

    /// <summary>Returns an order's age; an order never seen is charged as new (the costliest bracket).</summary>
    /// <param name="order">The order.</param>
    /// <returns>The time since it was placed or last amended.</returns>
    public TimeSpan OrderAge(OrderReference order)
    {
        var key = order.VenueOrderId?.Value ?? order.ClientOrderId?.Value;
        return key is not null && _orderTimes.TryGetValue(key, out var placedAt) ? _timeProvider.GetElapsedTime(placedAt) : TimeSpan.Zero;
    }

    internal static VenueError Invalid(string message) => new(VenueErrorKind.InvalidRequest, IsTransient: false, null, message);
}
