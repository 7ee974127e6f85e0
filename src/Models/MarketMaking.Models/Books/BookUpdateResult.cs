namespace MarketMaking.Models;

/// <summary>What an <see cref="IBookSynchronizer"/> did with one snapshot or delta.</summary>
/// <param name="DeltasApplied">Deltas applied to the book by this call (a snapshot may release several buffered deltas).</param>
/// <param name="Checksum">The checksum comparison made after applying, if any.</param>
/// <param name="Failure">The check that failed and moved the book out of sync, or <see cref="OutOfSyncReason.None"/>.</param>
/// <param name="Disposition">What became of the message: applied, buffered, dropped as stale or out of sync, or rejected.</param>
public readonly record struct BookUpdateResult(
    int DeltasApplied,
    ChecksumCheck Checksum,
    OutOfSyncReason Failure,
    BookUpdateDisposition Disposition)
{
    /// <summary>
    /// Loads a snapshot that replaces the whole book, for a synchronizer whose venue sends snapshots in the stream
    /// (Bybit, Tardis files): applied and synced, or rejected with the check the book failed.
    /// </summary>
    /// <param name="book">The book.</param>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>What was done; no delta is released (nothing is buffered).</returns>
    public static BookUpdateResult ReplaceWith(OrderBook book, BookSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(book);
        return book.Apply(snapshot)
            ? new BookUpdateResult(0, ChecksumCheck.None, OutOfSyncReason.None, BookUpdateDisposition.Applied)
            : new BookUpdateResult(0, ChecksumCheck.None, book.OutOfSyncReason, BookUpdateDisposition.Rejected);
    }
}
