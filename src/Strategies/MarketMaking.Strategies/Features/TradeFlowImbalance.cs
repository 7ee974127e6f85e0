using MarketMaking.Models;

namespace MarketMaking.Strategies;

/// <summary>
/// Trade-flow imbalance over the last <c>window</c> public trades: (buyer-initiated volume − seller-initiated
/// volume) / total volume, in [−1, 1]. Positive: takers are buying.
/// </summary>
/// <remarks>Source: T. Chordia, R. Roll, A. Subrahmanyam, "Order imbalance, liquidity, and market returns", Journal of Financial Economics 65(1), 2002 (buyer- minus seller-initiated volume), normalized by total volume.</remarks>
public sealed class TradeFlowImbalance
{
    private readonly RollingSum _signed;
    private readonly RollingSum _total;

    /// <summary>Initializes the feature.</summary>
    /// <param name="window">How many trades it covers.</param>
    public TradeFlowImbalance(int window)
    {
        _signed = new RollingSum(window);
        _total = new RollingSum(window);
    }

    /// <summary>Gets the imbalance in [−1, 1], or 0 before any trade.</summary>
    public double Value => _total.Value > 0 ? Math.Clamp(_signed.Value / _total.Value, -1, 1) : 0;

    /// <summary>Takes a public trade.</summary>
    /// <param name="quantity">Its quantity.</param>
    /// <param name="aggressor">The taker's side; trades of unknown side are skipped.</param>
    public void Update(double quantity, Side aggressor)
    {
        if (aggressor == Side.Unspecified || quantity <= 0)
        {
            return;
        }

        _signed.Add(aggressor == Side.Buy ? quantity : -quantity);
        _total.Add(quantity);
    }
}
