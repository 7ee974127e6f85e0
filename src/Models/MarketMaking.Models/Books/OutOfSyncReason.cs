namespace MarketMaking.Models;

/// <summary>Why an <see cref="OrderBook"/> went <see cref="BookSyncState.OutOfSync"/>.</summary>
/// <remarks>Pinned values.</remarks>
public enum OutOfSyncReason
{
    /// <summary>The book is not out of sync.</summary>
    None = 0,

    /// <summary>The venue's checksum differs from the checksum of the rebuilt book.</summary>
    ChecksumMismatch = 1,

    /// <summary>An update id is missing between two deltas, or no delta bridges the snapshot.</summary>
    SequenceGap = 2,

    /// <summary>The best bid is at or above the best ask.</summary>
    CrossedBook = 3,

    /// <summary>A level could not be applied: off the tick grid, or out of range.</summary>
    InvalidLevel = 4,
}
