using System.Buffers.Text;
using System.IO.Hashing;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Kraken's L2 book checksum: CRC32 over the 10 best asks (lowest first) then the 10 best bids (highest first), each
/// price and quantity written with the pair's precision, without the decimal point and without leading zeros.
/// </summary>
/// <remarks>
/// <para>WebSocket v2 (<see href="https://docs.kraken.com/api/docs/websocket-v2/book"/>): the numbers are padded to the
/// instrument's <c>price_precision</c> and <c>qty_precision</c> (MATIC/USD 4/8: <c>0.566</c> is <c>0.5660</c>).</para>
/// <para>WebSocket v1 (<see href="https://docs.kraken.com/api/docs/guides/spot-ws-book-v1"/>): the strings' digits as sent.
/// v1 sends every price and volume of a pair with the pair's <c>pair_decimals</c>/<c>lot_decimals</c>, so the digits as
/// sent are the book's values written with the precisions of those strings; readers of v1 data build the
/// <see cref="InstrumentSpec"/> from the strings' decimals and the same computation applies.</para>
/// <para>Allocation-free; the book's <see cref="InstrumentSpec.TickSizeScaled"/> and
/// <see cref="InstrumentSpec.LotSizeScaled"/> turn ticks and lots back into wire digits.</para>
/// </remarks>
public static class KrakenBookChecksum
{
    /// <summary>The number of levels per side that enter the checksum, whatever the subscribed depth.</summary>
    public const int LevelsPerSide = 10;

    // 20 levels × (price + quantity) × at most 19 digits each.
    internal const int MaxTextLength = 2 * LevelsPerSide * 2 * 19;

    /// <summary>Computes the checksum of a book.</summary>
    /// <param name="book">The book, whose spec gives the wire precisions.</param>
    /// <returns>The CRC32 as Kraken sends it in <c>checksum</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is null.</exception>
    public static uint Compute(OrderBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        Span<byte> text = stackalloc byte[MaxTextLength];
        var spec = book.Spec;
        var length = 0;
        var asks = Math.Min(LevelsPerSide, book.AskDepth);
        for (var i = 0; i < asks; i++)
        {
            length += WriteLevel(book.GetAsk(i), spec, text[length..]);
        }

        var bids = Math.Min(LevelsPerSide, book.BidDepth);
        for (var i = 0; i < bids; i++)
        {
            length += WriteLevel(book.GetBid(i), spec, text[length..]);
        }

        return Crc32.HashToUInt32(text[..length]);
    }

    /// <summary>Compares the venue's checksum with the book's; on a mismatch the book goes out of sync.</summary>
    /// <param name="book">The book after applying the message that carried <paramref name="expected"/>.</param>
    /// <param name="expected">The venue's checksum.</param>
    /// <returns><see langword="true"/> when they match.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is null.</exception>
    public static bool Verify(OrderBook book, uint expected) => Verify(book, expected, Compute(book));

    internal static bool Verify(OrderBook book, uint expected, uint actual)
    {
        if (actual == expected)
        {
            return true;
        }

        book.MarkOutOfSync(OutOfSyncReason.ChecksumMismatch, $"Kraken checksum {expected} but the rebuilt book gives {actual}");
        return false;
    }

    /// <summary>Writes one level's price digits then quantity digits.</summary>
    /// <returns>The number of bytes written: price digits then quantity digits.</returns>
    internal static int WriteLevel(TickLevel level, InstrumentSpec spec, Span<byte> destination, out int priceLength)
    {
        // Scaled integers have no decimal point and no leading zeros: exactly Kraken's digit string.
        Utf8Formatter.TryFormat(level.PriceTicks * spec.TickSizeScaled, destination, out priceLength);
        return priceLength + WriteQuantity(level, spec, destination[priceLength..]);
    }

    /// <summary>Writes one level's quantity digits.</summary>
    /// <returns>The number of bytes written.</returns>
    internal static int WriteQuantity(TickLevel level, InstrumentSpec spec, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(level.QuantityLots * spec.LotSizeScaled, destination, out var quantityLength);
        return quantityLength;
    }

    private static int WriteLevel(TickLevel level, InstrumentSpec spec, Span<byte> destination) =>
        WriteLevel(level, spec, destination, out _);
}
