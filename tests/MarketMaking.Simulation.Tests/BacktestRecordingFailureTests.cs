using MarketMaking.Models;
using MarketMaking.Simulation.Accounts;
using MarketMaking.Simulation.Backtesting;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Venue;
using MarketMaking.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMaking.Simulation.Tests;

/// <summary>
/// A recording is read ahead of the replay on a thread of its own: what the reading throws still reaches the caller of
/// the run, after the events read before it were replayed, and the earlier run's report stays as it was.
/// </summary>
public sealed class BacktestRecordingFailureTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("mm-backtest-failure-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void ARecordingThatFailsPartWay_EndsTheRunWithItsError_AfterReplayingWhatCameBefore()
    {
        var output = Path.Combine(_folder, "out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, BacktestEngine.StatsFile), "earlier run");
        var replayed = 0L;

        var run = () => BacktestEngine.Run(Options(output, FailingAfter(20_000), progress => replayed = Math.Max(replayed, progress.EventsReplayed)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run, Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("record 20001 is corrupt"));
            Assert.That(replayed, Is.GreaterThan(10_000).And.LessThanOrEqualTo(20_000), "the events before the failure were replayed, none after it");
            Assert.That(File.ReadAllText(Path.Combine(output, BacktestEngine.StatsFile)), Is.EqualTo("earlier run"), "the earlier run's files kept");
        }
    }

    [TestCase("Oms:LoopCapacity", "10", TestName = "ASettingRefusedAsTheKernelIsBuilt_EndsTheRunWithItsError_AndStopsTheReadingStartedBeforeIt(the loop's, before the venues exist)")]
    [TestCase("MarketMaker:SpreadBps", "-5", TestName = "ASettingRefusedAsTheKernelIsBuilt_EndsTheRunWithItsError_AndStopsTheReadingStartedBeforeIt(the strategy's, after)")]
    public void ASettingRefusedAsTheKernelIsBuilt_EndsTheRunWithItsError_AndStopsTheReadingStartedBeforeIt(string key, string value)
    {
        var output = Path.Combine(_folder, "out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, BacktestEngine.StatsFile), "earlier run");
        var (started, stopped) = (new ManualResetEventSlim(), new ManualResetEventSlim());
        var options = Options(output, Watched(started, stopped), _ => { });
        options.Configuration[key] = value;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => BacktestEngine.Run(options), Throws.InstanceOf<Microsoft.Extensions.Options.OptionsValidationException>().With.Message.Contains(key.Split(':')[1]));
            Assert.That(started.IsSet, Is.True, "the recording was being read while the kernel was built");
            Assert.That(stopped.IsSet, Is.True, "and its reading was stopped before the run returned");
            Assert.That(File.ReadAllText(Path.Combine(output, BacktestEngine.StatsFile)), Is.EqualTo("earlier run"), "the earlier run's files kept");
        }
    }

    /// <summary>The bundled spot recording, saying when its reading starts and when it is stopped.</summary>
    private static IEnumerable<MarketDataEvent> Watched(ManualResetEventSlim started, ManualResetEventSlim stopped)
    {
        started.Set();
        try
        {
            foreach (var marketEvent in RecordingSources.CreateReader(RecordingFormat.Binance, [RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz")], error => throw new InvalidOperationException(error.ToString())).ReadEvents())
            {
                yield return marketEvent;
            }
        }
        finally
        {
            stopped.Set();
        }
    }

    /// <summary>The bundled spot recording's first events, then a reading error.</summary>
    private static IEnumerable<MarketDataEvent> FailingAfter(int count)
    {
        var read = 0;
        foreach (var marketEvent in RecordingSources.CreateReader(RecordingFormat.Binance, [RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz")], error => throw new InvalidOperationException(error.ToString())).ReadEvents())
        {
            if (++read > count)
            {
                throw new InvalidDataException($"record {read} is corrupt");
            }

            yield return marketEvent;
        }
    }

    private static BacktestOptions Options(string output, IEnumerable<MarketDataEvent> recording, Action<BacktestProgress> progress)
    {
        var (btc, usdt) = (AssetId.Create("BTC"), AssetId.Create("USDT"));
        var configuration = new ConfigurationBuilder().AddJsonFile(RepoPaths.Fixture("backtest/market-maker.json")).Build();
        configuration["Inventory:Hedging:Policy"] = "None";
        return new BacktestOptions
        {
            Configuration = configuration,
            AddStrategy = (services, settings) => services.AddMarketMaking(settings),
            Venues =
            [
                new BacktestVenue(
                    VenueId.Create("kraken"),
                    new SimulatedInstrument(InstrumentId.Create("BTCUSDT"), InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USDT"), 2, 8), btc, usdt, RecordingSources.Synchronizer(RecordingFormat.Binance)),
                    recording,
                    new SimulatedVenueOptions { Fees = FeeSchedules.Named("kraken-spot-10m")!, Seed = 1 },
                    new Dictionary<AssetId, decimal> { [btc] = 10m, [usdt] = 1_000_000m }),
            ],
            OutputFolder = output,
            Progress = progress,
        };
    }
}
