using MarketMaking.Models;

namespace MarketMaking.Simulation.Reporting;

/// <summary>One of our fills as the run's fills CSV lists it.</summary>
/// <param name="Fill">The fill as the venue reported it.</param>
/// <param name="FeeInQuote">Its fee in the instrument's quote currency (negative for a rebate).</param>
/// <param name="Mid">The venue's mid when the fill was applied, or <see langword="null"/> when unknown (no book yet, or restored from the journal).</param>
/// <param name="Restored">Whether it was applied in an earlier run and restored from the journal.</param>
public sealed record FillRecord(FillEvent Fill, decimal FeeInQuote, decimal? Mid, bool Restored)
{
    /// <summary>
    /// Gets what the fill earned against the mid at that moment, in quote currency: (mid − price) × quantity for a buy,
    /// (price − mid) × quantity for a sell; 0 when the mid is unknown.
    /// </summary>
    public decimal SpreadCapture => Mid is { } mid
        ? (Fill.Side == Side.Buy ? mid - Fill.Price.Value : Fill.Price.Value - mid) * Fill.Quantity.Value
        : 0m;
}
