namespace MarketMaking.Adapters.Kraken;

/// <summary>A reusable holder for a parsed Kraken WebSocket v2 <c>book</c> message (see <see cref="KrakenBookFrameParser"/>).</summary>
public sealed class KrakenBookFrame
{
    private readonly List<KrakenBookEntry> _entries = [];

    /// <summary>Gets whether the message is a snapshot (<c>"type":"snapshot"</c>) rather than an update.</summary>
    public bool IsSnapshot { get; internal set; }

    /// <summary>Gets the number of entries in <c>data</c>.</summary>
    public int Count { get; private set; }

    /// <summary>Gets why the last frame could not be parsed, or <see langword="null"/>.</summary>
    public string? Error { get; internal set; }

    /// <summary>Gets an entry of <c>data</c>.</summary>
    /// <param name="index">0 to <see cref="Count"/> − 1.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the frame.</exception>
    public KrakenBookEntry this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _entries[index];
        }
    }

    internal void Reset()
    {
        Count = 0;
        IsSnapshot = false;
        Error = null;
    }

    internal KrakenBookEntry AddEntry()
    {
        if (Count == _entries.Count)
        {
            _entries.Add(new KrakenBookEntry());
        }

        var entry = _entries[Count++];
        entry.Reset();
        return entry;
    }
}
