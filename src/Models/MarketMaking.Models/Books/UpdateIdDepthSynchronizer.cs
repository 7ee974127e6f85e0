namespace MarketMaking.Models;

/// <summary>
/// Keeps an <see cref="OrderBook"/> in sync with a diff-depth stream whose messages carry first and final update ids
/// (<see cref="BookDelta.FirstUpdateId"/>, <see cref="BookDelta.FinalUpdateId"/>) and a REST snapshot carrying the last
/// update id it includes (<see cref="BookSnapshot.LastUpdateId"/>). Diffs are buffered from the start, because the diff
/// that bridges a snapshot often arrives before the snapshot.
/// </summary>
/// <remarks>
/// <para>Rules, shared by Binance (<see href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams"/>,
/// "How to manage a local order book correctly"; USD-M and COIN-M equivalents) and MEXC Spot's aggregated depth
/// (<see href="https://www.mexc.com/api-docs/spot-v3/websocket-market-streams"/>, "How to properly maintain a local copy of
/// the order book", with <c>fromVersion</c>/<c>toVersion</c> as the ids):</para>
/// <list type="bullet">
/// <item>Diffs with final id ≤ the snapshot's last update id are stale and dropped.</item>
/// <item>Spot: the first diff applied has first ≤ last + 1 ≤ final; each next one has first = previous final + 1.</item>
/// <item>Futures (diffs carry the previous final id, Binance's <c>pu</c>): the first has first ≤ last ≤ final, or
/// <c>pu</c> = last (the snapshot fell exactly between two diffs, as in the USD-M ETHUSDT recording); each next one has
/// <c>pu</c> = previous final.</item>
/// </list>
/// <para>Any break is a sequence gap: the book goes out of sync, and diffs are buffered again until the next snapshot.
/// Not thread-safe: one writer.</para>
/// </remarks>
public sealed class UpdateIdDepthSynchronizer : IBookSynchronizer
{
    private readonly Queue<BookDelta> _buffer = new();
    private readonly int _bufferCapacity;
    private bool _awaitingBridge;

    /// <summary>Initializes a synchronizer for a book.</summary>
    /// <param name="book">The book.</param>
    /// <param name="bufferCapacity">Diffs held while waiting for a snapshot; the oldest are dropped beyond it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferCapacity"/> is less than 1.</exception>
    public UpdateIdDepthSynchronizer(OrderBook book, int bufferCapacity = 10_000)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferCapacity, 1);
        Book = book;
        _bufferCapacity = bufferCapacity;
    }

    /// <inheritdoc/>
    public OrderBook Book { get; }

    /// <summary>Gets the number of diffs held until a snapshot.</summary>
    public int BufferedCount => _buffer.Count;

    /// <inheritdoc/>
    public BookUpdateResult OnSnapshot(BookSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.LastUpdateId is null)
        {
            Book.MarkOutOfSync(OutOfSyncReason.SequenceGap, "A depth snapshot needs its last update id");
            return new BookUpdateResult(0, ChecksumCheck.None, OutOfSyncReason.SequenceGap, BookUpdateDisposition.Rejected);
        }

        if (!Book.Apply(snapshot))
        {
            return new BookUpdateResult(0, ChecksumCheck.None, Book.OutOfSyncReason, BookUpdateDisposition.Rejected);
        }

        _awaitingBridge = true;
        var applied = 0;
        while (_buffer.Count > 0 && Book.SyncState == BookSyncState.Synced)
        {
            var result = ApplySynced(_buffer.Dequeue());
            applied += result.DeltasApplied;
            if (result.Failure != OutOfSyncReason.None)
            {
                return new BookUpdateResult(applied, ChecksumCheck.None, result.Failure, BookUpdateDisposition.Rejected);
            }
        }

        return new BookUpdateResult(applied, ChecksumCheck.None, OutOfSyncReason.None, BookUpdateDisposition.Applied);
    }

    /// <inheritdoc/>
    public BookUpdateResult OnDelta(BookDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.FirstUpdateId is null || delta.FinalUpdateId is null)
        {
            return new BookUpdateResult(0, ChecksumCheck.None, OutOfSyncReason.None, BookUpdateDisposition.Rejected);
        }

        if (Book.SyncState != BookSyncState.Synced)
        {
            Buffer(delta);
            return new BookUpdateResult(0, ChecksumCheck.None, OutOfSyncReason.None, BookUpdateDisposition.Buffered);
        }

        return ApplySynced(delta);
    }

    private BookUpdateResult ApplySynced(BookDelta delta)
    {
        var last = Book.LastUpdateId!.Value;
        var first = delta.FirstUpdateId!.Value;
        var final = delta.FinalUpdateId!.Value;
        if (final <= last)
        {
            return new BookUpdateResult(0, ChecksumCheck.None, OutOfSyncReason.None, BookUpdateDisposition.Stale);
        }

        var isFutures = delta.PreviousFinalUpdateId is not null;
        bool continuous;
        if (_awaitingBridge)
        {
            // A futures diff whose pu is the snapshot's id continues it exactly, even though U > lastUpdateId.
            continuous = isFutures
                ? (first <= last && last <= final) || delta.PreviousFinalUpdateId == last
                : first <= last + 1 && last + 1 <= final;
        }
        else
        {
            continuous = isFutures ? delta.PreviousFinalUpdateId == last : first == last + 1;
        }

        if (!continuous)
        {
            var expected = _awaitingBridge ? "a diff bridging the snapshot" : isFutures ? $"pu = {last}" : $"U = {last + 1}";
            Book.MarkOutOfSync(
                OutOfSyncReason.SequenceGap,
                $"Expected {expected} after update id {last}, got U = {first}, u = {final}{(isFutures ? $", pu = {delta.PreviousFinalUpdateId}" : string.Empty)}");
            Buffer(delta);
            return new BookUpdateResult(0, ChecksumCheck.None, OutOfSyncReason.SequenceGap, BookUpdateDisposition.Rejected);
        }

        _awaitingBridge = false;
        Book.Apply(delta);

        // OutOfSyncReason is None while the book stays synced; otherwise it names the check the delta failed.
        return new BookUpdateResult(1, ChecksumCheck.None, Book.OutOfSyncReason, BookUpdateDisposition.Applied);
    }

    private void Buffer(BookDelta delta)
    {
        if (_buffer.Count == _bufferCapacity)
        {
            _buffer.Dequeue();
        }

        _buffer.Enqueue(delta);
    }
}
