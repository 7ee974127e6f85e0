using System.Collections.Immutable;
using MarketMaking.Models;

namespace MarketMaking.Oms;

/// <summary>What one reconciliation of a venue found and did.</summary>
/// <param name="Venue">The venue.</param>
public sealed record ReconciliationReport(VenueId Venue)
{
    /// <summary>Gets whether the venue could be queried; when not, nothing was changed.</summary>
    public bool Succeeded { get; init; }

    /// <summary>Gets the error when the venue could not be queried.</summary>
    public VenueError? Error { get; init; }

    /// <summary>Gets the orders whose unknown or pending outcome the venue settled.</summary>
    public ImmutableArray<ClientOrderId> Settled { get; init; } = [];

    /// <summary>Gets the orders the OMS thought open that the venue has no trace of (now rejected or canceled).</summary>
    public ImmutableArray<ClientOrderId> NotFound { get; init; } = [];

    /// <summary>Gets the venue's open orders the OMS did not know, adopted.</summary>
    public ImmutableArray<VenueOrderId> Adopted { get; init; } = [];

    /// <summary>Gets the venue's open orders the OMS did not know, canceled.</summary>
    public ImmutableArray<VenueOrderId> Canceled { get; init; } = [];

    /// <summary>
    /// Gets the orders the venue reports more filled than the OMS has fills for: their missing fills arrive with the
    /// executions snapshot (Kraken), or are fetched from the venue's fill history (<see cref="RecoveredFills"/>; MEXC);
    /// each trade id counts once. A quantity still missing after that is a loss to investigate.
    /// </summary>
    public ImmutableArray<ClientOrderId> MissingFills { get; init; } = [];

    /// <summary>
    /// Gets how many fills were recovered: those of orders known only by their fills until this reconciliation adopted
    /// them, and those of <see cref="MissingFills"/> fetched from the venue's fill history.
    /// </summary>
    public int RecoveredFills { get; init; }

    /// <summary>Returns a one-line account.</summary>
    public override string ToString() => Succeeded
        ? $"{Venue}: {Settled.Length} settled, {NotFound.Length} not found, {Adopted.Length} adopted, {Canceled.Length} canceled, {MissingFills.Length} with fills to come, {RecoveredFills} fills recovered"
        : $"{Venue}: not reconciled ({Error})";
}
