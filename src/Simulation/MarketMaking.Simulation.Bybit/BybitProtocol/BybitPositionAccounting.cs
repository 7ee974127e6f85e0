namespace MarketMaking.Simulation.BybitProtocol;

/// <summary>
/// A linear position's bookkeeping as Bybit keeps it: a fill adding to the position moves the entry to the average; a
/// fill reducing it realizes its PnL on the part closed at (price − entry) and leaves the entry as it was; a fill
/// through zero closes the position and opens the rest at its price. Source: Bybit Help Center, "P&amp;L calculations
/// (USDT Contract)", <see href="https://help.bybit.com/hc/en-us/articles/900000630066-P-L-calculations-USDT-Contract-"/>.
/// </summary>
internal static class BybitPositionAccounting
{
    /// <summary>Applies a fill to a position.</summary>
    /// <param name="quantity">The position's signed quantity in base units (negative short).</param>
    /// <param name="cost">Its signed cost in quote (quantity × entry).</param>
    /// <param name="filled">The fill's signed quantity (negative a sell).</param>
    /// <param name="price">The fill's price.</param>
    /// <returns>The position after the fill, and the PnL it realized in quote (before fees).</returns>
    public static (decimal Quantity, decimal Cost, decimal Realized) Apply(decimal quantity, decimal cost, decimal filled, decimal price)
    {
        if (quantity == 0m || Math.Sign(quantity) == Math.Sign(filled))
        {
            return (quantity + filled, cost + (filled * price), 0m);
        }

        var entry = cost / quantity;
        var closed = Math.Sign(filled) * Math.Min(Math.Abs(filled), Math.Abs(quantity));
        var after = quantity + filled;
        var afterCost = after == 0m ? 0m : Math.Abs(filled) <= Math.Abs(quantity) ? entry * after : (filled - closed) * price;
        return (after, afterCost, -closed * (price - entry));
    }
}
