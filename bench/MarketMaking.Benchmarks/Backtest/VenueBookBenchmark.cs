using BenchmarkDotNet.Attributes;
using MarketMaking.Models;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Testing;

namespace MarketMaking.Benchmarks.Backtest;

/// <summary>
/// The simulated venue's full-depth book fed the whole real Binance USD-M BTCUSDT recording of 2024-08-08 (its snapshot
/// and 6,551 diffs, 443,521 levels; the sides grow to about 5,000 levels), as the backtest's venue keeps it: sorted
/// arrays alone (<see cref="LadderTicks"/> 0), or with the levels near the touch in a price-indexed window of that many
/// ticks (<see cref="OrderBook.WithLadder"/>). One replay per operation; the messages are read once, in the setup.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BacktestJobConfig))]
public class VenueBookBenchmark
{
    private List<MarketDataEvent> _messages = null!;

    /// <summary>The window's width in ticks; 0 for sorted arrays alone.</summary>
    [Params(0, 16_384, 65_536)]
    public int LadderTicks { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _messages = [.. new HftBacktestRecordingReader(
            [RepoPaths.Data("hftbacktest-binance-2024-08/usdm_btcusdt_20240808.gz")],
            error => throw new InvalidOperationException(error.ToString()))
            .ReadEvents().Where(e => e is BookDelta or BookSnapshot)];

    /// <summary>Every book message of the recording, in order, into a new book.</summary>
    [Benchmark]
    public int Replay()
    {
        var spec = InstrumentSpec.FromPrecision(InstrumentId.Create("BTCUSDT"), 2, 8);
        var book = LadderTicks == 0 ? new OrderBook(spec, initialCapacity: 2048) : OrderBook.WithLadder(spec, LadderTicks, initialCapacity: 2048);
        var synchronizer = new BinanceDepthSynchronizer(book);
        foreach (var message in _messages)
        {
            _ = message is BookDelta delta ? synchronizer.OnDelta(delta) : synchronizer.OnSnapshot((BookSnapshot)message);
        }

        return book.SyncState == BookSyncState.Synced ? book.BidDepth + book.AskDepth : throw new InvalidOperationException($"The book went out of sync: {book.OutOfSyncDetail}");
    }
}
