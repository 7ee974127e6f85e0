using System.Collections.Immutable;

namespace MarketMaking.Models;

/// <summary>A full L2 book: every level the venue sent, replacing whatever was there.</summary>
/// <param name="Venue">The venue.</param>
/// <param name="Instrument">The instrument.</param>
/// <param name="Bids">Bid levels, best (highest) first.</param>
/// <param name="Asks">Ask levels, best (lowest) first.</param>
/// <param name="TsEvent">The venue's timestamp in ns since the Unix epoch; 0 when absent.</param>
/// <param name="TsInit">The local receive timestamp in ns since the Unix epoch.</param>
public sealed record BookSnapshot(
    VenueId Venue,
    InstrumentId Instrument,
    ImmutableArray<BookLevel> Bids,
    ImmutableArray<BookLevel> Asks,
    long TsEvent,
    long TsInit) : MarketDataEvent(Venue, Instrument, TsEvent, TsInit)
{
    /// <summary>Gets the venue's update id the snapshot is current to (Binance <c>lastUpdateId</c>), or <see langword="null"/>.</summary>
    public long? LastUpdateId { get; init; }

    /// <summary>Gets the venue's checksum of the book after this snapshot (Kraken CRC32), or <see langword="null"/>.</summary>
    public uint? Checksum { get; init; }

    /// <summary>Gets the book depth the subscription asked for (levels per side), or 0 when unlimited or unknown.</summary>
    public int Depth { get; init; }
}
