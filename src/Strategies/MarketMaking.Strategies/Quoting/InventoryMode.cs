namespace MarketMaking.Strategies;

/// <summary>How inventory bends the quotes (the quote-generator seed's two modes). Values are pinned.</summary>
public enum InventoryMode
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>Lean against the inventory: a long position lowers both quotes so that it sells down.</summary>
    MeanReverting = 1,

    /// <summary>When inventory lines up with the signal, lean further into it; when it does not, lean against it.</summary>
    TrendFollowing = 2,
}
