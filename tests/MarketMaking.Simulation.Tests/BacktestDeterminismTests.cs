using System.Diagnostics;
using MarketMaking.Models;
using MarketMaking.Simulation.Accounts;
using MarketMaking.Simulation.Backtesting;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Reporting.Html;
using MarketMaking.Simulation.Venue;
using MarketMaking.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMaking.Simulation.Tests;

/// <summary>
/// The kernel on simulated time gives the same run every time: the bundled recordings replayed in process through the
/// market maker, risk, inventory with cross-venue hedging, and the OMS with its SQLite journal, three times, while
/// other processes keep both cores busy, give byte-identical journals, fills and summaries, the third with its phases
/// timed by an <see cref="ActivityListener"/>.
/// </summary>
[NonParallelizable]
public sealed class BacktestDeterminismTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("mm-backtest-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void TheBundledRecording_ThreeTimesWithBothCoresLoaded_GivesByteIdenticalJournalsFillsAndSummaries_TimedOrNot()
    {
        var load = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "while :; do :; done"]))!).ToArray();
        BacktestSummary[] summaries;
        var phases = new List<(string Name, string? Parent, TimeSpan Duration)>();
        try
        {
            summaries = [.. Enumerable.Range(1, 2).Select(run => BacktestEngine.Run(Options(Path.Combine(_folder, $"run{run}"))))];
            using (var listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == BacktestEngine.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity => phases.Add((activity.OperationName, activity.Parent?.OperationName, activity.Duration)),
            })
            {
                ActivitySource.AddActivityListener(listener);
                summaries = [.. summaries, BacktestEngine.Run(Options(Path.Combine(_folder, "run3")))];
            }

            Assert.That(load.All(p => !p.HasExited), Is.True, "the load ran through all three runs");
        }
        finally
        {
            foreach (var process in load)
            {
                process.Kill();
                process.WaitForExit();
                process.Dispose();
            }
        }

        var first = summaries[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.Orders.Placed, Is.GreaterThan(50), "the market maker quoted through the recording");
            Assert.That(first.Fills, Is.GreaterThan(10), "and was filled");
            Assert.That(first.Venues.Single(v => v.Venue == "mexc").Fills, Is.Positive, "and hedged");
            Assert.That(first.EventsReplayed["kraken"], Is.EqualTo(EventsIn("spot_btcusdt_20240808.gz")), "the whole quoted recording was replayed");
            Assert.That(first.EventsReplayed["mexc"], Is.EqualTo(EventsIn("usdm_btcusdt_20240808.gz")), "and the whole hedge recording");
            Assert.That(first.OpenOrdersAtEnd, Is.Zero, "every order was canceled at the end");
            Assert.That(phases.Select(p => (p.Name, p.Parent)), Is.EqualTo(new (string, string?)[]
            {
                ("backtest.open", "backtest"), ("backtest.start", "backtest"), ("backtest.replay", "backtest"),
                ("backtest.finish", "backtest"), ("backtest.report", "backtest"), ("backtest", null),
            }), "the third run's phases, each once, in order, within the whole run");
            Assert.That(phases.Where(p => p.Parent is not null).Sum(p => p.Duration.Ticks), Is.LessThanOrEqualTo(phases.Single(p => p.Parent is null).Duration.Ticks), "the phases add up to no more than the run");
        });
        foreach (var file in new[] { BacktestEngine.JournalFile, BacktestEngine.FillsFile, BacktestEngine.OrdersFile, BacktestEngine.StatsFile, HtmlReport.FileName })
        {
            var bytes = Enumerable.Range(1, 3).Select(run => File.ReadAllBytes(Path.Combine(_folder, $"run{run}", file))).ToArray();
            Assert.That(bytes[0], Is.Not.Empty, file);
            Assert.That(bytes[1], Is.EqualTo(bytes[0]), $"{file}: run 2 differs from run 1");
            Assert.That(bytes[2], Is.EqualTo(bytes[0]), $"{file}: run 3 differs from run 1");
        }
    }

    /// <summary>
    /// The host's default sim run in process: Binance spot BTCUSDT served as Kraken's BTC/USDT at the 10M-volume fees,
    /// hedged on a simulated MEXC Spot replaying Binance USD-M of the same minutes.
    /// </summary>
    private static BacktestOptions Options(string output)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepoPaths.Fixture("backtest/market-maker.json")).Build();
        var (btc, usdt) = (AssetId.Create("BTC"), AssetId.Create("USDT"));
        return new BacktestOptions
        {
            Configuration = configuration,
            AddStrategy = (services, settings) => services.AddMarketMaking(settings),
            Venues =
            [
                Venue("kraken", "BTC/USDT", "spot_btcusdt_20240808.gz", FeeSchedules.Named("kraken-spot-10m")!, seed: 1, btc, usdt),
                Venue("mexc", "BTCUSDT", "usdm_btcusdt_20240808.gz", FeeSchedules.Named("mexc-spot")!, seed: 32, btc, usdt),
            ],
            OutputFolder = output,
        };
    }

    private static long EventsIn(string recording) =>
        RecordingSources.CreateReader(RecordingFormat.Binance, [RepoPaths.Data($"hftbacktest-binance-2024-08/{recording}")], _ => { }).ReadEvents().LongCount();

    private static BacktestVenue Venue(string venue, string served, string recording, FeeSchedule fees, int seed, AssetId baseAsset, AssetId quoteAsset)
    {
        var files = new[] { RepoPaths.Data($"hftbacktest-binance-2024-08/{recording}") };
        var errors = new List<RecordingError>();
        var events = RecordingSources.CreateReader(RecordingFormat.Binance, files, errors.Add).ReadEvents();
        var recorded = events.First().Instrument;
        Assert.That(errors, Is.Empty, recording);
        var spec = InstrumentSpec.FromPrecision(InstrumentId.Create(served), 2, 8);
        return new BacktestVenue(
            VenueId.Create(venue),
            new SimulatedInstrument(recorded, spec, baseAsset, quoteAsset, RecordingSources.Synchronizer(RecordingFormat.Binance)),
            events,
            new SimulatedVenueOptions { Fees = fees, Seed = seed },
            new Dictionary<AssetId, decimal> { [baseAsset] = 10m, [quoteAsset] = 1_000_000m });
    }
}
