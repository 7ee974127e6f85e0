using System.Diagnostics;
using System.Globalization;
using MarketMaking.Simulation.Venue;
using MarketMaking.Models;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Testing;

namespace MarketMaking.Oms.Tests;

/// <summary>
/// A quoting process killed (SIGKILL) mid-run and restarted on the same journal: orders and position end equal to the
/// venue's, and no fill is lost or counted twice.
/// </summary>
public sealed class OmsCrashTests
{
    private static readonly InstrumentId s_served = InstrumentId.Create("BTC/USDT");

    private static ProcessStartInfo Quoter(KrakenSimulatorServer server, KrakenSimulatorOptions options, string journal, int orders, int seed)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "MarketMaking.Oms.Quoter.dll"), server.RestBaseUrl.ToString(), server.PublicWebSocketUrl.ToString(),
            server.PrivateWebSocketUrl.ToString(), options.ApiKey, options.ApiSecret, journal, orders.ToString(CultureInfo.InvariantCulture), seed.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    [Test]
    public async Task QuoterKilledMidRun_RestartedOnItsJournal_EndsEqualToTheVenue_WithNoFillLostOrDoubled()
    {
        var journal = Path.Combine(Path.GetTempPath(), $"mm-crash-{Guid.NewGuid():N}.db");
        var options = new KrakenSimulatorOptions { EnforceRateLimits = false };
        var recording = new HftBacktestRecordingReader([RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz")], e => throw new InvalidOperationException(e.ToString())).ReadEvents().ToList();
        await using var server = await KrakenSimulatorServer.StartAsync(
            options,
            [new SimulatedInstrument(InstrumentId.Create("BTCUSDT"), InstrumentSpec.FromPrecision(s_served, 2, 8), AssetId.Create("BTC"), AssetId.Create("USDT"), b => new BinanceDepthSynchronizer(b))],
            recording);
        using var stopReplay = new CancellationTokenSource();
        await server.ReplayAsync(2_000);
        var replay = Task.Run(async () =>
        {
            while (!stopReplay.IsCancellationRequested && !server.IsReplayComplete)
            {
                await server.ReplayAsync(60);
                await Task.Delay(10);
            }
        });

        try
        {
            // First run: killed without warning once it is quoting.
            using (var first = Process.Start(Quoter(server, options, journal, 100_000, 1))!)
            {
                while (await first.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line && !line.StartsWith("reconciled", StringComparison.Ordinal))
                {
                }

                await Task.Delay(2_000);
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
            }

            // Second run on the same journal: restores, reconciles, quotes a little, cancels everything and exits.
            using var second = Process.Start(Quoter(server, options, journal, 150, 2))!;
            var errors = second.StandardError.ReadToEndAsync();
            var output = await second.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(120));
            await second.WaitForExitAsync();
            await stopReplay.CancelAsync();
            await replay;

            var account = server.Venue.Accounts["main"];
            var venueNet = account.Total(AssetId.Create("BTC")) - 10m;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            using var reopened = OrderJournal.Open(journal);
            await using var loop = new EngineLoop();
            using var restored = new OrderManager(loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1));
            restored.Restore(reopened.Read());
            var journalNet = restored.Read(store => store.All.ToArray()).Sum(o => (o.Side == Side.Buy ? 1 : -1) * o.FilledQuantity.Value);
            var restoredCount = int.Parse(output.Split('\n').First(l => l.StartsWith("restored", StringComparison.Ordinal)).Split(' ')[1], CultureInfo.InvariantCulture);
            TestContext.Out.WriteLine(output);

            Assert.Multiple(() =>
            {
                Assert.That(second.ExitCode, Is.Zero, $"{output}\n{errors.Result}");
                Assert.That(restoredCount, Is.GreaterThan(0), "the second run started from the first run's orders");
                Assert.That(output, Does.Contain($"net {venueNet.ToString(CultureInfo.InvariantCulture)}"), "the process's position is the venue's");
                Assert.That(journalNet, Is.EqualTo(venueNet), "the journal holds every fill once");
                Assert.That(venueNet, Is.Not.Zero, "fills did happen");
                Assert.That(server.Venue.Engines[s_served].RestingOrders, Is.Empty, "nothing of ours left open");
                Assert.That(restored.Read(store => store.Open(Adapters.Kraken.KrakenVenue.Id).ToArray()), Is.Empty, "and the journal agrees");
            });
        }
        finally
        {
            await stopReplay.CancelAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { journal, journal + "-wal", journal + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
