using MarketMaking.Models;

namespace MarketMaking.Simulation.Recordings.Tardis;

/// <summary>
/// Keeps an <see cref="OrderBook"/> from a Tardis.dev <c>incremental_book_L2</c> or <c>book_snapshot_N</c> stream: a
/// snapshot replaces the book; an update applies in order once a snapshot was loaded, and is dropped before one (the
/// updates a file may hold before its first snapshot). Tardis's files carry no sequence numbers or checksums to check.
/// </summary>
/// <remarks>Source: <see href="https://docs.tardis.dev/downloadable-csv-files/data-types"/> (incremental_book_L2).</remarks>
/// <param name="book">The book.</param>
public sealed class TardisBookSynchronizer(OrderBook book) : IBookSynchronizer
{
    /// <inheritdoc/>
    public OrderBook Book { get; } = book ?? throw new ArgumentNullException(nameof(book));

    /// <inheritdoc/>
    public BookUpdateResult OnSnapshot(BookSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return BookUpdateResult.ReplaceWith(Book, snapshot);
    }

    /// <inheritdoc/>
    public BookUpdateResult OnDelta(BookDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (Book.SyncState != BookSyncState.Synced)
        {
            return new BookUpdateResult(0, ChecksumCheck.None, OutOfSyncReason.None, BookUpdateDisposition.SkippedOutOfSync);
        }

        return Book.Apply(delta)
            ? new BookUpdateResult(1, ChecksumCheck.None, OutOfSyncReason.None, BookUpdateDisposition.Applied)
            : new BookUpdateResult(0, ChecksumCheck.None, Book.OutOfSyncReason, BookUpdateDisposition.Rejected);
    }
}
