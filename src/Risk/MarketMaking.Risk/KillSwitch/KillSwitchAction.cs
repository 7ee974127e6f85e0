namespace MarketMaking.Risk;

/// <summary>What the kill switch does, from the mildest to the strongest; a trip never steps down.</summary>
public enum KillSwitchAction
{
    /// <summary>Nothing yet.</summary>
    None = 0,

    /// <summary>Stop adding risk: the trading state goes to <see cref="TradingState.Reducing"/>; resting orders stay.</summary>
    StopQuoting = 1,

    /// <summary>Halt and cancel every open order: the state goes to <see cref="TradingState.Halted"/>.</summary>
    CancelAll = 2,

    /// <summary>Cancel every open order, then close every position with marketable reducing orders (state <see cref="TradingState.Reducing"/>).</summary>
    Flatten = 3,
}
