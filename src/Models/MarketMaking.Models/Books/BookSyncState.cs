namespace MarketMaking.Models;

/// <summary>Whether an <see cref="OrderBook"/> can be trusted (STYLE rule 16).</summary>
/// <remarks>Pinned values.</remarks>
public enum BookSyncState
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>Waiting for a snapshot; the book's levels are not usable.</summary>
    Syncing = 1,

    /// <summary>Built from a snapshot and every delta since, with all checks passing.</summary>
    Synced = 2,

    /// <summary>A check failed (see <see cref="OrderBook.OutOfSyncReason"/>); deltas are refused until a new snapshot.</summary>
    OutOfSync = 3,
}
