using System.Text.Json;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Testing;

namespace MarketMaking.Benchmarks;

/// <summary>
/// The book hot paths on real data: Kraken v2 book frames parsed from UTF-8, applied and checksummed (one update
/// repeated, and the whole real capture in order); and a Binance spot diff applied to a book loaded from the real
/// 1000×1000 snapshot.
/// </summary>
[MemoryDiagnoser]
public class OrderBookBenchmark
{
    // The real capture: one snapshot then 509 updates, all with checksums.
    private const int CaptureFrames = 510;

    private readonly KrakenBookFrame _frame = new();
    private readonly KrakenBookSynchronizer _replay =
        new(new OrderBook(InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 1, 8), 10));
    private byte[] _krakenUpdate = [];
    private byte[][] _krakenCapture = [];
    private KrakenBookSynchronizer _kraken = null!;
    private OrderBook _binanceBook = null!;
    private BookDelta _binanceDiff = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.Fixture("kraken/ws-book-sequence-btcusd.json")));
        var snapshot = JsonSerializer.SerializeToUtf8Bytes(document.RootElement.GetProperty("snapshot"));
        _krakenUpdate = JsonSerializer.SerializeToUtf8Bytes(document.RootElement.GetProperty("updates")[0]);
        _krakenCapture = [snapshot, .. document.RootElement.GetProperty("updates").EnumerateArray().Select(u => JsonSerializer.SerializeToUtf8Bytes(u))];
        if (_krakenCapture.Length != CaptureFrames || ReplayKrakenCapture() != CaptureFrames)
        {
            throw new InvalidOperationException($"Expected {CaptureFrames} frames, all verifying.");
        }

        _kraken = new KrakenBookSynchronizer(new OrderBook(InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 1, 8), 10));
        KrakenBookFrameParser.Parse(snapshot, _frame);
        _kraken.Apply(_frame[0], isSnapshot: true);
        if (ApplyKrakenUpdate() != ChecksumCheck.Matched)
        {
            throw new InvalidOperationException("The Kraken update does not verify.");
        }

        var events = new HftBacktestRecordingReader(
            [RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz")],
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

    /// <summary>The parse alone of one Kraken v2 book update frame, from UTF-8 into the reusable frame.</summary>
    [Benchmark]
    public KrakenFrameParseStatus KrakenParseOnly() => KrakenBookFrameParser.Parse(_krakenUpdate, _frame);

    /// <summary>One Kraken v2 book update frame: parse from UTF-8, apply, truncate to depth 10, CRC32 and compare.</summary>
    [Benchmark]
    public ChecksumCheck KrakenUpdateFrame() => ApplyKrakenUpdate();

    /// <summary>
    /// The whole real BTC/USD capture, snapshot then 509 updates, each parsed, applied and checksummed: the per-frame
    /// cost as the live feed would see it, where each update changes a different part of the book.
    /// </summary>
    [Benchmark(OperationsPerInvoke = CaptureFrames)]
    public int KrakenCaptureReplay() => ReplayKrakenCapture();

    /// <summary>One real Binance spot diff (the largest of the first ones after the snapshot) applied to the full book.</summary>
    [Benchmark]
    public bool BinanceDiff() =>
        _binanceBook.ApplyLevels(Side.Buy, _binanceDiff.Bids.AsSpan())
        && _binanceBook.ApplyLevels(Side.Sell, _binanceDiff.Asks.AsSpan())
        && _binanceBook.CompleteUpdate(_binanceDiff.FinalUpdateId);

    private int ReplayKrakenCapture()
    {
        var matched = 0;
        var synchronizer = _replay;
        foreach (var frame in _krakenCapture)
        {
            KrakenBookFrameParser.Parse(frame, _frame);
            matched += synchronizer.Apply(_frame[0], _frame.IsSnapshot).Checksum == ChecksumCheck.Matched ? 1 : 0;
        }

        return matched;
    }

    private ChecksumCheck ApplyKrakenUpdate()
    {
        KrakenBookFrameParser.Parse(_krakenUpdate, _frame);
        return _kraken.Apply(_frame[0], isSnapshot: false).Checksum;
    }
}
