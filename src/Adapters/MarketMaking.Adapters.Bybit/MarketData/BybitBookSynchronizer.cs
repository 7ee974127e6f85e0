using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// Keeps an <see cref="OrderBook"/> in sync with a v5 <c>orderbook.{depth}</c> stream: every snapshot replaces the book
/// (the first after subscribing, one Bybit sends on its own after a problem, and the <c>u = 1</c> of a restart); each
/// delta must carry the update id after the last one. A delta at or before the last id is stale and dropped; one that
/// skips an id is a gap: the book goes out of sync until the next snapshot, which a resubscription brings.
/// </summary>
/// <remarks>
/// Source: https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook. The docs do not say that <c>u</c> steps
/// by one per message; the recorded <c>orderbook.500</c> sample does, and a skipped id is taken as a gap rather than
/// risk a book missing an update. Not thread-safe: one writer.
/// </remarks>
/// <param name="book">The book.</param>
public sealed class BybitBookSynchronizer(OrderBook book) : IBookSynchronizer
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
        if (Book.SyncState != BookSyncState.Synced || delta.FinalUpdateId is not { } id || Book.LastUpdateId is not { } last)
        {
            // Nothing to apply it to: Bybit sends a snapshot first, and after a gap the resubscription does.
            return new BookUpdateResult(0, ChecksumCheck.None, OutOfSyncReason.None, BookUpdateDisposition.Rejected);
        }

        if (id <= last)
        {
            return new BookUpdateResult(0, ChecksumCheck.None, OutOfSyncReason.None, BookUpdateDisposition.Stale);
        }

        if (id != last + 1)
        {
            Book.MarkOutOfSync(OutOfSyncReason.SequenceGap, $"Expected u = {last + 1} after {last}, got u = {id}");
            return new BookUpdateResult(0, ChecksumCheck.None, OutOfSyncReason.SequenceGap, BookUpdateDisposition.Rejected);
        }

        Book.Apply(delta);
        return new BookUpdateResult(1, ChecksumCheck.None, Book.OutOfSyncReason, BookUpdateDisposition.Applied);
    }
}
