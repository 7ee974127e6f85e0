using MarketMaking.Models;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// One instrument's book kept from the diff-depth stream and REST snapshots (<see cref="UpdateIdDepthSynchronizer"/>),
/// checked against the published best bid and ask (<see cref="TopOfBookCrossCheck"/>). The gate orders the receive
/// loop's diffs and the resync's snapshot, so events reach the sink in book order.
/// </summary>
internal sealed class BinanceDepthBook
{
    private int _resyncing;

    /// <summary>Binance writes every price and quantity with at most 8 decimals.</summary>
    private const int WireDecimals = 8;

    /// <summary>Initializes an instrument's book.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <remarks>
    /// The book's grid is the wire's precision, not the trading rules: resting orders placed under an older, finer step
    /// stay in Binance's book (spot BTCUSDT showed <c>200000.00 x 25.426189</c> with a step of 0.00001).
    /// </remarks>
    public BinanceDepthBook(InstrumentId instrument)
    {
        Synchronizer = new UpdateIdDepthSynchronizer(new OrderBook(InstrumentSpec.FromPrecision(instrument, WireDecimals, WireDecimals), initialCapacity: 2048));
        TopCheck = new TopOfBookCrossCheck(Synchronizer.Book);
    }

    public InstrumentId Instrument => Synchronizer.Book.Spec.Instrument;

    public UpdateIdDepthSynchronizer Synchronizer { get; }

    public TopOfBookCrossCheck TopCheck { get; }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Gets or sets the connection carrying the depth stream.</summary>
    public BinanceStreamConnection? Connection { get; set; }

    /// <summary>Gets or sets the state last posted as <see cref="BookSyncChanged"/>.</summary>
    public BookSyncState ReportedState { get; set; } = BookSyncState.Syncing;

    public int Snapshots { get; set; }

    public int SequenceGaps { get; set; }

    public long DiffsApplied { get; set; }

    public BinanceBookHealth Health => new(Snapshots, SequenceGaps, DiffsApplied, TopCheck.Matched, TopCheck.Mismatched);

    /// <summary>Claims the one resync allowed at a time.</summary>
    public bool TryBeginResync() => Interlocked.Exchange(ref _resyncing, 1) == 0;

    public void EndResync() => Volatile.Write(ref _resyncing, 0);
}
