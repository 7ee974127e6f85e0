
namespace MarketMaking.Models;

/// <summary>The limit price of an order meant to trade at once (an IOC hedge, a flattening order).</summary>
public static class MarketablePrice
{
    /// <summary>
    /// Returns the touch on the other side moved through it by a slippage in bps: a sell at the best bid lowered, a buy
    /// at the best ask raised, rounded to the tick away from the touch so the bound is never tighter than asked.
    /// </summary>
    /// <param name="spec">The instrument's tick.</param>
    /// <param name="side">The order's side.</param>
    /// <param name="bestBid">The best bid.</param>
    /// <param name="bestAsk">The best ask.</param>
    /// <param name="slippageBps">How far through the touch the order may trade, in bps.</param>
    /// <returns>The limit price, in quote currency per unit of base.</returns>
    public static Price Through(InstrumentSpec spec, Side side, Price bestBid, Price bestAsk, double slippageBps)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var through = (decimal)slippageBps / 10_000m;
        return side == Side.Sell
            ? spec.RoundDownToTick(new Price(bestBid.Value * (1 - through)))
            : spec.RoundUpToTick(new Price(bestAsk.Value * (1 + through)));
    }
}
