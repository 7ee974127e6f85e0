namespace MarketMaking.Risk;

/// <summary>What the trading state lets through.</summary>
public enum TradingState
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>Every order that passes the limits.</summary>
    Active = 1,

    /// <summary>Only orders that reduce the position (and cancels).</summary>
    Reducing = 2,

    /// <summary>No new order or amend; cancels only.</summary>
    Halted = 3,
}
