namespace MarketMaking.Models;

/// <summary>
/// What our open orders on one venue and instrument add up to, for the pre-trade checks: the quantity still to fill on
/// each side (base units) and our best bid and ask (quote currency per unit of base), <see langword="null"/> when a side
/// has none.
/// </summary>
/// <param name="OpenBuys">The remaining quantity of the open buy orders, in base units.</param>
/// <param name="OpenSells">The remaining quantity of the open sell orders, in base units.</param>
/// <param name="BestBid">Our highest buy price, or <see langword="null"/>.</param>
/// <param name="BestAsk">Our lowest sell price, or <see langword="null"/>.</param>
public readonly record struct OpenExposure(decimal OpenBuys, decimal OpenSells, Price? BestBid, Price? BestAsk)
{
    /// <summary>Returns this exposure with one more open order counted.</summary>
    /// <param name="order">The order.</param>
    /// <returns>The new exposure.</returns>
    public OpenExposure With(IOrderView order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var remaining = order.Quantity.Value - order.FilledQuantity.Value;
        return order.Side == Side.Buy
            ? this with
            {
                OpenBuys = OpenBuys + remaining,
                BestBid = order.LimitPrice is { } bid && (BestBid is null || bid.Value > BestBid.Value.Value) ? bid : BestBid,
            }
            : this with
            {
                OpenSells = OpenSells + remaining,
                BestAsk = order.LimitPrice is { } ask && (BestAsk is null || ask.Value < BestAsk.Value.Value) ? ask : BestAsk,
            };
    }
}
