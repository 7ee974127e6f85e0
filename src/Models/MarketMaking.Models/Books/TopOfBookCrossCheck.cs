namespace MarketMaking.Models;

/// <summary>
/// Checks a book kept from diffs against the best bid and ask the venue publishes with an update id (Binance's
/// <c>bookTicker</c> <c>u</c>): the venue's substitute for a checksum. A published top is compared with the book as it
/// stood after the diff whose final update id is the same; tops whose id no diff ends on cannot be confirmed and are
/// not counted.
/// </summary>
/// <remarks>
/// The two streams are not ordered with respect to each other: a top may arrive before or after its diff. The book's
/// top is remembered for the last <c>history</c> diffs, and a top that arrives first waits (as many as <c>history</c>)
/// for its diff. Call <see cref="Reset"/> when the book is rebuilt. Not thread-safe: the book's one writer calls it.
/// </remarks>
public sealed class TopOfBookCrossCheck
{
    private readonly OrderBook _book;
    private readonly int _history;
    private readonly Dictionary<long, (TickLevel Bid, TickLevel Ask)> _tops = [];
    private readonly Queue<long> _topOrder = new();
    private readonly PriorityQueue<TopOfBook, long> _pending = new();

    /// <summary>Initializes a check of a book.</summary>
    /// <param name="book">The book kept from diffs.</param>
    /// <param name="history">How many of the book's tops are remembered, and how many published tops may wait for their diff; at least 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="history"/> is less than 1.</exception>
    public TopOfBookCrossCheck(OrderBook book, int history = 1 << 16)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentOutOfRangeException.ThrowIfLessThan(history, 1);
        _book = book;
        _history = history;
    }

    /// <summary>Gets how many published tops matched the book.</summary>
    public long Matched { get; private set; }

    /// <summary>Gets how many published tops differed from the book.</summary>
    public long Mismatched { get; private set; }

    /// <summary>Records the book's top after a diff was applied, and compares the published tops that waited for it.</summary>
    /// <returns>The first difference found, or <see langword="null"/>.</returns>
    public string? OnDiffApplied()
    {
        if (_book.SyncState != BookSyncState.Synced || _book.LastUpdateId is not { } updateId || _book.BidDepth == 0 || _book.AskDepth == 0)
        {
            return null;
        }

        var top = (_book.GetBid(0), _book.GetAsk(0));
        if (_tops.TryAdd(updateId, top))
        {
            _topOrder.Enqueue(updateId);
            if (_topOrder.Count > _history)
            {
                _tops.Remove(_topOrder.Dequeue());
            }
        }
        else
        {
            _tops[updateId] = top;
        }

        string? difference = null;

        // Published tops with a lower update id can no longer meet their diff: drop them.
        while (_pending.TryPeek(out var published, out var publishedId) && publishedId <= updateId)
        {
            _pending.Dequeue();
            if (publishedId == updateId)
            {
                difference ??= Compare(published, top);
            }
        }

        return difference;
    }

    /// <summary>Compares a published top with the book at its update id, now or once that diff is applied.</summary>
    /// <param name="published">The venue's best bid and ask, with its <see cref="TopOfBook.UpdateId"/>.</param>
    /// <returns>The difference, or <see langword="null"/> when it matched, waits, or cannot be confirmed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="published"/> is null.</exception>
    public string? OnPublished(TopOfBook published)
    {
        ArgumentNullException.ThrowIfNull(published);
        if (published.UpdateId is not { } updateId)
        {
            return null;
        }

        if (_tops.TryGetValue(updateId, out var rebuilt))
        {
            return Compare(published, rebuilt);
        }

        if ((_book.LastUpdateId is not { } last || updateId > last) && _pending.Count < _history)
        {
            _pending.Enqueue(published, updateId);
        }

        return null;
    }

    /// <summary>Forgets the book's tops and the waiting published ones: the book is being rebuilt.</summary>
    public void Reset()
    {
        _tops.Clear();
        _topOrder.Clear();
        _pending.Clear();
    }

    private string? Compare(TopOfBook published, (TickLevel Bid, TickLevel Ask) rebuilt)
    {
        var spec = _book.Spec;
        var matches = spec.TryToTicks(published.BidPrice, out var bidTicks) && bidTicks == rebuilt.Bid.PriceTicks
            && spec.TryToLots(published.BidQuantity, out var bidLots) && bidLots == rebuilt.Bid.QuantityLots
            && spec.TryToTicks(published.AskPrice, out var askTicks) && askTicks == rebuilt.Ask.PriceTicks
            && spec.TryToLots(published.AskQuantity, out var askLots) && askLots == rebuilt.Ask.QuantityLots;
        if (matches)
        {
            Matched++;
            return null;
        }

        Mismatched++;
        return $"Top of book at update id {published.UpdateId}: published {published.BidQuantity} @ {published.BidPrice} / {published.AskQuantity} @ {published.AskPrice}, "
            + $"book {spec.FromLots(rebuilt.Bid.QuantityLots)} @ {spec.FromTicks(rebuilt.Bid.PriceTicks)} / {spec.FromLots(rebuilt.Ask.QuantityLots)} @ {spec.FromTicks(rebuilt.Ask.PriceTicks)}";
    }
}
