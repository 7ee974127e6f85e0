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
    private static readonly InstrumentSpec s_spec = InstrumentSpec.FromPrecision(InstrumentId.Create("BTCUSDT"), 2, 8);
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

    /// <summary>
    /// Prints how far from the best level of its side each level of the recording's diffs is, in ticks, as the book
    /// stands when the diff arrives (<c>--diff-distances</c>): the case for a window of a few tens of thousands of ticks.
    /// </summary>
    public static void PrintDiffDistances()
    {
        var setup = new VenueBookBenchmark();
        setup.Setup();
        var book = new OrderBook(s_spec, initialCapacity: 2048);
        var synchronizer = new BinanceDepthSynchronizer(book);
        long[] bounds = [0, 10, 100, 1_000, 10_000, 65_536 - (65_536 / 8), 100_000];
        var counts = new long[bounds.Length + 1];
        long levels = 0;
        foreach (var message in setup._messages)
        {
            if (message is BookDelta delta && book.SyncState == BookSyncState.Synced)
            {
                var (bestBid, bestAsk) = (book.GetBid(0).PriceTicks, book.GetAsk(0).PriceTicks);
                foreach (var (level, isBid) in delta.Bids.Select(l => (l, true)).Concat(delta.Asks.Select(l => (l, false))))
                {
                    var ticks = s_spec.ToTicks(level.Price);
                    var distance = isBid ? bestBid - ticks : ticks - bestAsk;
                    counts[distance < 0 ? 0 : 1 + bounds.Count(b => b > 0 && distance >= b)]++;
                    levels++;
                }
            }

            _ = message is BookDelta diff ? synchronizer.OnDelta(diff) : synchronizer.OnSnapshot((BookSnapshot)message);
        }

        Console.WriteLine($"{levels:N0} diff levels, by ticks from the best level of their side:");
        Console.WriteLine($"  better than the best: {100.0 * counts[0] / levels:F1} %");
        var within = counts[0];
        for (var i = 1; i < bounds.Length; i++)
        {
            within += counts[i];
            Console.WriteLine($"  within {bounds[i]:N0}: {100.0 * within / levels:F1} % (cumulative)");
        }
    }

    /// <summary>Every book message of the recording, in order, into a new book.</summary>
    [Benchmark]
    public int Replay()
    {
        var book = LadderTicks == 0 ? new OrderBook(s_spec, initialCapacity: 2048) : OrderBook.WithLadder(s_spec, LadderTicks, initialCapacity: 2048);
        var synchronizer = new BinanceDepthSynchronizer(book);
        foreach (var message in _messages)
        {
            _ = message is BookDelta delta ? synchronizer.OnDelta(delta) : synchronizer.OnSnapshot((BookSnapshot)message);
        }

        return book.SyncState == BookSyncState.Synced ? book.BidDepth + book.AskDepth : throw new InvalidOperationException($"The book went out of sync: {book.OutOfSyncDetail}");
    }
}
