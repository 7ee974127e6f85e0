using MarketMaking.Models;

namespace MarketMaking.Inventory;

/// <summary>
/// Makes markets on the primary venue and hedges on the other: the net position of the primary and hedge venues
/// together is hedged at once, with marketable orders on the hedge venue, when it passes the threshold.
/// </summary>
public sealed class CrossExchangeHedgingPolicy : IHedgingPolicy
{
    private readonly ImmediateHedgingPolicy _immediate;

    /// <summary>Initializes the policy.</summary>
    /// <param name="primary">The venue quoted.</param>
    /// <param name="hedge">Where hedges go.</param>
    /// <param name="threshold">The absolute net position, in base units, beyond which it hedges.</param>
    /// <exception cref="ArgumentException">The two venues are the same.</exception>
    public CrossExchangeHedgingPolicy(VenueId primary, HedgeRoute hedge, decimal threshold)
    {
        if (primary == hedge.Venue)
        {
            throw new ArgumentException($"The primary and hedge venues must differ; both are {primary}.", nameof(hedge));
        }

        Primary = primary;
        _immediate = new ImmediateHedgingPolicy(hedge, threshold, new HashSet<VenueId> { primary, hedge.Venue });
    }

    /// <summary>Gets the venue quoted.</summary>
    public VenueId Primary { get; }

    /// <inheritdoc/>
    public string Name => "CrossExchange";

    /// <inheritdoc/>
    public HedgeRoute Route => _immediate.Route;

    /// <inheritdoc/>
    public IReadOnlySet<VenueId>? ExposureVenues => _immediate.ExposureVenues;

    /// <inheritdoc/>
    public decimal Threshold => _immediate.Threshold;

    /// <inheritdoc/>
    public void Evaluate(IHedgeContext context) => _immediate.Evaluate(context);
}
