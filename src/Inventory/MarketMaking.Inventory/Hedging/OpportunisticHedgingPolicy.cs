using MarketMaking.Models;

namespace MarketMaking.Inventory;

/// <summary>
/// Hedges passively when it is cheap, aggressively when it is late: once the unhedged position passes the threshold,
/// it rests a post-only order at the touch (selling at the best ask, buying at the best bid) while the hedge venue's
/// spread is at most <c>maxSpreadBps</c>, following the touch; when the spread is wider it waits with nothing
/// resting. After <c>timeout</c> it cancels what rests and hedges the rest with marketable orders.
/// </summary>
public sealed class OpportunisticHedgingPolicy : IHedgingPolicy
{
    private readonly long _timeoutNanoseconds;
    private long? _breachedAt;

    /// <summary>Initializes the policy.</summary>
    /// <param name="route">Where hedges go.</param>
    /// <param name="threshold">The absolute net position, in base units, beyond which it hedges.</param>
    /// <param name="maxSpreadBps">The widest spread at which it rests passively, in bps of the mid.</param>
    /// <param name="timeout">How long it stays passive.</param>
    /// <param name="exposureVenues">The venues whose positions count, or <see langword="null"/> for all.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public OpportunisticHedgingPolicy(HedgeRoute route, decimal threshold, double maxSpreadBps, TimeSpan timeout, IReadOnlySet<VenueId>? exposureVenues = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSpreadBps);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Route = route;
        Threshold = threshold;
        MaxSpreadBps = maxSpreadBps;
        Timeout = timeout;
        ExposureVenues = exposureVenues;
        _timeoutNanoseconds = timeout.Ticks * 100;
    }

    /// <inheritdoc/>
    public string Name => "Opportunistic";

    /// <inheritdoc/>
    public HedgeRoute Route { get; }

    /// <inheritdoc/>
    public IReadOnlySet<VenueId>? ExposureVenues { get; }

    /// <inheritdoc/>
    public decimal Threshold { get; }

    /// <summary>Gets the widest spread for passive hedging, in bps.</summary>
    public double MaxSpreadBps { get; }

    /// <summary>Gets how long it stays passive.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc/>
    public void Evaluate(IHedgeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var open = context.OpenHedges;
        var net = context.NetPosition;
        if (_breachedAt is null)
        {
            if (Math.Abs(net) <= Threshold || open.Count > 0)
            {
                return;
            }

            _breachedAt = context.NowNanoseconds;
        }
        else if (net == 0 || (Math.Abs(net) <= Threshold && open.Count == 0))
        {
            CancelAll(context, open);
            _breachedAt = null;
            return;
        }

        if (Math.Sign(context.Unhedged) == -Math.Sign(net))
        {
            // Quote fills shrank the position under a resting hedge: take it back rather than over-hedge; the next
            // evaluation rests the right size.
            CancelAll(context, open);
            return;
        }

        if (context.NowNanoseconds - _breachedAt.Value >= _timeoutNanoseconds)
        {
            // Late: nothing passive any more; once it is gone, take liquidity.
            var passive = open.Where(o => o.PostOnly).ToArray();
            CancelAll(context, passive);
            if (passive.Length == 0 && open.Count == 0)
            {
                context.SendMarketable(Math.Abs(context.Unhedged));
            }

            return;
        }

        if (context.HedgeBook is not { BestBid: { } bid, BestAsk: { } ask, Mid: { } mid })
        {
            return;
        }

        var spreadBps = (double)((ask.Price.Value - bid.Price.Value) / mid.Value) * 10_000;
        if (spreadBps > MaxSpreadBps)
        {
            CancelAll(context, open);
            return;
        }

        var touch = net > 0 ? ask.Price : bid.Price;
        if (open.Count == 0)
        {
            context.SendPassive(Math.Abs(context.Unhedged), touch);
        }
        else if (open.Count == 1 && open[0].Status is Models.OrderStatus.Accepted or Models.OrderStatus.PartiallyFilled)
        {
            context.Reprice(open[0], touch);
        }
    }

    private static void CancelAll(IHedgeContext context, IReadOnlyList<IOrderView> orders)
    {
        foreach (var order in orders)
        {
            if (order.Status is Models.OrderStatus.Accepted or Models.OrderStatus.PartiallyFilled)
            {
                context.Cancel(order);
            }
        }
    }
}
