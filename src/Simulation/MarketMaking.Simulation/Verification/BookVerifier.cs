using System.Collections.Immutable;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Verification;

/// <summary>
/// Rebuilds each instrument's book from a stream of recorded events through the venue's synchronizer and reports
/// what held: checksums matched, deltas applied, gaps, crossed books, resyncs, and a cross-check of every published
/// top of book whose update id equals an applied delta's final update id against the rebuilt best bid and ask.
/// </summary>
/// <remarks>Not thread-safe: feed it from one thread, in stream order.</remarks>
public sealed class BookVerifier
{
    private readonly BookVerifierOptions _options;
    private readonly Dictionary<(VenueId, InstrumentId), InstrumentState> _instruments = [];
    private readonly List<InstrumentBookReport> _reports = [];

    /// <summary>Initializes a verifier.</summary>
    /// <param name="options">How to build and check books.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">Only one of the two precisions is set.</exception>
    public BookVerifier(BookVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PricePrecision.HasValue != options.QuantityPrecision.HasValue)
        {
            throw new ArgumentException("Set both the price and the quantity precision, or neither.", nameof(options));
        }

        _options = options;
    }

    /// <summary>Gets one report per instrument, in order of first appearance.</summary>
    public IReadOnlyList<InstrumentBookReport> Reports => _reports;

    /// <summary>Processes one event.</summary>
    /// <param name="marketEvent">The event.</param>
    /// <exception cref="ArgumentNullException"><paramref name="marketEvent"/> is null.</exception>
    public void Process(MarketDataEvent marketEvent)
    {
        ArgumentNullException.ThrowIfNull(marketEvent);
        var state = GetState(marketEvent);
        state.Report.MessagesRead++;
        switch (marketEvent)
        {
            case InstrumentUpdate update:
                state.DeclaredSpec = update.Spec;
                break;
            case BookSnapshot snapshot:
                OnSnapshot(state, snapshot);
                break;
            case BookDelta delta:
                OnDelta(state, delta);
                break;
            case TopOfBook top:
                OnTopOfBook(state, top);
                break;
        }
    }

    private InstrumentState GetState(MarketDataEvent marketEvent)
    {
        var key = (marketEvent.Venue, marketEvent.Instrument);
        if (!_instruments.TryGetValue(key, out var state))
        {
            state = new InstrumentState(new InstrumentBookReport(marketEvent.Venue, marketEvent.Instrument));
            _instruments.Add(key, state);
            _reports.Add(state.Report);
        }

        return state;
    }

    private void OnSnapshot(InstrumentState state, BookSnapshot snapshot)
    {
        if (!EnsureSynchronizer(state, snapshot.Bids, snapshot.Asks, snapshot.Depth))
        {
            return;
        }

        // The snapshot's own top is not a delta's: only tops after deltas are cross-checked.
        state.SkipNextTop = true;
        var result = state.Synchronizer!.OnSnapshot(snapshot);
        state.SkipNextTop = false;
        if (result.Disposition == BookUpdateDisposition.Applied || result.Checksum != ChecksumCheck.None)
        {
            state.Report.SnapshotsApplied++;
        }

        Count(state, result);
    }

    private void OnDelta(InstrumentState state, BookDelta delta)
    {
        if (state.Synchronizer is null
            && (!_options.InferPrecisionFromData || !EnsureSynchronizer(state, delta.Bids, delta.Asks, depth: 0)))
        {
            state.Report.DeltasSkipped++;
            return;
        }

        Count(state, state.Synchronizer!.OnDelta(delta));
    }

    private static void Count(InstrumentState state, BookUpdateResult result)
    {
        var report = state.Report;
        report.DeltasApplied += result.DeltasApplied;
        if (result.Checksum == ChecksumCheck.Matched)
        {
            report.ChecksumsMatched++;
        }
        else if (result.Checksum == ChecksumCheck.Mismatched)
        {
            report.ChecksumsMismatched++;
        }

        if (result.Disposition == BookUpdateDisposition.SkippedOutOfSync)
        {
            report.DeltasSkipped++;
        }
    }

    private bool EnsureSynchronizer(InstrumentState state, ImmutableArray<BookLevel> bids, ImmutableArray<BookLevel> asks, int depth)
    {
        if (state.Synchronizer is not null)
        {
            return true;
        }

        var spec = ResolveSpec(state, bids, asks);
        if (spec is null)
        {
            if (!state.Report.LacksPrecision)
            {
                state.Report.LacksPrecision = true;
                state.Report.AddProblem(
                    $"No precision for {state.Report.Instrument}: pass --price-precision and --qty-precision, or record an instrument message");
            }

            return false;
        }

        var book = new OrderBook(spec, _options.Depth ?? depth);
        state.Report.Spec = spec;
        state.Synchronizer = _options.CreateSynchronizer(book);
        state.TopCheck = new TopOfBookCrossCheck(book);
        book.SyncStateChanged += (_, change) => OnSyncStateChanged(state, change);
        book.UpdateCompleted += (_, _) => OnBookUpdated(state);
        return true;
    }

    private InstrumentSpec? ResolveSpec(InstrumentState state, ImmutableArray<BookLevel> bids, ImmutableArray<BookLevel> asks)
    {
        var instrument = state.Report.Instrument;
        if (_options.PricePrecision is { } pricePrecision)
        {
            return InstrumentSpec.FromPrecision(instrument, pricePrecision, _options.QuantityPrecision!.Value);
        }

        if (state.DeclaredSpec is not null)
        {
            return state.DeclaredSpec;
        }

        if (!_options.InferPrecisionFromData || (bids.IsEmpty && asks.IsEmpty))
        {
            return null;
        }

        int priceScale = 0, quantityScale = 0;
        WidenScales(bids.AsSpan(), ref priceScale, ref quantityScale);
        WidenScales(asks.AsSpan(), ref priceScale, ref quantityScale);
        return InstrumentSpec.FromPrecision(instrument, priceScale, quantityScale);
    }

    private static void WidenScales(ReadOnlySpan<BookLevel> levels, ref int priceScale, ref int quantityScale)
    {
        foreach (ref readonly var level in levels)
        {
            priceScale = Math.Max(priceScale, level.Price.Value.Scale);
            quantityScale = Math.Max(quantityScale, level.Quantity.Value.Scale);
        }
    }

    private static void OnSyncStateChanged(InstrumentState state, BookSyncStateChangedEventArgs change)
    {
        var report = state.Report;
        if (change.Current == BookSyncState.OutOfSync)
        {
            state.AwaitingResync = true;
            switch (change.Reason)
            {
                case OutOfSyncReason.SequenceGap:
                    report.SequenceGaps++;
                    break;
                case OutOfSyncReason.CrossedBook:
                    report.CrossedBooks++;
                    break;
                case OutOfSyncReason.InvalidLevel:
                    report.InvalidLevels++;
                    break;
            }

            report.AddProblem($"{change.Reason}: {change.Detail}");
        }
        else if (change.Current == BookSyncState.Synced && state.AwaitingResync)
        {
            state.AwaitingResync = false;
            report.Resyncs++;
        }
    }

    private static void OnBookUpdated(InstrumentState state)
    {
        if (state.SkipNextTop)
        {
            state.SkipNextTop = false;
            return;
        }

        Record(state, state.TopCheck!.OnDiffApplied());
    }

    private static void OnTopOfBook(InstrumentState state, TopOfBook published)
    {
        if (state.TopCheck is not null)
        {
            Record(state, state.TopCheck.OnPublished(published));
        }
    }

    private static void Record(InstrumentState state, string? difference)
    {
        state.Report.TopOfBookMatched = state.TopCheck!.Matched;
        state.Report.TopOfBookMismatched = state.TopCheck.Mismatched;
        if (difference is not null)
        {
            state.Report.AddProblem(difference);
        }
    }

    private sealed class InstrumentState(InstrumentBookReport report)
    {
        public InstrumentBookReport Report { get; } = report;

        public InstrumentSpec? DeclaredSpec { get; set; }

        public IBookSynchronizer? Synchronizer { get; set; }

        public TopOfBookCrossCheck? TopCheck { get; set; }

        public bool AwaitingResync { get; set; }

        public bool SkipNextTop { get; set; }
    }
}
