namespace MarketMaking.Models;

/// <summary>
/// One side of an L2 book as two parallel sorted arrays, with the best level at the end so that the frequent changes
/// near the touch move few elements.
/// </summary>
/// <remarks>
/// Keys are <c>sign × priceTicks</c> (bids +1, asks −1), so both sides sort ascending with the best level last.
/// Allocation happens only when the side grows past its capacity.
/// </remarks>
internal sealed class BookSide
{
    private readonly long _sign;
    private long[] _keys;
    private long[] _quantities;
    private int _count;

    public BookSide(Side side, int initialCapacity)
    {
        _sign = side == Side.Buy ? 1 : -1;
        _keys = new long[Math.Max(initialCapacity, 4)];
        _quantities = new long[_keys.Length];
    }

    public int Count => _count;

    /// <summary>Returns the level <paramref name="index"/> places from the best (0 = best).</summary>
    public TickLevel this[int index]
    {
        get
        {
            var i = _count - 1 - index;
            return new TickLevel(_sign * _keys[i], _quantities[i]);
        }
    }

    public long PriceTicksAt(int index) => _sign * _keys[_count - 1 - index];

    public long QuantityLotsAt(int index) => _quantities[_count - 1 - index];

    public void Clear() => _count = 0;

    /// <summary>Returns the quantity at a price, or 0 when no level is there.</summary>
    public long QuantityAt(long priceTicks)
    {
        var index = Array.BinarySearch(_keys, 0, _count, _sign * priceTicks);
        return index >= 0 ? _quantities[index] : 0;
    }

    /// <summary>Sets the quantity at a price; zero removes the level (removing an absent level is a no-op).</summary>
    public void Set(long priceTicks, long quantityLots)
    {
        var key = _sign * priceTicks;
        var index = Array.BinarySearch(_keys, 0, _count, key);
        if (index >= 0)
        {
            if (quantityLots == 0)
            {
                RemoveAt(index);
            }
            else
            {
                _quantities[index] = quantityLots;
            }

            return;
        }

        if (quantityLots != 0)
        {
            InsertAt(~index, key, quantityLots);
        }
    }

    /// <summary>Keeps only the <paramref name="depth"/> best levels.</summary>
    public void Truncate(int depth)
    {
        var excess = _count - depth;
        if (excess <= 0)
        {
            return;
        }

        // The worst levels are at the front.
        Array.Copy(_keys, excess, _keys, 0, depth);
        Array.Copy(_quantities, excess, _quantities, 0, depth);
        _count = depth;
    }

    private void InsertAt(int index, long key, long quantity)
    {
        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
            Array.Resize(ref _quantities, _quantities.Length * 2);
        }

        var tail = _count - index;
        if (tail > 0)
        {
            Array.Copy(_keys, index, _keys, index + 1, tail);
            Array.Copy(_quantities, index, _quantities, index + 1, tail);
        }

        _keys[index] = key;
        _quantities[index] = quantity;
        _count++;
    }

    private void RemoveAt(int index)
    {
        var tail = _count - index - 1;
        if (tail > 0)
        {
            Array.Copy(_keys, index + 1, _keys, index, tail);
            Array.Copy(_quantities, index + 1, _quantities, index, tail);
        }

        _count--;
    }
}
