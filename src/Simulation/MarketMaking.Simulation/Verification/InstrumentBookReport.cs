using MarketMaking.Models;

namespace MarketMaking.Simulation.Verification;

/// <summary>What <see cref="BookVerifier"/> saw for one instrument.</summary>
public sealed class InstrumentBookReport
{
    internal const int MaxProblems = 5;
    private readonly List<string> _problems = [];

    internal InstrumentBookReport(VenueId venue, InstrumentId instrument)
    {
        Venue = venue;
        Instrument = instrument;
    }

    /// <summary>Gets the venue.</summary>
    public VenueId Venue { get; }

    /// <summary>Gets the instrument.</summary>
    public InstrumentId Instrument { get; }

    /// <summary>Gets the precisions the book was built with, or <see langword="null"/> when no book could be built.</summary>
    public InstrumentSpec? Spec { get; internal set; }

    /// <summary>Gets the number of events read for the instrument (snapshots, deltas, trades, tops of book, instrument updates).</summary>
    public long MessagesRead { get; internal set; }

    /// <summary>Gets the number of snapshots loaded.</summary>
    public long SnapshotsApplied { get; internal set; }

    /// <summary>Gets the number of deltas applied to a synced book.</summary>
    public long DeltasApplied { get; internal set; }

    /// <summary>Gets the number of venue checksums that matched the rebuilt book.</summary>
    public long ChecksumsMatched { get; internal set; }

    /// <summary>Gets the number of venue checksums that did not match.</summary>
    public long ChecksumsMismatched { get; internal set; }

    /// <summary>Gets the number of times an out-of-sync book was rebuilt from a new snapshot.</summary>
    public long Resyncs { get; internal set; }

    /// <summary>Gets the number of sequence gaps.</summary>
    public long SequenceGaps { get; internal set; }

    /// <summary>Gets the number of times the book was crossed after an update.</summary>
    public long CrossedBooks { get; internal set; }

    /// <summary>Gets the number of updates refused for a level off the tick or lot grid.</summary>
    public long InvalidLevels { get; internal set; }

    /// <summary>Gets the number of deltas dropped while the book waited for a snapshot (out of sync, or no precision).</summary>
    public long DeltasSkipped { get; internal set; }

    /// <summary>Gets the number of published tops of book (with an update id equal to an applied delta's) that matched the rebuilt best bid and ask.</summary>
    public long TopOfBookMatched { get; internal set; }

    /// <summary>Gets the number of such tops of book that did not match.</summary>
    public long TopOfBookMismatched { get; internal set; }

    /// <summary>Gets whether book messages arrived but no precision was known to build the book.</summary>
    public bool LacksPrecision { get; internal set; }

    /// <summary>Gets the first few problems, described.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Gets whether anything failed: a checksum or top-of-book mismatch, a gap, a crossed book, an unusable level or a book that could not be built.</summary>
    public bool HasFailures =>
        ChecksumsMismatched > 0 || TopOfBookMismatched > 0 || SequenceGaps > 0 || CrossedBooks > 0 || InvalidLevels > 0 || LacksPrecision;

    internal void AddProblem(string problem)
    {
        if (_problems.Count < MaxProblems)
        {
            _problems.Add(problem);
        }
    }
}
