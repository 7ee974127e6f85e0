using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Globalization;
using System.Numerics;
using System.Text;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Recordings.Binary;

/// <summary>
/// Reads the project's binary event files (<c>.mmev</c>, written by <see cref="BinaryEventWriter"/> and
/// <c>mm convert</c>): the events of the source recording, exactly, without parsing text. Several files are read one
/// after the other, as one stream.
/// </summary>
/// <remarks>
/// <para>Layout, little-endian: the header ("MMEV", a u16 version, a u8 <see cref="RecordingFormat"/> of the source,
/// whose book sequencing rules the events still follow), then records, each a u8 kind and its body. A symbol record
/// (u16 index, venue and instrument as u8-length-prefixed UTF-8) names the index the records after it use. A snapshot
/// or delta: u16 symbol, i64 ts_event and ts_init (ns since the Unix epoch), u8 flags of the optional sequencing fields
/// (first, final and previous final update id, last update id, checksum, depth; each an i64 when present), u32 bid and
/// ask counts, then each level's price and quantity. A trade: symbol, the two timestamps, price, quantity, u8 aggressor
/// side, and its id (u8 0 and an i64, or u8 1 and a u16-length-prefixed UTF-8 string). A top of book: symbol, the two
/// timestamps, u8 flags (bit 0: an i64 update id follows), bid price and quantity, ask price and quantity. A price or a
/// quantity is its decimal's i64 mantissa and u8 scale, so that it reads back as recorded, trailing zeros included.</para>
/// <para>A file that is not of this format, or of a later version, is reported and skipped; a file cut short is
/// reported with the number of the record cut (as the error's line), the events before it kept.</para>
/// </remarks>
/// <param name="paths">The files.</param>
/// <param name="onError">Receives each unusable file; reading goes on with the next.</param>
public sealed class BinaryRecordingReader(IReadOnlyList<string> paths, Action<RecordingError> onError) : IMarketDataRecordingReader
{
    /// <summary>A price or a quantity: its decimal's i64 mantissa and u8 scale.</summary>
    private const int ValueSize = sizeof(long) + 1;

    /// <summary>A level: its price and quantity.</summary>
    private const int LevelSize = 2 * ValueSize;

    /// <summary>Reads the source format a binary file's events came from (its book sequencing rules).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The format, or <see langword="null"/> when the file is not a binary event file.</returns>
    public static RecordingFormat? SourceFormat(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var reader = new RecordCursor(File.OpenRead(path));
            return ReadHeader(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    /// <remarks>The events can also be listed by their timestamps alone, without decoding them (for the clocks' offset a
    /// replay takes from the first events; <see cref="Venue.RecordingTimeline"/>).</remarks>
    public IEnumerable<MarketDataEvent> ReadEvents(CancellationToken cancellationToken = default) => new Events(this, cancellationToken);

    private IEnumerable<MarketDataEvent> Read(CancellationToken cancellationToken)
    {
        foreach (var path in paths)
        {
            RecordCursor reader;
            try
            {
                reader = new RecordCursor(File.OpenRead(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                onError(new RecordingError(path, 0, $"Cannot open: {e.Message}"));
                continue;
            }

            using (reader)
            {
                if (ReadHeaderOrReport(reader, path) is null)
                {
                    continue;
                }

                var symbols = new List<(VenueId Venue, InstrumentId Instrument)>();
                var records = 0L;
                while (!cancellationToken.IsCancellationRequested)
                {
                    MarketDataEvent? next;
                    try
                    {
                        if (reader.IsAtEnd())
                        {
                            break;
                        }

                        records++;
                        next = ReadRecord(reader, symbols);
                    }
                    catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentOutOfRangeException or DecoderFallbackException)
                    {
                        onError(new RecordingError(path, records, e is EndOfStreamException ? "Cut short inside this record (truncated file)" : $"Corrupt record: {e.Message}"));
                        break;
                    }

                    if (next is not null)
                    {
                        yield return next;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The timestamps of the events <see cref="Read"/> yields, each record's body passed over but for what a read would
    /// refuse (a value's scale beyond 28, a negative quantity, a symbol out of order or not defined, too many levels, an
    /// unknown kind): the scan ends where the read would, and reports nothing (the read does).
    /// </summary>
    private IEnumerable<(long TsEvent, long TsInit)> ScanTimestamps()
    {
        foreach (var path in paths)
        {
            RecordCursor reader;
            try
            {
                reader = new RecordCursor(File.OpenRead(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            using (reader)
            {
                var (symbols, header) = (0, false);
                while (true)
                {
                    (long, long)? timestamps;
                    try
                    {
                        header = header || ReadHeader(reader) is not null;
                        if (!header || reader.IsAtEnd())
                        {
                            break;
                        }

                        timestamps = PassOverRecord(reader, ref symbols);
                    }
                    catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
                    {
                        break;
                    }

                    if (timestamps is { } read)
                    {
                        yield return read;
                    }
                }
            }
        }
    }

    /// <summary>Reads one record's timestamps and passes over the rest of it; <see langword="null"/> for a symbol definition.</summary>
    /// <exception cref="InvalidDataException">The record is one <see cref="ReadRecord"/> refuses.</exception>
    private static (long TsEvent, long TsInit)? PassOverRecord(RecordCursor reader, ref int symbols)
    {
        var kind = reader.Byte();
        if (kind == BinaryEventFormat.Symbol)
        {
            if (reader.UInt16() != symbols)
            {
                throw new InvalidDataException("symbol defined out of order");
            }

            reader.Bytes(reader.Byte());
            reader.Bytes(reader.Byte());
            symbols++;
            return null;
        }

        if (reader.UInt16() >= symbols)
        {
            throw new InvalidDataException("symbol used before it is defined");
        }

        var timestamps = (reader.Int64(), reader.Int64());
        switch (kind)
        {
            case BinaryEventFormat.Snapshot or BinaryEventFormat.Delta:
                reader.Bytes(sizeof(long) * BitOperations.PopCount(reader.Byte() & 63u));
                var bidCount = reader.Int32();
                var askCount = reader.Int32();
                if (bidCount < 0 || askCount < 0 || (long)bidCount + askCount > 1_000_000)
                {
                    throw new InvalidDataException($"{bidCount} bids and {askCount} asks");
                }

                var levels = reader.Bytes((bidCount + askCount) * LevelSize);
                for (var at = 0; at < levels.Length; at += LevelSize)
                {
                    CheckValue(levels[at..], isQuantity: false);
                    CheckValue(levels[(at + ValueSize)..], isQuantity: true);
                }

                break;
            case BinaryEventFormat.Trade:
                CheckValue(reader.Bytes(ValueSize), isQuantity: false);
                CheckValue(reader.Bytes(ValueSize), isQuantity: true);
                reader.Byte();
                reader.Bytes(reader.Byte() == 0 ? sizeof(long) : reader.UInt16());
                break;
            case BinaryEventFormat.TopOfBook:
                reader.Bytes((reader.Byte() & 1) != 0 ? sizeof(long) : 0);
                for (var i = 0; i < 4; i++)
                {
                    CheckValue(reader.Bytes(ValueSize), isQuantity: i % 2 == 1);
                }

                break;
            default:
                throw new InvalidDataException($"unknown record kind {kind}");
        }

        return timestamps;
    }

    /// <summary>Refuses what <see cref="Value(ReadOnlySpan{byte})"/> and a <see cref="Quantity"/> refuse: a scale beyond 28, a negative quantity.</summary>
    private static void CheckValue(ReadOnlySpan<byte> bytes, bool isQuantity)
    {
        if (bytes[sizeof(long)] > 28 || (isQuantity && BinaryPrimitives.ReadInt64LittleEndian(bytes) < 0))
        {
            throw new InvalidDataException("a value a read refuses");
        }
    }

    private RecordingFormat? ReadHeaderOrReport(RecordCursor reader, string path)
    {
        try
        {
            return ReadHeader(reader) ?? Report($"Not a binary event file (it does not start with MMEV, or is of a version after {BinaryEventFormat.Version}): convert it with mm convert");
        }
        catch (EndOfStreamException)
        {
            return Report("Not a binary event file (shorter than its header)");
        }

        RecordingFormat? Report(string message)
        {
            onError(new RecordingError(path, 0, message));
            return null;
        }
    }

    private static RecordingFormat? ReadHeader(RecordCursor reader)
    {
        if (!reader.Bytes(4).SequenceEqual(BinaryEventFormat.Magic) || reader.UInt16() is 0 or > BinaryEventFormat.Version)
        {
            return null;
        }

        return (RecordingFormat)reader.Byte();
    }

    /// <summary>Reads one record: an event, or <see langword="null"/> for a symbol definition.</summary>
    private static MarketDataEvent? ReadRecord(RecordCursor reader, List<(VenueId Venue, InstrumentId Instrument)> symbols)
    {
        var kind = reader.Byte();
        if (kind == BinaryEventFormat.Symbol)
        {
            var index = reader.UInt16();
            if (index != symbols.Count)
            {
                throw new InvalidDataException($"symbol {index} defined out of order (expected {symbols.Count})");
            }

            symbols.Add((new VenueId(ShortString(reader)), new InstrumentId(ShortString(reader))));
            return null;
        }

        var symbol = reader.UInt16();
        if (symbol >= symbols.Count)
        {
            throw new InvalidDataException($"symbol {symbol} used before it is defined");
        }

        var (venue, instrument) = symbols[symbol];
        var tsEvent = reader.Int64();
        var tsInit = reader.Int64();
        switch (kind)
        {
            case BinaryEventFormat.Snapshot or BinaryEventFormat.Delta:
            {
                var flags = reader.Byte();
                long? Field(byte flag) => (flags & flag) != 0 ? reader.Int64() : null;
                var first = Field(BinaryEventFormat.HasFirstUpdateId);
                var final = Field(BinaryEventFormat.HasFinalUpdateId);
                var previousFinal = Field(BinaryEventFormat.HasPreviousFinalUpdateId);
                var last = Field(BinaryEventFormat.HasLastUpdateId);
                var checksum = Field(BinaryEventFormat.HasChecksum);
                var depth = Field(BinaryEventFormat.HasDepth);
                var bidCount = reader.Int32();
                var askCount = reader.Int32();
                if (bidCount < 0 || askCount < 0 || (long)bidCount + askCount > 1_000_000)
                {
                    throw new InvalidDataException($"{bidCount} bids and {askCount} asks");
                }

                var bids = Levels(reader, bidCount);
                var asks = Levels(reader, askCount);
                return kind == BinaryEventFormat.Snapshot
                    ? new BookSnapshot(venue, instrument, bids, asks, tsEvent, tsInit) { LastUpdateId = last, Checksum = (uint?)checksum, Depth = (int)(depth ?? 0) }
                    : new BookDelta(venue, instrument, bids, asks, tsEvent, tsInit) { FirstUpdateId = first, FinalUpdateId = final, PreviousFinalUpdateId = previousFinal, Checksum = (uint?)checksum };
            }

            case BinaryEventFormat.Trade:
            {
                var price = new Price(Value(reader));
                var quantity = new Quantity(Value(reader));
                var side = (Side)reader.Byte();
                var id = reader.Byte() == 0
                    ? reader.Int64().ToString(CultureInfo.InvariantCulture)
                    : Encoding.UTF8.GetString(reader.Bytes(reader.UInt16()));
                return new Models.Trade(venue, instrument, price, quantity, side, new TradeId(id), tsEvent, tsInit);
            }

            case BinaryEventFormat.TopOfBook:
            {
                long? updateId = (reader.Byte() & 1) != 0 ? reader.Int64() : null;
                return new Models.TopOfBook(venue, instrument, new Price(Value(reader)), new Quantity(Value(reader)), new Price(Value(reader)), new Quantity(Value(reader)), tsEvent, tsInit) { UpdateId = updateId };
            }

            default:
                throw new InvalidDataException($"unknown record kind {kind}");
        }
    }

    private static ImmutableArray<BookLevel> Levels(RecordCursor reader, int count)
    {
        // One level is a price and a quantity, each an i64 mantissa and a u8 scale: the whole block taken at once.
        var bytes = reader.Bytes(count * LevelSize);
        var levels = new BookLevel[count];
        for (var i = 0; i < count; i++)
        {
            var level = bytes.Slice(i * LevelSize, LevelSize);
            levels[i] = new BookLevel(new Price(Value(level)), new Quantity(Value(level[ValueSize..])));
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(levels);
    }

    private static decimal Value(RecordCursor reader) => Value(reader.Bytes(ValueSize));

    /// <summary>A decimal from its i64 mantissa and u8 scale, the first nine bytes of <paramref name="bytes"/>.</summary>
    private static decimal Value(ReadOnlySpan<byte> bytes)
    {
        var mantissa = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        var scale = bytes[sizeof(long)];
        if (scale > 28)
        {
            throw new InvalidDataException($"a value's scale {scale} is beyond 28");
        }

        var magnitude = (ulong)(mantissa < 0 ? -mantissa : mantissa);
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, mantissa < 0, scale);
    }

    private static string ShortString(RecordCursor reader) => Encoding.UTF8.GetString(reader.Bytes(reader.Byte()));

    /// <summary>The events of the files, read afresh at each enumeration, and their timestamps without them.</summary>
    private sealed class Events(BinaryRecordingReader reader, CancellationToken cancellationToken) : IEnumerable<MarketDataEvent>, ITimestampScan
    {
        public IEnumerator<MarketDataEvent> GetEnumerator() => reader.Read(cancellationToken).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public IEnumerable<(long TsEvent, long TsInit)> Timestamps() => reader.ScanTimestamps();
    }
}
