using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>One subscribed Kraken book: the adapter's verified copy, used to check every update's checksum before it is passed on.</summary>
internal sealed class KrakenBookStream
{
    public KrakenBookStream(InstrumentSpec spec, int depth)
    {
        Instrument = spec.Instrument;
        SymbolUtf8 = System.Text.Encoding.UTF8.GetBytes(spec.Instrument.Value);
        Depth = depth;
        Synchronizer = new KrakenBookSynchronizer(new OrderBook(spec, depth));
    }

    public InstrumentId Instrument { get; }

    public byte[] SymbolUtf8 { get; }

    public int Depth { get; }

    public KrakenBookSynchronizer Synchronizer { get; }

    /// <summary>Gets or sets the state last reported to consumers.</summary>
    public BookSyncState ReportedState { get; set; } = BookSyncState.Syncing;

    /// <summary>Gets or sets whether a resubscription for a fresh snapshot is under way.</summary>
    public bool Resyncing { get; set; }
}
