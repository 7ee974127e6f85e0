using MarketMaking.Models;

namespace MarketMaking.Inventory;

/// <summary>
/// Decides when and how to hedge the net position of one asset. Called on the engine loop after every fill, every
/// update of the hedge venue's book, every answer to a hedge order and every hedge tick; it acts through the
/// <see cref="IHedgeContext"/>, which never lets a hedge take the position past flat (no over-hedging).
/// </summary>
public interface IHedgingPolicy
{
    /// <summary>Gets the policy's name (reports).</summary>
    string Name { get; }

    /// <summary>Gets where the hedges go.</summary>
    HedgeRoute Route { get; }

    /// <summary>Gets the venues whose positions count toward the net position, or <see langword="null"/> for every venue.</summary>
    IReadOnlySet<VenueId>? ExposureVenues { get; }

    /// <summary>Gets the absolute net position, in base units, beyond which the policy hedges.</summary>
    decimal Threshold { get; }

    /// <summary>Looks at the situation and sends, amends or cancels hedge orders.</summary>
    /// <param name="context">The situation and the means to act.</param>
    void Evaluate(IHedgeContext context);
}
