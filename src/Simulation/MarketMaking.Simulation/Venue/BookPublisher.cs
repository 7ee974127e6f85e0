using System.Collections.Immutable;
using System.Runtime.InteropServices;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Venue;

/// <summary>
/// What a simulated venue publishes of its books to the client: each book's top levels when they change, as a snapshot
/// or a delta of the levels that changed. The venue's book moves with the recording alone (our orders rest beside it), so
/// a replica of it fed the same events publishes the same, on another thread (<see cref="PublishingTimeline"/>).
/// </summary>
/// <param name="venue">The venue id the publications carry.</param>
/// <param name="bookDepth">The levels a side published.</param>
internal sealed class BookPublisher(VenueId venue, int bookDepth)
{
    // By instrument, the levels last published, bids then asks; the last element holds their counts (bids as the price,
    // asks as the quantity; none before the first publication).
    private readonly Dictionary<InstrumentId, TickLevel[]> _published = [];

    /// <summary>Gets or sets whether a change after the first publication goes as a delta of the levels that changed (else as a snapshot).</summary>
    public bool PublishesDeltas { get; set; }

    /// <summary>
    /// The book's top levels as published to the kernel: a snapshot of them, or with <see cref="PublishesDeltas"/> after
    /// the first, a delta of those that changed; <see langword="null"/> when they are as last published (or one side is
    /// empty).
    /// </summary>
    /// <param name="book">The venue's book of the instrument.</param>
    /// <param name="instrument">The instrument as served.</param>
    /// <param name="venueTime">The venue's clock, the publication's exchange time, in ns since the Unix epoch.</param>
    /// <param name="receiveTime">When the client receives it, in ns since the Unix epoch.</param>
    /// <returns>The publication, or <see langword="null"/>.</returns>
    public MarketDataEvent? Publish(OrderBook book, InstrumentId instrument, long venueTime, long receiveTime)
    {
        if (book.BidDepth == 0 || book.AskDepth == 0)
        {
            return null;
        }

        // A change below the published depth changes nothing the kernel sees: nothing is posted for it.
        var first = false;
        if (!_published.TryGetValue(instrument, out var published))
        {
            (first, published) = (true, new TickLevel[(2 * bookDepth) + 1]);
            _published.Add(instrument, published);
        }

        Span<TickLevel> top = bookDepth <= 64 ? stackalloc TickLevel[2 * bookDepth] : new TickLevel[2 * bookDepth];
        var bids = book.CopyBids(top[..bookDepth]);
        var asks = book.CopyAsks(top[bookDepth..]);
        ReadOnlySpan<TickLevel> newBids = top[..bids];
        ReadOnlySpan<TickLevel> newAsks = top.Slice(bookDepth, asks);
        ReadOnlySpan<TickLevel> oldBids = published.AsSpan(0, (int)published[^1].PriceTicks);
        ReadOnlySpan<TickLevel> oldAsks = published.AsSpan(bookDepth, (int)published[^1].QuantityLots);
        if (newBids.SequenceEqual(oldBids) && newAsks.SequenceEqual(oldAsks))
        {
            return null;
        }

        var whole = first || !PublishesDeltas || Crosses(oldBids, oldAsks) || Crosses(newBids, newAsks);
        MarketDataEvent publication = whole
            ? new BookSnapshot(venue, instrument, Levels(newBids, book.Spec), Levels(newAsks, book.Spec), venueTime, receiveTime)
            : new BookDelta(venue, instrument, Changes(oldBids, newBids, book.Spec, bidSide: true), Changes(oldAsks, newAsks, book.Spec, bidSide: false), venueTime, receiveTime);
        newBids.CopyTo(published);
        newAsks.CopyTo(published.AsSpan(bookDepth));
        published[^1] = new TickLevel(bids, asks);
        return publication;
    }

    /// <summary>Whether published levels cross (the best bid at or above the best ask), which a receiving book takes for out of sync.</summary>
    private static bool Crosses(ReadOnlySpan<TickLevel> bids, ReadOnlySpan<TickLevel> asks) =>
        bids.Length > 0 && asks.Length > 0 && bids[0].PriceTicks >= asks[0].PriceTicks;

    /// <summary>
    /// One side's change from its last published levels to its new ones, both best first, as levels best first: each
    /// new level whose quantity differs (or that was not there), and each old level no longer there at quantity zero.
    /// </summary>
    private static ImmutableArray<BookLevel> Changes(ReadOnlySpan<TickLevel> old, ReadOnlySpan<TickLevel> now, InstrumentSpec spec, bool bidSide)
    {
        var most = old.Length + now.Length;
        Span<BookLevel> changes = most <= 128 ? stackalloc BookLevel[most] : new BookLevel[most];
        int o = 0, n = 0, count = 0;
        while (o < old.Length || n < now.Length)
        {
            // Better means a higher bid or a lower ask; past either side's end, the other's levels remain.
            var compare = o == old.Length ? 1 : n == now.Length ? -1 : (bidSide ? 1 : -1) * now[n].PriceTicks.CompareTo(old[o].PriceTicks);
            if (compare > 0)
            {
                changes[count++] = spec.ToBookLevel(now[n]);
                n++;
            }
            else if (compare < 0)
            {
                changes[count++] = new BookLevel(spec.FromTicks(old[o].PriceTicks), Quantity.Zero);
                o++;
            }
            else
            {
                if (now[n].QuantityLots != old[o].QuantityLots)
                {
                    changes[count++] = spec.ToBookLevel(now[n]);
                }

                (o, n) = (o + 1, n + 1);
            }
        }

        return [.. changes[..count]];
    }

    /// <summary>Levels already read from the book, as the snapshot's prices and quantities (the book is not walked again).</summary>
    private static ImmutableArray<BookLevel> Levels(ReadOnlySpan<TickLevel> levels, InstrumentSpec spec)
    {
        var converted = new BookLevel[levels.Length];
        for (var i = 0; i < levels.Length; i++)
        {
            converted[i] = spec.ToBookLevel(levels[i]);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(converted);
    }
}
