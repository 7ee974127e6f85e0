namespace MarketMaking.Adapters.Bybit;

/// <summary>A Bybit v5 product category, the <c>category</c> parameter of every request.</summary>
public enum BybitCategory
{
    /// <summary>Spot (<c>spot</c>).</summary>
    Spot = 0,

    /// <summary>USDT and USDC perpetuals and futures (<c>linear</c>).</summary>
    Linear = 1,
}
