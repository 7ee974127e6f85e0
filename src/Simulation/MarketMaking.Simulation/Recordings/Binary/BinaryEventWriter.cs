using System.Text;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Recordings.Binary;

/// <summary>
/// Writes market-data events in the binary event format (<c>.mmev</c>; layout in the remarks of the format's reader,
/// <see cref="BinaryRecordingReader"/>): book snapshots and deltas with their sequencing fields, trades and top of book,
/// every price and quantity exactly as recorded.
/// </summary>
public sealed class BinaryEventWriter : IDisposable
{
    private readonly BinaryWriter _writer;
    private readonly Dictionary<(VenueId, InstrumentId), ushort> _symbols = [];

    /// <summary>Initializes a writer and writes the header.</summary>
    /// <param name="output">The stream written (left open).</param>
    /// <param name="sourceFormat">The format the events were read from: its book sequencing rules go with them.</param>
    public BinaryEventWriter(Stream output, RecordingFormat sourceFormat)
    {
        ArgumentNullException.ThrowIfNull(output);
        _writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        _writer.Write(BinaryEventFormat.Magic);
        _writer.Write(BinaryEventFormat.Version);
        _writer.Write((byte)sourceFormat);
    }

    /// <summary>Gets how many events were written.</summary>
    public long Events { get; private set; }

    /// <summary>Gets how many price-level changes (a snapshot's levels included) and trades were written: events as hftbacktest counts them.</summary>
    public long LevelChangesAndTrades { get; private set; }

    /// <summary>Writes one event; events of other kinds (sync-state changes, instrument updates) are not recorded.</summary>
    /// <param name="marketData">The event.</param>
    /// <returns>Whether it was written.</returns>
    /// <exception cref="OverflowException">A price or quantity has more than 18 significant digits.</exception>
    public bool Write(MarketDataEvent marketData)
    {
        ArgumentNullException.ThrowIfNull(marketData);
        switch (marketData)
        {
            case BookSnapshot snapshot:
                Header(BinaryEventFormat.Snapshot, snapshot);
                Optional(null, null, null, snapshot.LastUpdateId, snapshot.Checksum, snapshot.Depth == 0 ? null : snapshot.Depth);
                Levels(snapshot.Bids, snapshot.Asks);
                LevelChangesAndTrades += snapshot.Bids.Length + snapshot.Asks.Length;
                break;
            case BookDelta delta:
                Header(BinaryEventFormat.Delta, delta);
                Optional(delta.FirstUpdateId, delta.FinalUpdateId, delta.PreviousFinalUpdateId, null, delta.Checksum, null);
                Levels(delta.Bids, delta.Asks);
                LevelChangesAndTrades += delta.Bids.Length + delta.Asks.Length;
                break;
            case Models.Trade trade:
                Header(BinaryEventFormat.Trade, trade);
                LevelChangesAndTrades++;
                Value(trade.Price.Value);
                Value(trade.Quantity.Value);
                _writer.Write((byte)trade.AggressorSide);
                if (long.TryParse(trade.TradeId.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                    && number.ToString(System.Globalization.CultureInfo.InvariantCulture) == trade.TradeId.Value)
                {
                    _writer.Write((byte)0);
                    _writer.Write(number);
                }
                else
                {
                    var id = Encoding.UTF8.GetBytes(trade.TradeId.Value);
                    _writer.Write((byte)1);
                    _writer.Write(checked((ushort)id.Length));
                    _writer.Write(id);
                }

                break;
            case Models.TopOfBook top:
                Header(BinaryEventFormat.TopOfBook, top);
                _writer.Write((byte)(top.UpdateId is null ? 0 : 1));
                if (top.UpdateId is { } updateId)
                {
                    _writer.Write(updateId);
                }

                Value(top.BidPrice.Value);
                Value(top.BidQuantity.Value);
                Value(top.AskPrice.Value);
                Value(top.AskQuantity.Value);
                break;
            default:
                return false;
        }

        Events++;
        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();

    private void Header(byte kind, MarketDataEvent marketData)
    {
        var key = (marketData.Venue, marketData.Instrument);
        if (!_symbols.TryGetValue(key, out var index))
        {
            index = checked((ushort)_symbols.Count);
            _symbols.Add(key, index);
            _writer.Write(BinaryEventFormat.Symbol);
            _writer.Write(index);
            ShortString(marketData.Venue.Value);
            ShortString(marketData.Instrument.Value);
        }

        _writer.Write(kind);
        _writer.Write(index);
        _writer.Write(marketData.TsEvent);
        _writer.Write(marketData.TsInit);
    }

    private void Optional(long? first, long? final, long? previousFinal, long? last, uint? checksum, int? depth)
    {
        var flags = (byte)((first is null ? 0 : BinaryEventFormat.HasFirstUpdateId) | (final is null ? 0 : BinaryEventFormat.HasFinalUpdateId)
            | (previousFinal is null ? 0 : BinaryEventFormat.HasPreviousFinalUpdateId) | (last is null ? 0 : BinaryEventFormat.HasLastUpdateId)
            | (checksum is null ? 0 : BinaryEventFormat.HasChecksum) | (depth is null ? 0 : BinaryEventFormat.HasDepth));
        _writer.Write(flags);
        foreach (var field in new[] { first, final, previousFinal, last, checksum, depth })
        {
            if (field is { } value)
            {
                _writer.Write(value);
            }
        }
    }

    private void Levels(System.Collections.Immutable.ImmutableArray<BookLevel> bids, System.Collections.Immutable.ImmutableArray<BookLevel> asks)
    {
        _writer.Write(bids.Length);
        _writer.Write(asks.Length);
        foreach (var level in bids)
        {
            Value(level.Price.Value);
            Value(level.Quantity.Value);
        }

        foreach (var level in asks)
        {
            Value(level.Price.Value);
            Value(level.Quantity.Value);
        }
    }

    private void Value(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (bits[2] != 0 || bits[1] < 0)
        {
            throw new OverflowException($"{value} has more than 18 significant digits, more than the binary format holds");
        }

        var mantissa = ((long)bits[1] << 32) | (uint)bits[0];
        _writer.Write(bits[3] < 0 ? -mantissa : mantissa);
        _writer.Write((byte)((bits[3] >> 16) & 0xFF));
    }

    private void ShortString(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        _writer.Write(checked((byte)bytes.Length));
        _writer.Write(bytes);
    }
}
