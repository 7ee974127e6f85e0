namespace MarketMaking.Models;

/// <summary>Describes a change of <see cref="OrderBook.SyncState"/>.</summary>
/// <param name="previous">The state before.</param>
/// <param name="current">The state after.</param>
/// <param name="reason">Why the book went out of sync, or <see cref="OutOfSyncReason.None"/>.</param>
/// <param name="detail">What was seen, or <see langword="null"/>.</param>
public sealed class BookSyncStateChangedEventArgs(BookSyncState previous, BookSyncState current, OutOfSyncReason reason, string? detail)
    : EventArgs
{
    /// <summary>Gets the state before the change.</summary>
    public BookSyncState Previous { get; } = previous;

    /// <summary>Gets the state after the change.</summary>
    public BookSyncState Current { get; } = current;

    /// <summary>Gets why the book went out of sync, or <see cref="OutOfSyncReason.None"/>.</summary>
    public OutOfSyncReason Reason { get; } = reason;

    /// <summary>Gets what was seen, or <see langword="null"/>.</summary>
    public string? Detail { get; } = detail;
}
