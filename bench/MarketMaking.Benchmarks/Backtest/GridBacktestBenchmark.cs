using BenchmarkDotNet.Attributes;
using MarketMaking.Models;
using MarketMaking.Simulation.Accounts;
using MarketMaking.Simulation.Backtesting;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Recordings.Binary;
using MarketMaking.Simulation.Venue;
using MarketMaking.Strategies;
using MarketMaking.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMaking.Benchmarks.Backtest;

/// <summary>
/// Issue 19's speed line, in process: the market maker quoting a 20-level grid a side, requoting every 100 ms, with
/// risk, inventory and the OMS (journal on) on the deterministic kernel, against a simulated Binance USD-M venue
/// replaying the whole real BTCUSDT recording of 2024-08-08 (466,834 price-level changes and trades, 93,954 messages,
/// 345 s), from the binary event format and from the gzip JSON. Events/s = 466,834 / mean (hftbacktest's count: one
/// event per price-level change and per trade). One run per operation; the report folder is written each time.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BacktestJobConfig))]
public class GridBacktestBenchmark
{
    /// <summary>Price-level changes and trades in the recording, as <c>mm convert</c> counts them.</summary>
    public const int LevelChangesAndTrades = 466_834;

    private static readonly string s_gzip = RepoPaths.Data("hftbacktest-binance-2024-08/usdm_btcusdt_20240808.gz");
    private string _folder = null!;
    private string _binary = null!;
    private IConfiguration _configuration = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("mm-bench-grid-").FullName;
        _binary = Path.Combine(_folder, "usdm.mmev");
        using (var file = File.Create(_binary))
        using (var writer = new BinaryEventWriter(file, RecordingFormat.Binance))
        {
            foreach (var marketData in new HftBacktestRecordingReader([s_gzip], error => throw new InvalidOperationException(error.ToString())).ReadEvents())
            {
                writer.Write(marketData);
            }

            if (writer.LevelChangesAndTrades != LevelChangesAndTrades)
            {
                throw new InvalidOperationException($"Expected {LevelChangesAndTrades} level changes and trades, wrote {writer.LevelChangesAndTrades}.");
            }
        }

        _configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MarketMaker:Venue"] = "binance",
            ["MarketMaker:Symbols:0"] = "BTCUSDT",
            ["MarketMaker:SpreadBps"] = "2",
            ["MarketMaker:OrdersPerSide"] = "20",
            ["MarketMaker:FinalOrderDistanceBps"] = "20",
            ["MarketMaker:MinOrderSize"] = "0.001",
            ["MarketMaker:MaxOrderSize"] = "0.002",
            ["MarketMaker:MaxPosition"] = "0.5",
            ["MarketMaker:RefreshInterval"] = "00:00:00.100",
            ["MarketMaker:RefreshToleranceBps"] = "1",
            ["Inventory:Hedging:Policy"] = "None",
            ["Risk:Limits:MaxOpenOrders"] = "100",
            ["Risk:Limits:MaxOrdersPerSecond"] = "1000",
            ["Risk:Limits:MaxPosition"] = "1",
            ["Risk:Limits:MaxOrderNotional"] = "10000",
        }).Build();
        if (Run(RecordingFormat.Binary, _binary).Orders.Placed < 100)
        {
            throw new InvalidOperationException("The grid placed fewer than 100 orders.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>The whole recording from the binary event format.</summary>
    [Benchmark(Baseline = true)]
    public BacktestSummary FromBinary() => Run(RecordingFormat.Binary, _binary);

    /// <summary>The whole recording from the gzip JSON.</summary>
    [Benchmark]
    public BacktestSummary FromGzipJson() => Run(RecordingFormat.Binance, s_gzip);

    /// <summary>Reading the binary file alone: the floor under the rest.</summary>
    [Benchmark]
    public int ReadBinaryOnly() => new BinaryRecordingReader([_binary], error => throw new InvalidOperationException(error.ToString())).ReadEvents().Count();

    private BacktestSummary Run(RecordingFormat format, string path)
    {
        var (btc, usdt) = (AssetId.Create("BTC"), AssetId.Create("USDT"));
        var recording = RecordingSources.CreateReader(format, [path], error => throw new InvalidOperationException(error.ToString())).ReadEvents();
        return BacktestEngine.Run(new BacktestOptions
        {
            Configuration = _configuration,
            AddStrategy = (services, section) => services.AddMarketMaking(section),
            Venues =
            [
                new BacktestVenue(
                    VenueId.Create("binance"),
                    new SimulatedInstrument(InstrumentId.Create("BTCUSDT"), InstrumentSpec.FromPrecision(InstrumentId.Create("BTCUSDT"), 2, 8), btc, usdt, RecordingSources.Synchronizer(format, [path])),
                    recording,
                    new SimulatedVenueOptions { Fees = FeeSchedules.Named("mexc-spot")!, Seed = 1 },
                    new Dictionary<AssetId, decimal> { [btc] = 10m, [usdt] = 1_000_000m }),
            ],
            OutputFolder = Path.Combine(_folder, "out"),
        });
    }
}
