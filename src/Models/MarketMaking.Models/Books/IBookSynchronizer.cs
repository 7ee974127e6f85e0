namespace MarketMaking.Models;

/// <summary>
/// Keeps one <see cref="OrderBook"/> in sync with a venue's snapshots and deltas, following that venue's sequencing
/// and checksum rules. A failed check moves the book out of sync; the synchronizer then waits for a new snapshot.
/// </summary>
public interface IBookSynchronizer
{
    /// <summary>Gets the book being maintained.</summary>
    OrderBook Book { get; }

    /// <summary>Loads a snapshot (and anything it releases).</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>What was done.</returns>
    BookUpdateResult OnSnapshot(BookSnapshot snapshot);

    /// <summary>Applies, buffers or drops a delta according to the venue's rules.</summary>
    /// <param name="delta">The delta.</param>
    /// <returns>What was done.</returns>
    BookUpdateResult OnDelta(BookDelta delta);
}
