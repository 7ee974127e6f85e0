using System.Text.Json;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Testing;

namespace MarketMaking.Benchmarks;

/// <summary>
/// The book hot paths on real data: a Kraken v2 update frame parsed from UTF-8, applied and checksummed; and a
/// Binance spot diff applied to a book loaded from the real 1000×1000 snapshot.
/// </summary>
[MemoryDiagnoser]
public class OrderBookBenchmark
{
    private readonly KrakenBookFrame _frame = new();
    private byte[] _krakenUpdate = [];
    private KrakenBookSynchronizer _kraken = null!;
    private OrderBook _binanceBook = null!;
    private BookDelta _binanceDiff = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(SharedPaths.Fixture("kraken/ws-book-sequence-btcusd.json")));
        var snapshot = JsonSerializer.SerializeToUtf8Bytes(document.RootElement.GetProperty("snapshot"));
        _krakenUpdate = JsonSerializer.SerializeToUtf8Bytes(document.RootElement.GetProperty("updates")[0]);
        _kraken = new KrakenBookSynchronizer(new OrderBook(InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 1, 8), 10));
        KrakenBookFrameParser.Parse(snapshot, _frame);
        _kraken.Apply(_frame[0], isSnapshot: true);
        if (ApplyKrakenUpdate() != ChecksumCheck.Matched)
        {
            throw new InvalidOperationException("The Kraken update does not verify.");
        }

        var events = new HftBacktestRecordingReader(
            [SharedPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz")],
            error => throw new InvalidOperationException(error.ToString()))
            .ReadEvents().Take(200).ToList();
        var bookSnapshot = events.OfType<BookSnapshot>().First();
        _binanceDiff = events.OfType<BookDelta>().Where(d => d.FinalUpdateId > bookSnapshot.LastUpdateId).MaxBy(d => d.Bids.Length + d.Asks.Length)!;
        _binanceBook = new OrderBook(InstrumentSpec.FromPrecision(bookSnapshot.Instrument, 8, 8), initialCapacity: 2048);
        _binanceBook.Apply(bookSnapshot);
    }

    /// <summary>Baseline: the checksum alone over the current book.</summary>
    [Benchmark(Baseline = true)]
    public uint KrakenChecksumOnly() => KrakenBookChecksum.Compute(_kraken.Book);

    /// <summary>One Kraken v2 book update frame: parse from UTF-8, apply, truncate to depth 10, CRC32 and compare.</summary>
    [Benchmark]
    public ChecksumCheck KrakenUpdateFrame() => ApplyKrakenUpdate();

    /// <summary>One real Binance spot diff (the largest of the first ones after the snapshot) applied to the full book.</summary>
    [Benchmark]
    public bool BinanceDiff() =>
        _binanceBook.ApplyLevels(Side.Buy, _binanceDiff.Bids.AsSpan())
        && _binanceBook.ApplyLevels(Side.Sell, _binanceDiff.Asks.AsSpan())
        && _binanceBook.CompleteUpdate(_binanceDiff.FinalUpdateId);

    private ChecksumCheck ApplyKrakenUpdate()
    {
        KrakenBookFrameParser.Parse(_krakenUpdate, _frame);
        return _kraken.Apply(_frame[0], isSnapshot: false).Checksum;
    }
}
