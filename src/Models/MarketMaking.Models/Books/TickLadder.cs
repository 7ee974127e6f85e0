using System.Diagnostics;
using System.Numerics;

namespace MarketMaking.Models;

/// <summary>
/// A window of one side's levels indexed directly by price: the keys <c>[Low, Low + Width)</c> (a key is
/// <c>sign × priceTicks</c>, as in <see cref="BookSide"/>, so the best level is the highest key), each in the slot
/// <c>key mod Width</c> with a bit per slot saying whether a level is there. Setting a level is a store, not a search
/// and a shift; the window slides by moving <see cref="Low"/> without moving the levels that stay in it.
/// </summary>
/// <remarks>
/// The layout of hftbacktest's vector over a range of interest (<c>ROIVectorMarketDepth</c>) and of the price ladders of
/// matching engines: a full-depth book's changes are mostly within some thousands of ticks of the touch, where a sorted
/// array of thousands of levels pays a binary search and a shift of the levels between them and the touch. Walking the
/// levels from the best reads the bits 64 at a time; a walk in order (level 0, 1, 2, …) continues from the last one read.
/// </remarks>
internal sealed class TickLadder
{
    private readonly long[] _quantities;
    private readonly ulong[] _occupied;
    private readonly long _mask;
    private long _best;
    private int _count;

    // The last level read by index, from which a walk in order continues; −1 after a level is added or removed.
    private int _cursorIndex = -1;
    private long _cursorKey;

    /// <summary>Initializes an empty window.</summary>
    /// <param name="width">The keys it spans: a power of two, at least 64.</param>
    public TickLadder(int width)
    {
        Debug.Assert(width >= 64 && BitOperations.IsPow2(width), "The width is a power of two of at least 64.");
        _quantities = new long[width];
        _occupied = new ulong[width / 64];
        _mask = width - 1;
    }

    /// <summary>Gets the keys the window spans.</summary>
    public int Width => _quantities.Length;

    /// <summary>Gets the lowest key in the window.</summary>
    public long Low { get; private set; }

    /// <summary>Gets the number of levels in the window.</summary>
    public int Count => _count;

    /// <summary>Gets the highest key with a level; meaningful only when <see cref="Count"/> is positive.</summary>
    public long Best => _best;

    /// <summary>Returns the quantity at a key in the window, 0 when no level is there.</summary>
    public long QuantityAt(long key) => _quantities[Slot(key)];

    /// <summary>Sets the quantity at a key in the window; zero removes the level.</summary>
    public void Set(long key, long quantity)
    {
        Debug.Assert(key >= Low && key - Low < Width, "The key is in the window.");
        var slot = Slot(key);
        var present = _quantities[slot] != 0;
        _quantities[slot] = quantity;
        if (quantity != 0 && !present)
        {
            _occupied[slot >> 6] |= 1UL << slot;
            _best = _count == 0 || key > _best ? key : _best;
            _count++;
            _cursorIndex = -1;
        }
        else if (quantity == 0 && present)
        {
            _occupied[slot >> 6] &= ~(1UL << slot);
            _count--;
            _cursorIndex = -1;
            if (key == _best && _count > 0)
            {
                _best = HighestBelow(key);
            }
        }
    }

    /// <summary>Moves the window to start at another key; the levels below the new start must have been removed, and none may lie above its new end.</summary>
    public void MoveTo(long low)
    {
        Debug.Assert(_count == 0 || (_best < low + Width && FirstFrom(Low, Math.Min(low, Low + Width)) == Math.Min(low, Low + Width)), "Every level stays in the window.");
        Low = low;
    }

    /// <summary>Returns the key of the level <paramref name="index"/> places below the best (0 = best); the index is below <see cref="Count"/>.</summary>
    public long KeyAt(int index)
    {
        Debug.Assert(index >= 0 && index < _count, "The index is in the window.");
        if (index == _cursorIndex)
        {
            return _cursorKey;
        }

        var (key, at) = _cursorIndex >= 0 && index > _cursorIndex ? (_cursorKey, _cursorIndex) : (_best, 0);
        for (; at < index; at++)
        {
            key = HighestBelow(key);
        }

        (_cursorIndex, _cursorKey) = (index, key);
        return key;
    }

    /// <summary>Returns the lowest key with a level in <c>[from, end)</c>, or <paramref name="end"/> when there is none; <paramref name="end"/> is at most <c>Low + Width</c>.</summary>
    public long FirstFrom(long from, long end)
    {
        var key = Math.Max(from, Low);
        while (key < end)
        {
            var slot = Slot(key);
            var bit = (int)(key & 63);
            var bits = _occupied[slot >> 6] & (ulong.MaxValue << bit);
            var wordStart = key - bit;
            if (bits != 0)
            {
                return Math.Min(wordStart + BitOperations.TrailingZeroCount(bits), end);
            }

            key = wordStart + 64;
        }

        return end;
    }

    /// <summary>Removes every level (the window stays where it is).</summary>
    public void Clear()
    {
        for (var word = 0; word < _occupied.Length && _count > 0; word++)
        {
            for (var bits = _occupied[word]; bits != 0; bits &= bits - 1)
            {
                _quantities[(word << 6) + BitOperations.TrailingZeroCount(bits)] = 0;
                _count--;
            }

            _occupied[word] = 0;
        }

        _cursorIndex = -1;
    }

    /// <summary>The highest key with a level in <c>[Low, key)</c>; the window holds one (the caller walks no further than its levels).</summary>
    /// <remarks>
    /// In the word holding <see cref="Low"/>, the slots below it hold keys at the top of the window, not below the key;
    /// their bits are lower than those of the levels from <see cref="Low"/> up, one of which is there when the walk
    /// reaches that word, so the highest bit found is never one of them.
    /// </remarks>
    private long HighestBelow(long key)
    {
        var next = key - 1;
        while (true)
        {
            var bit = (int)(next & 63);
            var wordStart = next - bit;
            var bits = _occupied[Slot(next) >> 6] & (ulong.MaxValue >> (63 - bit));
            if (bits != 0)
            {
                return wordStart + 63 - BitOperations.LeadingZeroCount(bits);
            }

            Debug.Assert(wordStart > Low, "A level is below the key.");
            next = wordStart - 1;
        }
    }

    private int Slot(long key) => (int)(key & _mask);
}
