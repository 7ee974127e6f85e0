using System.Buffers;
using System.Text.Json;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;

namespace MarketMaking.Simulation.KrakenProtocol;

/// <summary>
/// Turns the replayed book into Kraken WebSocket v2 <c>book</c> messages for one subscribed depth: a snapshot, then
/// after each replayed change an update carrying the levels of the top <c>depth</c> that changed (a removed level with
/// quantity 0), and the CRC32 checksum of the book a client rebuilds from them.
/// </summary>
/// <remarks>
/// The checksum is computed on a copy of the book built from the very levels sent, truncated to the depth, exactly as
/// a client does (<see href="https://docs.kraken.com/api/docs/websocket-v2/book"/>), so a correct client always verifies.
/// </remarks>
internal sealed class KrakenBookFeed
{
    private readonly OrderBook _source;
    private readonly OrderBook _view;
    private readonly int _depth;
    private readonly string _symbol;
    private TickLevel[] _sentBids;
    private TickLevel[] _sentAsks;
    private int _sentBidCount;
    private int _sentAskCount;

    public KrakenBookFeed(OrderBook source, string symbol, int depth)
    {
        _source = source;
        _depth = depth;
        _symbol = symbol;
        _view = new OrderBook(source.Spec, depth);
        _sentBids = new TickLevel[depth];
        _sentAsks = new TickLevel[depth];
    }

    /// <summary>Gets or sets whether the next message must be a snapshot (on subscription, or to inject a fault).</summary>
    public bool NeedsSnapshot { get; set; } = true;

    /// <summary>Gets or sets a value added to the next update's checksum (fault injection: 0 sends the true one).</summary>
    public uint ChecksumCorruption { get; set; }

    /// <summary>Writes the message for the book's current state, or returns <see langword="null"/> when nothing in the top changed.</summary>
    /// <param name="timestampNanoseconds">The replayed time of the change.</param>
    /// <returns>The UTF-8 JSON message, or <see langword="null"/>.</returns>
    public byte[]? Next(long timestampNanoseconds)
    {
        if (_source.SyncState != BookSyncState.Synced)
        {
            return null;
        }

        var bids = new TickLevel[_depth];
        var asks = new TickLevel[_depth];
        var bidCount = _source.CopyBids(bids);
        var askCount = _source.CopyAsks(asks);
        var isSnapshot = NeedsSnapshot;
        List<(Side Side, TickLevel Level)> changes = [];
        if (isSnapshot)
        {
            _view.BeginSnapshot();
            changes.AddRange(bids.Take(bidCount).Select(l => (Side.Buy, l)));
            changes.AddRange(asks.Take(askCount).Select(l => (Side.Sell, l)));
        }
        else
        {
            Diff(Side.Buy, _sentBids.AsSpan(0, _sentBidCount), bids.AsSpan(0, bidCount), changes);
            Diff(Side.Sell, _sentAsks.AsSpan(0, _sentAskCount), asks.AsSpan(0, askCount), changes);
            if (changes.Count == 0)
            {
                return null;
            }
        }

        foreach (var (side, level) in changes)
        {
            _view.SetLevel(side, level.PriceTicks, level.QuantityLots);
        }

        var synced = isSnapshot ? _view.CompleteSnapshot() : _view.CompleteUpdate();
        if (!synced)
        {
            // A crossed replayed book: start again from a snapshot on the next change.
            NeedsSnapshot = true;
            return null;
        }

        NeedsSnapshot = false;
        _sentBids = bids;
        _sentAsks = asks;
        _sentBidCount = bidCount;
        _sentAskCount = askCount;
        var checksum = KrakenBookChecksum.Compute(_view) + (isSnapshot ? 0 : ChecksumCorruption);
        ChecksumCorruption = 0;
        return Write(isSnapshot, changes, checksum, timestampNanoseconds);
    }

    private static void Diff(Side side, ReadOnlySpan<TickLevel> sent, ReadOnlySpan<TickLevel> now, List<(Side, TickLevel)> changes)
    {
        foreach (var old in sent)
        {
            if (!Contains(now, old.PriceTicks, out _))
            {
                changes.Add((side, old with { QuantityLots = 0 }));
            }
        }

        foreach (var level in now)
        {
            if (!Contains(sent, level.PriceTicks, out var quantity) || quantity != level.QuantityLots)
            {
                changes.Add((side, level));
            }
        }
    }

    private static bool Contains(ReadOnlySpan<TickLevel> levels, long priceTicks, out long quantity)
    {
        foreach (var level in levels)
        {
            if (level.PriceTicks == priceTicks)
            {
                quantity = level.QuantityLots;
                return true;
            }
        }

        quantity = 0;
        return false;
    }

    private byte[] Write(bool isSnapshot, List<(Side Side, TickLevel Level)> changes, uint checksum, long timestampNanoseconds)
    {
        var spec = _source.Spec;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("channel", "book");
            writer.WriteString("type", isSnapshot ? "snapshot" : "update");
            writer.WriteStartArray("data");
            writer.WriteStartObject();
            writer.WriteString("symbol", _symbol);
            foreach (var (name, side) in new[] { ("bids", Side.Buy), ("asks", Side.Sell) })
            {
                writer.WriteStartArray(name);
                foreach (var (_, level) in changes.Where(c => c.Side == side))
                {
                    writer.WriteStartObject();
                    KrakenWireFormat.WriteFixed(writer, "price", spec.FromTicks(level.PriceTicks).Value, spec.PricePrecision);
                    KrakenWireFormat.WriteFixed(writer, "qty", spec.FromLots(level.QuantityLots).Value, spec.SizePrecision);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteNumber("checksum", checksum);
            writer.WriteString("timestamp", KrakenWireFormat.Timestamp(timestampNanoseconds));
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
