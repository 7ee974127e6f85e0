using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// One instrument's aggregated-depth book kept in sync by version: pushes are buffered until a REST snapshot, bridged
/// to it, then must follow one another without a gap (<see cref="UpdateIdDepthSynchronizer"/>). The gate orders the
/// receive loop's deltas and the resync's snapshot, so events reach the sink in book order.
/// </summary>
internal sealed class MexcDepthBook(InstrumentId instrument, int depth, UpdateIdDepthSynchronizer synchronizer)
{
    public InstrumentId Instrument { get; } = instrument;

    public int Depth { get; } = depth;

    public UpdateIdDepthSynchronizer Synchronizer { get; } = synchronizer;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    private int _resyncing;

    /// <summary>Gets or sets the connection carrying the book's channel.</summary>
    public MexcSpotConnection? Connection { get; set; }

    /// <summary>Gets or sets the state last posted as <see cref="BookSyncChanged"/>.</summary>
    public BookSyncState ReportedState { get; set; } = BookSyncState.Syncing;

    /// <summary>Gets or sets how many snapshots were taken (the first included).</summary>
    public int Snapshots { get; set; }

    /// <summary>Claims the one resync allowed at a time.</summary>
    /// <returns>Whether this caller runs it.</returns>
    public bool TryBeginResync() => Interlocked.Exchange(ref _resyncing, 1) == 0;

    /// <summary>Ends the resync.</summary>
    public void EndResync() => Volatile.Write(ref _resyncing, 0);
}
