using System.Collections.Immutable;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Recordings.Tardis;

/// <summary>The <c>incremental_book_L2</c> rows of the message being read, until a row of another message ends it.</summary>
internal sealed class PendingMessage
{
    private readonly ImmutableArray<BookLevel>.Builder _bids = ImmutableArray.CreateBuilder<BookLevel>();
    private readonly ImmutableArray<BookLevel>.Builder _asks = ImmutableArray.CreateBuilder<BookLevel>();
    private bool _started;
    private bool _isSnapshot;
    private VenueId _venue;
    private InstrumentId _instrument;
    private long _tsEvent;
    private long _tsInit;

    /// <summary>
    /// Whether a row belongs to this message: a snapshot row continues a snapshot (Tardis marks every row of one; a new
    /// snapshot follows other rows), an update row continues an update of the same local timestamp.
    /// </summary>
    public bool Continues(bool isSnapshot, InstrumentId instrument, long tsInit) =>
        _started && _isSnapshot == isSnapshot && _instrument == instrument && (isSnapshot || _tsInit == tsInit);

    public void Start(bool isSnapshot, VenueId venue, InstrumentId instrument, long tsEvent, long tsInit)
    {
        (_started, _isSnapshot, _venue, _instrument, _tsEvent, _tsInit) = (true, isSnapshot, venue, instrument, tsEvent, tsInit);
    }

    public void Add(Side side, BookLevel level) => (side == Side.Buy ? _bids : _asks).Add(level);

    /// <summary>Ends the message: the snapshot or delta it was, or <see langword="null"/> when none was started.</summary>
    public MarketDataEvent? Flush()
    {
        if (!_started)
        {
            return null;
        }

        _started = false;
        var (bids, asks) = (_bids.DrainToImmutable(), _asks.DrainToImmutable());
        return _isSnapshot
            ? new BookSnapshot(_venue, _instrument, bids, asks, _tsEvent, _tsInit)
            : new BookDelta(_venue, _instrument, bids, asks, _tsEvent, _tsInit);
    }
}
