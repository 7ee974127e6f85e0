using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Simulation.Latency;
using MarketMaking.Simulation.Matching;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Venue;
using MarketMaking.Testing;

namespace MarketMaking.Benchmarks;

/// <summary>
/// In-process replay throughput of the simulated venue: the whole real Binance spot BTCUSDT recording of 2024-08-08
/// (depth diffs, trades, book tickers) through the matching engine, with ten of our orders resting around the touch
/// (five per side, one tick apart), re-placed every 10,000 events. Per-event cost; events/s = 10^9 / mean.
/// </summary>
[MemoryDiagnoser]
public class SimulatedVenueBenchmark
{
    // The events of spot_btcusdt_20240808.gz as the reader gives them.
    private const int RecordedEvents = 41_249;
    private const string Account = "bench";
    private static readonly InstrumentId s_instrument = InstrumentId.Create("BTCUSDT");
    private static readonly AssetId s_btc = AssetId.Create("BTC");
    private static readonly AssetId s_usdt = AssetId.Create("USDT");
    private MarketDataEvent[] _events = [];

    [GlobalSetup]
    public void Setup()
    {
        var reader = new HftBacktestRecordingReader([RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz")], error => throw new InvalidOperationException(error.ToString()));
        _events = [.. reader.ReadEvents()];
        if (_events.Length != RecordedEvents)
        {
            throw new InvalidOperationException($"Expected {RecordedEvents} events, read {_events.Length}.");
        }

        if (Replay() == 0)
        {
            throw new InvalidOperationException("The replay placed no orders.");
        }
    }

    /// <summary>One replayed event with the resting order set (the whole recording per invocation).</summary>
    [Benchmark(OperationsPerInvoke = RecordedEvents)]
    public int ReplayWithRestingOrders() => Replay();

    private int Replay()
    {
        var venue = new SimulatedVenue(VenueId.Create("sim"), new SimulatedVenueOptions { OrderEntryLatency = new LatencyOptions { Fixed = TimeSpan.FromMilliseconds(2) } }, static _ => { });
        var engine = venue.AddInstrument(new BinanceDepthSynchronizer(new OrderBook(InstrumentSpec.FromPrecision(s_instrument, 2, 8), initialCapacity: 2048)), s_btc, s_usdt);
        venue.AddAccount(Account, new Dictionary<AssetId, decimal> { [s_btc] = 1_000m, [s_usdt] = 100_000_000m });
        var placed = 0;
        for (var i = 0; i < _events.Length; i++)
        {
            venue.OnMarketData(_events[i]);
            if (i % 10_000 == 0 && engine.Book.SyncState == BookSyncState.Synced && engine.Book.BidDepth > 0 && engine.Book.AskDepth > 0)
            {
                venue.CancelAll(Account, static _ => { });
                var bid = engine.Book.GetBid(0).PriceTicks;
                var ask = engine.Book.GetAsk(0).PriceTicks;
                for (var k = 0; k < 5; k++)
                {
                    venue.Place(Quote(Side.Buy, engine.Spec.FromTicks(bid - k), ++placed), Account, static _ => { });
                    venue.Place(Quote(Side.Sell, engine.Spec.FromTicks(ask + k), ++placed), Account, static _ => { });
                }
            }
        }

        return placed;
    }

    private static OrderRequest Quote(Side side, Price price, int number) =>
        new(s_instrument, side, OrderType.Limit, new Quantity(0.001m), ClientOrderId.Create($"b-{number}")) { LimitPrice = price, PostOnly = true };
}
