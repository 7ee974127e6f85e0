using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Keeps an <see cref="OrderBook"/> in sync with Kraken's book channel: a snapshot replaces the book, each update is
/// applied level by level, the book is truncated to the subscribed depth, and the CRC32 checksum Kraken sends is
/// compared with the rebuilt book. A mismatch, a crossed book or an unusable level moves the book out of sync, and
/// updates are then dropped until the next snapshot (a resubscription, in a live session).
/// </summary>
/// <remarks>
/// Source: <see href="https://docs.kraken.com/api/docs/websocket-v2/book"/> ("apply every level, truncate to the
/// subscribed depth, then verify the checksum"). Works for v1 data too, whose checksum is the same over the strings'
/// digits (see <see cref="KrakenBookChecksum"/>). Not thread-safe: one writer.
/// </remarks>
public sealed class KrakenBookSynchronizer : IBookSynchronizer
{
    private readonly KrakenChecksumText _checksum = new();

    /// <summary>Initializes a synchronizer for a book.</summary>
    /// <param name="book">The book; its <see cref="OrderBook.MaxDepth"/> should be the subscribed depth.</param>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is null.</exception>
    public KrakenBookSynchronizer(OrderBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        Book = book;
    }

    /// <inheritdoc/>
    public OrderBook Book { get; }

    /// <inheritdoc/>
    public BookUpdateResult OnSnapshot(BookSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return ApplySnapshot(snapshot.Bids.AsSpan(), snapshot.Asks.AsSpan(), snapshot.Checksum);
    }

    /// <inheritdoc/>
    public BookUpdateResult OnDelta(BookDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        return ApplyDelta(delta.Bids.AsSpan(), delta.Asks.AsSpan(), delta.Checksum);
    }

    /// <summary>Applies a parsed WebSocket v2 book entry without allocating (the live hot path).</summary>
    /// <param name="entry">The entry, from <see cref="KrakenBookFrameParser"/>.</param>
    /// <param name="isSnapshot">Whether the message was a snapshot.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is null.</exception>
    public BookUpdateResult Apply(KrakenBookEntry entry, bool isSnapshot)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return isSnapshot
            ? ApplySnapshot(entry.Bids, entry.Asks, entry.Checksum)
            : ApplyDelta(entry.Bids, entry.Asks, entry.Checksum);
    }

    private BookUpdateResult ApplySnapshot(ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks, uint? checksum)
    {
        Book.BeginSnapshot();
        var synced = Book.ApplyLevels(Side.Buy, bids) && Book.ApplyLevels(Side.Sell, asks) && Book.CompleteSnapshot();
        return Finish(synced, checksum, deltasApplied: 0);
    }

    private BookUpdateResult ApplyDelta(ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks, uint? checksum)
    {
        if (Book.SyncState != BookSyncState.Synced)
        {
            return new BookUpdateResult(0, ChecksumCheck.None, OutOfSyncReason.None, BookUpdateDisposition.SkippedOutOfSync);
        }

        var synced = Book.ApplyLevels(Side.Buy, bids) && Book.ApplyLevels(Side.Sell, asks) && Book.CompleteUpdate();
        return Finish(synced, checksum, deltasApplied: 1);
    }

    private BookUpdateResult Finish(bool synced, uint? checksum, int deltasApplied)
    {
        if (!synced)
        {
            return new BookUpdateResult(0, ChecksumCheck.None, Book.OutOfSyncReason, BookUpdateDisposition.Rejected);
        }

        if (checksum is not { } expected)
        {
            return new BookUpdateResult(deltasApplied, ChecksumCheck.None, OutOfSyncReason.None, BookUpdateDisposition.Applied);
        }

        return KrakenBookChecksum.Verify(Book, expected, _checksum.Compute(Book))
            ? new BookUpdateResult(deltasApplied, ChecksumCheck.Matched, OutOfSyncReason.None, BookUpdateDisposition.Applied)
            : new BookUpdateResult(deltasApplied, ChecksumCheck.Mismatched, OutOfSyncReason.ChecksumMismatch, BookUpdateDisposition.Applied);
    }
}
