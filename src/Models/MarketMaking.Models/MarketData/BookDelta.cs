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
    /// <summary>Gets the first update id this delta covers (Binance <c>U</c>), or <see langword="null"/>.</summary>
    public long? FirstUpdateId { get; init; }

    /// <summary>Gets the final update id this delta covers (Binance <c>u</c>), or <see langword="null"/>.</summary>
    public long? FinalUpdateId { get; init; }

    /// <summary>Gets the final update id of the previous delta (Binance futures <c>pu</c>), or <see langword="null"/>.</summary>
    public long? PreviousFinalUpdateId { get; init; }

    /// <summary>Gets the venue's checksum of the book after this delta (Kraken CRC32), or <see langword="null"/>.</summary>
    public uint? Checksum { get; init; }
}
