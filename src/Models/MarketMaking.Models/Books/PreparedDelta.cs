namespace MarketMaking.Models;

/// <summary>
/// A delta's levels already in ticks and lots on one instrument's grid, converted where the event is read (a backtest's
/// read-ahead thread) rather than by the book that applies it (<see cref="OrderBook.Offer"/>).
/// </summary>
/// <remarks>
/// A full-depth book's messages are mostly diffs of many levels; the replay thread then reads half the bytes (two longs
/// a level, not two decimals) and does none of the conversion. Only a delta the book would apply in one pass is
/// prepared: each side at most <see cref="MaxLevels"/> levels, every level on the grid; any other is converted by the
/// book as it always is, which also reports the level that was off the grid.
/// </remarks>
internal sealed class PreparedDelta
{
    /// <summary>The most levels a side may have, the book's conversion chunk (<see cref="OrderBook.ApplyLevels(Side, ReadOnlySpan{BookLevel})"/>).</summary>
    public const int MaxLevels = 512;

    // The bids' ticks, the bids' lots, the asks' ticks, the asks' lots, one after the other.
    private readonly long[] _values;
    private readonly int _bids;

    private PreparedDelta(BookDelta delta, InstrumentSpec spec, long[] values, int bids)
    {
        Delta = delta;
        Spec = spec;
        _values = values;
        _bids = bids;
    }

    /// <summary>Gets the delta prepared.</summary>
    public BookDelta Delta { get; }

    /// <summary>Gets the grid it was converted to.</summary>
    public InstrumentSpec Spec { get; }

    /// <summary>Gets the bids' prices in ticks, in the order received.</summary>
    public ReadOnlySpan<long> BidTicks => _values.AsSpan(0, _bids);

    /// <summary>Gets the bids' quantities in lots.</summary>
    public ReadOnlySpan<long> BidLots => _values.AsSpan(_bids, _bids);

    /// <summary>Gets the asks' prices in ticks, in the order received.</summary>
    public ReadOnlySpan<long> AskTicks => _values.AsSpan(2 * _bids, (_values.Length / 2) - _bids);

    /// <summary>Gets the asks' quantities in lots.</summary>
    public ReadOnlySpan<long> AskLots => _values.AsSpan(_bids + (_values.Length / 2));

    /// <summary>Converts a delta's levels as a full-depth book would; <see langword="null"/> when the book must convert them itself.</summary>
    /// <param name="delta">The delta.</param>
    /// <param name="spec">The grid of the book that will apply it.</param>
    /// <returns>The prepared delta, or <see langword="null"/> for a side longer than <see cref="MaxLevels"/> or a level off the grid.</returns>
    public static PreparedDelta? TryPrepare(BookDelta delta, InstrumentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(spec);
        var bids = delta.Bids.AsSpan();
        var asks = delta.Asks.AsSpan();
        if (bids.Length > MaxLevels || asks.Length > MaxLevels)
        {
            return null;
        }

        var values = new long[2 * (bids.Length + asks.Length)];
        return TryConvert(bids, spec, values.AsSpan(0, bids.Length), values.AsSpan(bids.Length, bids.Length))
            && TryConvert(asks, spec, values.AsSpan(2 * bids.Length, asks.Length), values.AsSpan((2 * bids.Length) + asks.Length))
            ? new PreparedDelta(delta, spec, values, bids.Length)
            : null;
    }

    // The book's own conversion of each level (InstrumentSpec.TryToBookLevel, as OrderBook.ApplyLevels makes it).
    private static bool TryConvert(ReadOnlySpan<BookLevel> levels, InstrumentSpec spec, Span<long> ticks, Span<long> lots)
    {
        for (var i = 0; i < levels.Length; i++)
        {
            if (!spec.TryToBookLevel(levels[i], out ticks[i], out lots[i]))
            {
                return false;
            }
        }

        return true;
    }
}
