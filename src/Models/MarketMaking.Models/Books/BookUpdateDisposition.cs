namespace MarketMaking.Models;

/// <summary>How an <see cref="IBookSynchronizer"/> disposed of a message.</summary>
/// <remarks>Pinned values.</remarks>
public enum BookUpdateDisposition
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>Applied to the book (a delta) or loaded (a snapshot).</summary>
    Applied = 1,

    /// <summary>Held until a snapshot arrives (Binance-style sync).</summary>
    Buffered = 2,

    /// <summary>Older than the book's last update id; dropped as the venue's protocol requires.</summary>
    Stale = 3,

    /// <summary>Dropped because the book is out of sync and waits for a new snapshot.</summary>
    SkippedOutOfSync = 4,

    /// <summary>Refused because it failed a check (see <see cref="BookUpdateResult.Failure"/>).</summary>
    Rejected = 5,
}
