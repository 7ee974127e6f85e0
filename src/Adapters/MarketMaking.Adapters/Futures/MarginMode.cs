namespace MarketMaking.Adapters;

/// <summary>How a futures position's margin is held.</summary>
public enum MarginMode
{
    /// <summary>One margin balance shared by every cross position of the account.</summary>
    Cross = 0,

    /// <summary>Margin set aside per position: a liquidation loses that margin only.</summary>
    Isolated = 1,
}
