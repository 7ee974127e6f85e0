namespace MarketMaking.Models;

/// <summary>What an <see cref="IBookSynchronizer"/> did with one snapshot or delta.</summary>
/// <param name="DeltasApplied">Deltas applied to the book by this call (a snapshot may release several buffered deltas).</param>
/// <param name="Checksum">The checksum comparison made after applying, if any.</param>
/// <param name="Failure">The check that failed and moved the book out of sync, or <see cref="OutOfSyncReason.None"/>.</param>
/// <param name="Disposition">What became of the message: applied, buffered, dropped as stale or out of sync, or rejected.</param>
public readonly record struct BookUpdateResult(
    int DeltasApplied,
    ChecksumCheck Checksum,
    OutOfSyncReason Failure,
    BookUpdateDisposition Disposition);
