using MarketMaking.Models;

namespace MarketMaking.Simulation.Matching;

/// <summary>
/// Applies snapshots and deltas as they come, with no sequencing of its own: for feeds already in order (a Kraken
/// capture, a hand-written scenario). Binance recordings need <see cref="Recordings.Binance.BinanceDepthSynchronizer"/>.
/// </summary>
public sealed class DirectBookSynchronizer : IBookSynchronizer
{
    /// <summary>Initializes a synchronizer for a book.</summary>
    /// <param name="book">The book.</param>
    public DirectBookSynchronizer(OrderBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        Book = book;
    }

    /// <inheritdoc/>
    public OrderBook Book { get; }

    /// <inheritdoc/>
    public BookUpdateResult OnSnapshot(BookSnapshot snapshot) =>
        Book.Apply(snapshot)
            ? new BookUpdateResult(0, ChecksumCheck.None, OutOfSyncReason.None, BookUpdateDisposition.Applied)
            : new BookUpdateResult(0, ChecksumCheck.None, Book.OutOfSyncReason, BookUpdateDisposition.Rejected);

    /// <inheritdoc/>
    public BookUpdateResult OnDelta(BookDelta delta) =>
        Book.Apply(delta)
            ? new BookUpdateResult(1, ChecksumCheck.None, OutOfSyncReason.None, BookUpdateDisposition.Applied)
            : new BookUpdateResult(0, ChecksumCheck.None, Book.OutOfSyncReason, Book.SyncState == BookSyncState.Synced ? BookUpdateDisposition.Rejected : BookUpdateDisposition.SkippedOutOfSync);
}
