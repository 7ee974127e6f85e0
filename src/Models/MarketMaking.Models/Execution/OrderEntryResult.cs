
namespace MarketMaking.Models;

/// <summary>
/// The venue's answer to one of the OMS's requests, posted back to the engine loop so that the order changes on the
/// loop's thread like everything else (and is journaled like any event).
/// </summary>
/// <param name="Venue">The venue.</param>
/// <param name="ClientOrderId">The order.</param>
/// <param name="Action">Which request.</param>
/// <param name="Outcome">Succeeded, failed (no effect), or unknown (may have taken effect).</param>
/// <param name="TsInit">When the answer (or its absence) was known, in ns since the Unix epoch.</param>
public sealed record OrderEntryResult(VenueId Venue, ClientOrderId ClientOrderId, OrderEntryAction Action, VenueOutcome Outcome, long TsInit)
    : VenueEvent(Venue, TsInit, TsInit)
{
    /// <summary>Gets the venue's order id from a successful submit, or <see langword="null"/>.</summary>
    public VenueOrderId? VenueOrderId { get; init; }

    /// <summary>Gets the error of a failed or unknown outcome, or <see langword="null"/>.</summary>
    public VenueError? Error { get; init; }

    /// <summary>Gets the amended total quantity, for a successful amend.</summary>
    public Quantity? NewQuantity { get; init; }

    /// <summary>Gets the amended limit price, for a successful amend.</summary>
    public Price? NewLimitPrice { get; init; }

    /// <summary>Gets how long the venue took to answer, in ns.</summary>
    public long LatencyNanoseconds { get; init; }
}
