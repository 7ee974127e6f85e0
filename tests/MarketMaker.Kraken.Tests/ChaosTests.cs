using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using MarketMaking.Models;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Testing;
using static MarketMaking.Testing.Eventually;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// A trader's bad day, over and over: the host runs live against the Kraken-protocol simulator with Kraken's Starter
/// rate limits on and faults on (dropped acknowledgements, duplicated and reordered executions, venue rate-limit
/// rejections, dropped connections), and is stopped at random moments with SIGTERM or killed with SIGKILL, then
/// restarted on its journal. After every SIGTERM the venue holds no order of ours; after every restart the host's
/// position, fees and fill count equal the venue's (so no fill was lost or counted twice).
/// </summary>
/// <remarks>
/// The short form, 20 cycles, runs with the other tests; the soak: <c>eng/scripts/chaos-soak.sh</c> (200 cycles).
/// Every run prints its seed; <c>MM_CHAOS_SEED</c> replays the same faults and stop times (the market's timing still
/// varies).
/// </remarks>
[Category("Chaos")]
public sealed class ChaosTests
{
    private const string Faults = "drop-ack=0.02,duplicate-execution=0.05,reorder-execution=0.01,rate-limit=0.01,disconnect-probability=0.0002";
    private static readonly InstrumentId s_served = InstrumentId.Create("BTC/USDT");
    private static readonly AssetId s_btc = AssetId.Create("BTC");
    private static readonly AssetId s_usdt = AssetId.Create("USDT");

    [Test]
    public async Task StoppedOrKilledAtRandom_UnderFaultsAndRateLimits_LeavesNothingAfterASigterm_AndRestartsOnTheVenuesPositionFeesAndFills()
    {
        // The short form (20 cycles, about 4 minutes) runs with every test run; the soak sets MM_CHAOS_CYCLES=200.
        var cycles = int.TryParse(Environment.GetEnvironmentVariable("MM_CHAOS_CYCLES"), CultureInfo.InvariantCulture, out var asked) ? asked : 20;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MM_CHAOS_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Random.Shared.Next();
        TestContext.Out.WriteLine($"chaos: {cycles} cycles, seed {seed} (MM_CHAOS_SEED={seed} repeats its faults and stops), faults {Faults}");
        var random = new Random(seed);

        // The recording (5 min 46 s) should outlast the run: a cycle takes about 10 s, and the replay catches up after
        // each pause for the comparison.
        var options = new KrakenSimulatorOptions { Speed = Math.Min(2, 346.0 / (cycles * 14.0)), Faults = SimulatorFaultOptions.Parse(Faults) };
        options.Venue.Seed = seed;
        await using var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(options);
        var account = server.Venue.Accounts.Values.Single();
        var startingBtc = account.Total(s_btc);
        var replay = new Replay(server);
        var directory = Directory.CreateTempSubdirectory("mm-chaos-").FullName;
        var (terms, kills) = (0, 0);
        try
        {
            for (var cycle = 1; cycle <= cycles; cycle++)
            {
                var port = HostProcess.FreePort();
                using var host = HostProcess.Start(directory, LiveModeTests.AsKraken(server, options), "--mode", "live", "--yes", "--metrics-port", port.ToString(CultureInfo.InvariantCulture));
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
                await WaitForAsync(() => host.Output.Contains("Trading up", StringComparison.Ordinal) || host.HasExited, $"cycle {cycle}: trading up", rounds: 6_000);
                Assert.That(host.HasExited, Is.False, $"cycle {cycle} (seed {seed}): the host stopped at start:\n{host.Output}\n{host.Errors}");
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(directory, "state", "control.token"))).Trim());

                // The market paused, the host must come to the venue's figures: what it rebuilt from its journal and
                // what it recovered from the venue since.
                await replay.PauseAsync();
                var venue = default(Figures);
                var seen = default(Figures);
                await WaitForAsync(
                    () =>
                    {
                        venue = new Figures(account.Total(s_btc) - startingBtc, account.FeesPaid.GetValueOrDefault(s_usdt), account.Fills);
                        seen = HostFigures(http) ?? seen;
                        return venue == seen;
                    },
                    $"cycle {cycle} (seed {seed}): the host's position, fees and fills equal the venue's",
                    rounds: 4_000);

                // And the venue's balances are what our fills explain, from the first start's baseline.
                await WaitForAsync(() => host.Output.Contains("Balance check", StringComparison.Ordinal) || host.HasExited, $"cycle {cycle}: the balance check", rounds: 4_000);
                Assert.That(host.Output, Does.Not.Contain("unexplained"), $"cycle {cycle} (seed {seed}): a balance our fills do not explain\n{host.Output}");
                replay.Resume();

                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1_000, 6_000)));
                var statusBeforeStop = Verbose ? $"{StatusOf(http)}; the simulator has {server.ConnectionCount} connections, {server.BookSubscriptionCount} book subscriptions" : null;
                if (random.Next(2) == 0)
                {
                    terms++;
                    host.Terminate();
                    var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
                    var resting = SimulatorReads.Resting(server, s_served).Length;
                    Assert.Multiple(() =>
                    {
                        Assert.That(exitCode, Is.Zero, $"cycle {cycle} (seed {seed}): SIGTERM exit code\n{host.Output}\n{host.Errors}");
                        Assert.That(resting, Is.Zero, $"cycle {cycle} (seed {seed}): orders of ours resting at the venue after SIGTERM\n{host.Output}");
                    });
                }
                else
                {
                    kills++;
                    Process.GetProcessById(host.Id).Kill();
                    await host.WaitForExitAsync(TimeSpan.FromSeconds(30));
                }

                TestContext.Out.WriteLine($"cycle {cycle}: venue position {venue.Position}, fees {venue.Fees}, fills {venue.Fills}; resting now {SimulatorReads.Resting(server, s_served).Length}; {server.EventsReplayed} events replayed{(server.IsReplayComplete ? " (the whole recording)" : string.Empty)}");
                if (statusBeforeStop is not null)
                {
                    TestContext.Out.WriteLine($"  status before the stop: {statusBeforeStop}");
                }

                foreach (var line in host.Output.Split('\n').Where(l => Verbose || l.Contains("Kill switch", StringComparison.Ordinal) || l.Contains("Reconcil", StringComparison.Ordinal) || l.StartsWith("Orders: ", StringComparison.Ordinal) || l.StartsWith("Quote uptime", StringComparison.Ordinal) || l.Contains("fail:", StringComparison.Ordinal)))
                {
                    TestContext.Out.WriteLine($"  host: {line.TrimEnd()}");
                }
            }
        }
        finally
        {
            await replay.PauseAsync();
            if (Environment.GetEnvironmentVariable("MM_CHAOS_KEEP") == "1")
            {
                TestContext.Out.WriteLine($"chaos: the host's working directory (journal, summaries) is kept: {directory}");
            }
            else
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        TestContext.Out.WriteLine($"chaos: {cycles} cycles ({terms} SIGTERM, {kills} SIGKILL), seed {seed}: every check held; venue fills {account.Fills}");
        Assert.That(account.Fills, Is.GreaterThan(0), "the host traded, so the checks compared something");
    }

    private static bool Verbose => Environment.GetEnvironmentVariable("MM_CHAOS_VERBOSE") == "1";

    private static string StatusOf(HttpClient http)
    {
        try
        {
            return http.GetStringAsync("control/status").GetAwaiter().GetResult();
        }
        catch (HttpRequestException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>The host's view from its control endpoint, or <see langword="null"/> while it does not answer.</summary>
    private static Figures? HostFigures(HttpClient http)
    {
        try
        {
            using var status = JsonDocument.Parse(http.GetStringAsync("control/status").GetAwaiter().GetResult());
            var position = status.RootElement.GetProperty("positions").EnumerateArray()
                .FirstOrDefault(p => p.GetProperty("venue").GetString() == "kraken" && p.GetProperty("instrument").GetString() == "BTC/USDT");
            return position.ValueKind == JsonValueKind.Undefined
                ? new Figures(0, 0, 0)
                : new Figures(position.GetProperty("quantity").GetDecimal(), position.GetProperty("fees").GetDecimal(), position.GetProperty("fills").GetInt32());
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>A position in base units, the fees paid in quote units, and the number of fills.</summary>
    private readonly record struct Figures(decimal Position, decimal Fees, int Fills);

    /// <summary>Replays the recording in the background at the simulator's speed; pauses while the test compares figures.</summary>
    private sealed class Replay(KrakenSimulatorServer server)
    {
        private CancellationTokenSource? _stop;
        private Task _running = Task.CompletedTask;

        public void Resume()
        {
            _stop = new CancellationTokenSource();
            _running = server.ReplayAsync(cancellationToken: _stop.Token);
        }

        public async Task PauseAsync()
        {
            if (_stop is null)
            {
                return;
            }

            await _stop.CancelAsync();
            await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stop.Dispose();
            _stop = null;
        }
    }
}
