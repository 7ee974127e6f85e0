namespace MarketMaking.Adapters.Binance;

/// <summary>Which of Binance's markets a client speaks to: each has its own hosts, paths and stream rules.</summary>
public enum BinanceMarket
{
    /// <summary>Spot (<c>api.binance.com</c>, <c>stream.binance.com</c>).</summary>
    Spot = 0,

    /// <summary>USD-M futures, USDT- and USDC-margined perpetuals (<c>fapi.binance.com</c>, <c>fstream.binance.com</c>).</summary>
    UsdM = 1,

    /// <summary>COIN-M futures, coin-margined contracts (<c>dapi.binance.com</c>, <c>dstream.binance.com</c>); quantities in contracts.</summary>
    CoinM = 2,
}
