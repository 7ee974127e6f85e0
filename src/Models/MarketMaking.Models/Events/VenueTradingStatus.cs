namespace MarketMaking.Models;

/// <summary>What a venue's matching engine accepts right now. Values are pinned.</summary>
public enum VenueTradingStatus
{
    /// <summary>Not known (an unrecognised status).</summary>
    Unspecified = 0,

    /// <summary>Normal trading.</summary>
    Online = 1,

    /// <summary>Down for maintenance: nothing is accepted.</summary>
    Maintenance = 2,

    /// <summary>Only cancels are accepted.</summary>
    CancelOnly = 3,

    /// <summary>Only post-only limit orders (and cancels) are accepted.</summary>
    PostOnly = 4,

    /// <summary>Only limit orders (and cancels) are accepted.</summary>
    LimitOnly = 5,

    /// <summary>Only orders that reduce a position are accepted.</summary>
    ReduceOnly = 6,
}
