using System.Collections.Immutable;
using MarketMaking.Models;

namespace MarketMaking.Strategies;

/// <summary>
/// The last grid a strategy sent, kept by the engine loop in arrays of its own and read from any thread as a
/// <see cref="QuoteGrid"/>: the loop publishes without allocating (a grid object made on every requote was most of what
/// a tick allocated), and a reader copies. A sequence lock keeps the copy whole: the count is odd while the loop writes,
/// and a reader that saw it odd, or changed between its two looks, reads again.
/// </summary>
internal sealed class PublishedGrid
{
    private BookLevel[] _bids = [];
    private BookLevel[] _asks = [];
    private int _bidCount;
    private int _askCount;
    private double _skew;
    private double _spreadMultiplier;
    private int _sequence;

    /// <summary>Whether the last grid published has these levels, side by side (the loop only).</summary>
    /// <param name="bids">The bids, best first.</param>
    /// <param name="asks">The asks, best first.</param>
    /// <returns><see langword="false"/> before the first grid.</returns>
    public bool Has(ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks) =>
        _sequence != 0 && bids.SequenceEqual(_bids.AsSpan(0, _bidCount)) && asks.SequenceEqual(_asks.AsSpan(0, _askCount));

    /// <summary>Publishes a grid (the loop only).</summary>
    /// <param name="bids">The bids, best first.</param>
    /// <param name="asks">The asks, best first.</param>
    /// <param name="skew">The final skew used, in [−1, 1].</param>
    /// <param name="spreadMultiplier">The volatility multiple of the base spread used.</param>
    public void Publish(ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks, double skew, double spreadMultiplier)
    {
        // Odd, with a full fence: no write below is seen before it.
        Interlocked.Increment(ref _sequence);
        if (_bids.Length < bids.Length)
        {
            _bids = new BookLevel[bids.Length];
        }

        if (_asks.Length < asks.Length)
        {
            _asks = new BookLevel[asks.Length];
        }

        bids.CopyTo(_bids);
        asks.CopyTo(_asks);
        (_bidCount, _askCount, _skew, _spreadMultiplier) = (bids.Length, asks.Length, skew, spreadMultiplier);

        // Even again, with release: every write above is seen before it.
        Volatile.Write(ref _sequence, _sequence + 1);
    }

    /// <summary>Copies the last grid published (any thread).</summary>
    /// <returns>The grid, or <see langword="null"/> before the first.</returns>
    public QuoteGrid? Read()
    {
        var spin = default(SpinWait);
        while (true)
        {
            var before = Volatile.Read(ref _sequence);
            if (before == 0)
            {
                return null;
            }

            if ((before & 1) == 0)
            {
                // A copy taken while the loop writes may be torn, counts included: bounded here, thrown away below.
                var (bids, asks) = (_bids, _asks);
                var grid = new QuoteGrid(
                    ImmutableArray.Create(bids.AsSpan(0, Math.Clamp(_bidCount, 0, bids.Length))),
                    ImmutableArray.Create(asks.AsSpan(0, Math.Clamp(_askCount, 0, asks.Length))),
                    _skew,
                    _spreadMultiplier);
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref _sequence) == before)
                {
                    return grid;
                }
            }

            spin.SpinOnce();
        }
    }
}
