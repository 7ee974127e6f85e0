using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// One element of a Kraken WebSocket v2 <c>book</c> message's <c>data</c> array, parsed into reusable buffers so
/// that steady-state parsing allocates nothing.
/// </summary>
/// <remarks>Valid until the owning <see cref="KrakenBookFrame"/> parses the next frame.</remarks>
public sealed class KrakenBookEntry
{
    private const int MaxSymbolLength = 64;
    private readonly byte[] _symbol = new byte[MaxSymbolLength];
    private BookLevel[] _bids = new BookLevel[32];
    private BookLevel[] _asks = new BookLevel[32];
    private int _symbolLength;
    private int _bidCount;
    private int _askCount;

    /// <summary>Gets the symbol, such as <c>BTC/USD</c>, as UTF-8.</summary>
    public ReadOnlySpan<byte> SymbolUtf8 => _symbol.AsSpan(0, _symbolLength);

    /// <summary>Gets the bid level changes in the order received; a zero quantity removes the level.</summary>
    public ReadOnlySpan<BookLevel> Bids => _bids.AsSpan(0, _bidCount);

    /// <summary>Gets the ask level changes in the order received; a zero quantity removes the level.</summary>
    public ReadOnlySpan<BookLevel> Asks => _asks.AsSpan(0, _askCount);

    /// <summary>Gets the CRC32 checksum Kraken sent, or <see langword="null"/> when absent.</summary>
    public uint? Checksum { get; private set; }

    /// <summary>Gets the venue timestamp in ns since the Unix epoch, or 0 when absent.</summary>
    public long TimestampNanoseconds { get; private set; }

    /// <summary>Returns the symbol as a string (allocates).</summary>
    /// <returns>The symbol.</returns>
    public string GetSymbol() => System.Text.Encoding.UTF8.GetString(SymbolUtf8);

    internal void Reset()
    {
        _symbolLength = 0;
        _bidCount = 0;
        _askCount = 0;
        Checksum = null;
        TimestampNanoseconds = 0;
    }

    internal bool TrySetSymbol(ReadOnlySpan<byte> symbol)
    {
        if (symbol.Length > MaxSymbolLength)
        {
            return false;
        }

        symbol.CopyTo(_symbol);
        _symbolLength = symbol.Length;
        return true;
    }

    internal void SetChecksum(uint checksum) => Checksum = checksum;

    internal void SetTimestamp(long unixNanoseconds) => TimestampNanoseconds = unixNanoseconds;

    internal void AddLevel(Side side, BookLevel level)
    {
        if (side == Side.Buy)
        {
            Append(ref _bids, ref _bidCount, level);
        }
        else
        {
            Append(ref _asks, ref _askCount, level);
        }
    }

    private static void Append(ref BookLevel[] levels, ref int count, BookLevel level)
    {
        if (count == levels.Length)
        {
            Array.Resize(ref levels, levels.Length * 2);
        }

        levels[count++] = level;
    }
}
