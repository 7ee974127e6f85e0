namespace MarketMaking.Models;

/// <summary>The kinds of pre-trade denial.</summary>
public enum DenialReason
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>Trading is halted: no new order, only cancels.</summary>
    TradingHalted = 1,

    /// <summary>Only orders that reduce the position may go.</summary>
    ReducingOnly = 2,

    /// <summary>The price is not a multiple of the tick size.</summary>
    PriceOffTick = 3,

    /// <summary>The price is too far from the mid (fat finger).</summary>
    PriceOutsideBand = 4,

    /// <summary>The quantity is not a multiple of the lot size, or below the minimum.</summary>
    QuantityOffLot = 5,

    /// <summary>The notional is below the venue's minimum.</summary>
    BelowMinNotional = 6,

    /// <summary>The notional is above the largest allowed order.</summary>
    AboveMaxOrderNotional = 7,

    /// <summary>The position, counting open orders at worst, would pass its limit.</summary>
    PositionLimit = 8,

    /// <summary>Too many orders are open.</summary>
    TooManyOpenOrders = 9,

    /// <summary>Too many orders were sent in the last second.</summary>
    OrderRateLimit = 10,

    /// <summary>The order would trade against one of our own resting orders.</summary>
    SelfCross = 11,

    /// <summary>There is no market data to check the order against.</summary>
    NoMarketData = 12,

    /// <summary>The instrument is not known to the checks.</summary>
    UnknownInstrument = 13,

    /// <summary>The venue's gross notional, positions and open orders at worst, would pass the leverage allowed on its margin.</summary>
    LeverageLimit = 14,

    /// <summary>The order would add to a perpetual position whose mark is already within the allowed distance of its liquidation price.</summary>
    NearLiquidation = 15,
}
