using MarketMaking.Models;

namespace MarketMaking.Inventory;

/// <summary>
/// Splits a hedge over time: when the unhedged position passes the threshold, a schedule of <c>numOrders</c> child
/// orders starts, one every <c>duration / numOrders</c> (the first at once). Each child is marketable and takes the
/// unhedged position divided by the children left, so quote fills during the schedule are absorbed rather than
/// over-hedged; the schedule ends early when nothing is left to hedge.
/// </summary>
public sealed class TwapHedgingPolicy : IHedgingPolicy
{
    private readonly long _intervalNanoseconds;
    private long? _startedAt;
    private int _sent;

    /// <summary>Initializes the policy.</summary>
    /// <param name="route">Where hedges go.</param>
    /// <param name="threshold">The absolute net position, in base units, beyond which a schedule starts.</param>
    /// <param name="duration">How long a schedule lasts.</param>
    /// <param name="numOrders">How many child orders it sends.</param>
    /// <param name="exposureVenues">The venues whose positions count, or <see langword="null"/> for all.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public TwapHedgingPolicy(HedgeRoute route, decimal threshold, TimeSpan duration, int numOrders, IReadOnlySet<VenueId>? exposureVenues = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numOrders);
        Route = route;
        Threshold = threshold;
        Duration = duration;
        NumOrders = numOrders;
        ExposureVenues = exposureVenues;
        _intervalNanoseconds = duration.Ticks * 100 / numOrders;
    }

    /// <inheritdoc/>
    public string Name => "Twap";

    /// <inheritdoc/>
    public HedgeRoute Route { get; }

    /// <inheritdoc/>
    public IReadOnlySet<VenueId>? ExposureVenues { get; }

    /// <inheritdoc/>
    public decimal Threshold { get; }

    /// <summary>Gets the schedule's duration.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Gets the number of child orders per schedule.</summary>
    public int NumOrders { get; }

    /// <summary>Gets whether a schedule is running.</summary>
    public bool IsRunning => _startedAt is not null;

    /// <inheritdoc/>
    public void Evaluate(IHedgeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var unhedged = context.Unhedged;
        var now = context.NowNanoseconds;
        if (_startedAt is null)
        {
            if (Math.Abs(unhedged) <= Threshold)
            {
                return;
            }

            (_startedAt, _sent) = (now, 0);
        }

        if (unhedged == 0 || _sent >= NumOrders)
        {
            // Done when nothing is left, or every child went out and has been answered.
            if (context.OpenHedges.Count == 0)
            {
                _startedAt = null;
            }

            return;
        }

        var due = Math.Min(NumOrders, (int)((now - _startedAt.Value) / _intervalNanoseconds) + 1);
        if (_sent < due && context.OpenHedges.Count == 0)
        {
            var childrenLeft = NumOrders - _sent;
            context.SendMarketable(Math.Abs(unhedged) / childrenLeft);
            _sent++;
        }
    }
}
