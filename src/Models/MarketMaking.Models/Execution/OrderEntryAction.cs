namespace MarketMaking.Models;

/// <summary>Which request an <see cref="OrderEntryResult"/> answers. Values are pinned (the journal stores them).</summary>
public enum OrderEntryAction
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>A new order.</summary>
    Submit = 1,

    /// <summary>An amend.</summary>
    Amend = 2,

    /// <summary>A cancel.</summary>
    Cancel = 3,
}
