using MarketMaking.Models;

namespace MarketMaking.Inventory;

/// <summary>
/// Hedges at once: when the unhedged position (net plus hedges in flight) passes the threshold, sends a marketable
/// order for all of it, one clip at a time, on the hedge route.
/// </summary>
public sealed class ImmediateHedgingPolicy : IHedgingPolicy
{
    /// <summary>Initializes the policy.</summary>
    /// <param name="route">Where hedges go.</param>
    /// <param name="threshold">The absolute net position, in base units, beyond which it hedges.</param>
    /// <param name="exposureVenues">The venues whose positions count, or <see langword="null"/> for all.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative.</exception>
    public ImmediateHedgingPolicy(HedgeRoute route, decimal threshold, IReadOnlySet<VenueId>? exposureVenues = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        Route = route;
        Threshold = threshold;
        ExposureVenues = exposureVenues;
    }

    /// <inheritdoc/>
    public string Name => "Immediate";

    /// <inheritdoc/>
    public HedgeRoute Route { get; }

    /// <inheritdoc/>
    public IReadOnlySet<VenueId>? ExposureVenues { get; }

    /// <inheritdoc/>
    public decimal Threshold { get; }

    /// <inheritdoc/>
    public void Evaluate(IHedgeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Math.Abs(context.Unhedged) > Threshold)
        {
            context.SendMarketable(Math.Abs(context.Unhedged));
        }
    }
}
