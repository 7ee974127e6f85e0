namespace MarketMaking.Oms;

/// <summary>What reconciliation does with an open order at the venue that the OMS does not know. Values are pinned.</summary>
public enum ForeignOrderPolicy
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>Track it as ours from now on (its fills count).</summary>
    Adopt = 1,

    /// <summary>Cancel it at the venue (a market maker should own everything it has resting).</summary>
    Cancel = 2,
}
