using System.IO.Hashing;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Computes <see cref="KrakenBookChecksum"/> for one book again and again, reusing the digits of every level whose
/// price (and quantity) has not changed since the previous call instead of formatting them anew.
/// </summary>
/// <remarks>
/// An update changes a few of the 20 checksummed levels, and formatting 40 numbers was most of the checksum's cost.
/// Both the previous and the current levels run best first, so one forward walk pairs each level with its previous
/// self. The result is always the full CRC32 over the full text: only the formatting is saved. One book, one writer.
/// </remarks>
internal sealed class KrakenChecksumText
{
    private const int MaxLevels = 2 * KrakenBookChecksum.LevelsPerSide;

    private byte[] _text = new byte[KrakenBookChecksum.MaxTextLength];
    private byte[] _previousText = new byte[KrakenBookChecksum.MaxTextLength];
    private WrittenLevel[] _levels = new WrittenLevel[MaxLevels];
    private WrittenLevel[] _previousLevels = new WrittenLevel[MaxLevels];
    private int _askCount;
    private int _bidCount;
    private InstrumentSpec? _spec;

    /// <summary>Computes the checksum of <paramref name="book"/>, always the same book for one instance.</summary>
    public uint Compute(OrderBook book)
    {
        if (!ReferenceEquals(book.Spec, _spec))
        {
            // Digits written for another spec mean other numbers.
            _spec = book.Spec;
            _askCount = 0;
            _bidCount = 0;
        }

        (_text, _previousText) = (_previousText, _text);
        (_levels, _previousLevels) = (_previousLevels, _levels);
        var length = WriteSide(book, asks: true, firstSlot: 0, ref _askCount, 0);
        length = WriteSide(book, asks: false, firstSlot: KrakenBookChecksum.LevelsPerSide, ref _bidCount, length);
        return Crc32.HashToUInt32(_text.AsSpan(0, length));
    }

    private int WriteSide(OrderBook book, bool asks, int firstSlot, ref int count, int length)
    {
        var spec = book.Spec;
        var previousCount = count;
        var depth = Math.Min(KrakenBookChecksum.LevelsPerSide, asks ? book.AskDepth : book.BidDepth);
        var previous = 0;
        for (var i = 0; i < depth; i++)
        {
            var level = asks ? book.GetAsk(i) : book.GetBid(i);

            // Previous levels better than this one were removed: skip them.
            while (previous < previousCount && IsBetter(_previousLevels[firstSlot + previous].PriceTicks, level.PriceTicks, asks))
            {
                previous++;
            }

            var destination = _text.AsSpan(length);
            int written;
            int priceLength;
            if (previous < previousCount && _previousLevels[firstSlot + previous] is var old && old.PriceTicks == level.PriceTicks)
            {
                priceLength = old.PriceLength;
                if (old.QuantityLots == level.QuantityLots)
                {
                    written = old.Length;
                    _previousText.AsSpan(old.Offset, written).CopyTo(destination);
                }
                else
                {
                    _previousText.AsSpan(old.Offset, priceLength).CopyTo(destination);
                    written = priceLength + KrakenBookChecksum.WriteQuantity(level, spec, destination[priceLength..]);
                }

                previous++;
            }
            else
            {
                written = KrakenBookChecksum.WriteLevel(level, spec, destination, out priceLength);
            }

            _levels[firstSlot + i] = new WrittenLevel(level.PriceTicks, level.QuantityLots, length, priceLength, written);
            length += written;
        }

        count = depth;
        return length;
    }

    private static bool IsBetter(long priceTicks, long thanTicks, bool asks) => asks ? priceTicks < thanTicks : priceTicks > thanTicks;

    /// <summary>Where a level's digits sit in the text: price digits then quantity digits.</summary>
    private readonly record struct WrittenLevel(long PriceTicks, long QuantityLots, int Offset, int PriceLength, int Length);
}
