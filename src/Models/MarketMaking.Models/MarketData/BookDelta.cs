using System.Collections.Immutable;

namespace MarketMaking.Models;

/// <summary>An incremental L2 book update: levels to set, where a zero quantity removes the level.</summary>
/// <remarks>
/// Levels are applied in the order given, bids then asks; the same price may appear twice (Kraken), and the last
/// occurrence wins. Sequencing fields are those the venue sends: Binance <c>U</c>, <c>u</c> and <c>pu</c>.
/// </remarks>
/// <param name="Venue">The venue.</param>
/// <param name="Instrument">The instrument.</param>
/// <param name="Bids">Bid level changes in the order received.</param>
/// <param name="Asks">Ask level changes in the order received.</param>
/// <param name="TsEvent">The venue's timestamp in ns since the Unix epoch; 0 when absent.</param>
/// <param name="TsInit">The local receive timestamp in ns since the Unix epoch.</param>
public sealed record BookDelta(
    VenueId Venue,
    InstrumentId Instrument,
    ImmutableArray<BookLevel> Bids,
    ImmutableArray<BookLevel> Asks,
    long TsEvent,
    long TsInit) : MarketDataEvent(Venue, Instrument, TsEvent, TsInit)
{
    // Each side's price order, found where the event is made (an adapter's receive thread, a recording's reader) rather
    // than on the engine loop, where a Binance diff of hundreds of levels would otherwise be read whole for it.
    private readonly int _bidsOrder = BookSide.Direction(Bids.AsSpan());
    private readonly int _asksOrder = BookSide.Direction(Asks.AsSpan());

    /// <summary>Gets the bid level changes in the order received.</summary>
    public ImmutableArray<BookLevel> Bids
    {
        get;
        init
        {
            field = value;
            _bidsOrder = BookSide.Direction(value.AsSpan());
        }
    } = Bids;

    /// <summary>Gets the ask level changes in the order received.</summary>
    public ImmutableArray<BookLevel> Asks
    {
        get;
        init
        {
            field = value;
            _asksOrder = BookSide.Direction(value.AsSpan());
        }
    } = Asks;

    /// <summary>Gets the bids' price order: +1 when the prices strictly rise, −1 when they strictly fall, 0 otherwise.</summary>
    internal int BidsOrder => _bidsOrder;

    /// <summary>Gets the asks' price order, as <see cref="BidsOrder"/>.</summary>
    internal int AsksOrder => _asksOrder;

    /// <summary>Gets the first update id this delta covers (Binance <c>U</c>), or <see langword="null"/>.</summary>
    public long? FirstUpdateId { get; init; }

    /// <summary>Gets the final update id this delta covers (Binance <c>u</c>), or <see langword="null"/>.</summary>
    public long? FinalUpdateId { get; init; }

    /// <summary>Gets the final update id of the previous delta (Binance futures <c>pu</c>), or <see langword="null"/>.</summary>
    public long? PreviousFinalUpdateId { get; init; }

    /// <summary>Gets the venue's checksum of the book after this delta (Kraken CRC32), or <see langword="null"/>.</summary>
    public uint? Checksum { get; init; }
}
