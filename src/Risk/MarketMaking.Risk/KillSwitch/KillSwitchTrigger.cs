namespace MarketMaking.Risk;

/// <summary>What tripped the kill switch.</summary>
public enum KillSwitchTrigger
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>Total PnL fell too far below its peak.</summary>
    Drawdown = 1,

    /// <summary>The realized loss passed its limit.</summary>
    RealizedLoss = 2,

    /// <summary>A book has not been updated for too long.</summary>
    StaleMarketData = 3,

    /// <summary>A venue connection has been down for too long.</summary>
    VenueDisconnected = 4,

    /// <summary>Too many orders failed or ended unknown in the last minute.</summary>
    ErrorRate = 5,

    /// <summary>An operator asked.</summary>
    Manual = 6,
}
