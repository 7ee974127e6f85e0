using System.Collections.Concurrent;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Models Kraken's matching-engine counter for each pair on the client side, so that order entry never passes the
/// threshold, and keeps headroom for cancels: a new order or amend may only use the budget above a reserve (at least
/// <see cref="CancelReserve"/>, more when the caller asks for it, see <see cref="KrakenOrderAdmission"/>), while a cancel
/// may use all of it.
/// </summary>
/// <remarks>
/// Kraken charges on receipt, even a request that then fails, so the cost is added when a request is admitted. The
/// remaining budget per pair is readable by strategies (<see cref="Remaining"/>). Thread-safe.
/// Source: <see href="https://docs.kraken.com/api/docs/guides/spot-ratelimits"/>.
/// </remarks>
public sealed class KrakenTradingCounters
{
    private readonly ConcurrentDictionary<InstrumentId, DecayingCounter> _counters = new();
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes the counters for a tier.</summary>
    /// <param name="tier">The account's verification tier.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="cancelReserve">The part of the threshold only cancels may use, in counter units.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cancelReserve"/> is negative or not below the threshold.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    public KrakenTradingCounters(KrakenTier tier, TimeProvider timeProvider, double cancelReserve = 16)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Threshold = KrakenRateLimits.TradingCounterThreshold(tier);
        DecayPerSecond = KrakenRateLimits.TradingCounterDecayPerSecond(tier);
        ArgumentOutOfRangeException.ThrowIfNegative(cancelReserve);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cancelReserve, Threshold);
        CancelReserve = cancelReserve;
        _timeProvider = timeProvider;
    }

    /// <summary>Gets the threshold per pair.</summary>
    public double Threshold { get; }

    /// <summary>Gets the decay per second.</summary>
    public double DecayPerSecond { get; }

    /// <summary>Gets the part of the threshold kept for cancels.</summary>
    public double CancelReserve { get; }

    /// <summary>Gets the counter's value for a pair now.</summary>
    /// <param name="instrument">The pair.</param>
    /// <returns>The value in counter units.</returns>
    public double Current(InstrumentId instrument) => CounterOf(instrument).Value;

    /// <summary>Gets how much of a pair's threshold is left now.</summary>
    /// <param name="instrument">The pair.</param>
    /// <returns>The remaining budget in counter units.</returns>
    public double Remaining(InstrumentId instrument) => CounterOf(instrument).Remaining;

    /// <summary>Gets how many new orders (1 point each) fit on a pair now above the cancel reserve.</summary>
    /// <param name="instrument">The pair.</param>
    /// <returns>The count, zero when the budget is spent.</returns>
    public int NewOrderHeadroom(InstrumentId instrument) => NewOrderHeadroom(instrument, 0);

    /// <summary>Gets how many new orders (1 point each) fit on a pair now above a reserve for cancels.</summary>
    /// <param name="instrument">The pair.</param>
    /// <param name="cancelReserve">The budget to keep for cancels, in counter units; <see cref="CancelReserve"/> when larger.</param>
    /// <returns>The count, zero when the budget is spent.</returns>
    public int NewOrderHeadroom(InstrumentId instrument, double cancelReserve) =>
        (int)Math.Max(0, Math.Floor(Threshold - Math.Max(CancelReserve, cancelReserve) - CounterOf(instrument).Value));

    /// <summary>Admits an action if its cost fits, charging it.</summary>
    /// <param name="instrument">The pair.</param>
    /// <param name="action">The action.</param>
    /// <param name="orderAge">The order's age since creation or last amend (amend, edit, cancel).</param>
    /// <param name="orderCount">The number of orders (batches).</param>
    /// <param name="retryAfter">When refused, how long until it would fit.</param>
    /// <returns><see langword="true"/> when admitted and charged.</returns>
    public bool TryAdmit(InstrumentId instrument, KrakenTradingAction action, TimeSpan orderAge, int orderCount, out TimeSpan retryAfter) =>
        TryAdmit(instrument, action, orderAge, orderCount, 0, out retryAfter);

    /// <summary>Admits an action if its cost fits, charging it; anything but a cancel must leave a reserve for cancels.</summary>
    /// <param name="instrument">The pair.</param>
    /// <param name="action">The action.</param>
    /// <param name="orderAge">The order's age since creation or last amend (amend, edit, cancel).</param>
    /// <param name="orderCount">The number of orders (batches).</param>
    /// <param name="cancelReserve">The budget a new order or amend must leave for cancels; <see cref="CancelReserve"/> when larger.</param>
    /// <param name="retryAfter">When refused, how long until it would fit.</param>
    /// <returns><see langword="true"/> when admitted and charged.</returns>
    public bool TryAdmit(InstrumentId instrument, KrakenTradingAction action, TimeSpan orderAge, int orderCount, double cancelReserve, out TimeSpan retryAfter)
    {
        var cost = KrakenRateLimits.TradingCost(action, orderAge, orderCount);
        var isCancel = action is KrakenTradingAction.CancelOrder or KrakenTradingAction.BatchCancel;
        return CounterOf(instrument).TryAdd(cost, isCancel ? Threshold : Threshold - Math.Max(CancelReserve, cancelReserve), out retryAfter);
    }

    /// <summary>Takes back what an admitted action was charged when it never reached Kraken (the connection was not open).</summary>
    /// <param name="instrument">The pair.</param>
    /// <param name="action">The action.</param>
    /// <param name="orderAge">The order's age now; ages only grow and penalties only fall with age, so this never gives back more than was charged.</param>
    /// <param name="orderCount">The number of orders (batches).</param>
    public void Refund(InstrumentId instrument, KrakenTradingAction action, TimeSpan orderAge, int orderCount) =>
        CounterOf(instrument).Refund(KrakenRateLimits.TradingCost(action, orderAge, orderCount));

    /// <summary>
    /// Brings a pair's counter up to the threshold after Kraken refused a request for it (<c>EOrder:Rate limit
    /// exceeded</c>): Kraken's counter outlives our process, so after a restart ours starts below it; the refusal says
    /// where Kraken's stands.
    /// </summary>
    /// <param name="instrument">The pair.</param>
    public void SaturateFromVenue(InstrumentId instrument)
    {
        var counter = CounterOf(instrument);
        counter.Add(Math.Max(0, Threshold - counter.Value));
    }

    private DecayingCounter CounterOf(InstrumentId instrument) =>
        _counters.GetOrAdd(instrument, static (_, self) => new DecayingCounter(self.Threshold, self.DecayPerSecond, self._timeProvider), this);
}
