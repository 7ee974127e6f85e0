using MarketMaking.Models;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Testing;
using MarketMaking.Testing.Mexc;
using static MarketMaking.Testing.Eventually;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// Live mode pointed at the Kraken-protocol simulator as if it were Kraken (URLs overridden, keys set, Kraken's Starter
/// rate limits enforced by the simulator and modelled by the host): the same path as against Kraken quotes; SIGTERM
/// while quoting leaves nothing of ours open at the venue.
/// </summary>
public sealed class LiveModeTests
{
    private static readonly InstrumentId s_served = InstrumentId.Create("BTC/USDT");
    private static readonly System.Text.RegularExpressions.Regex s_hedgesExecuted = new("Hedges: [1-9][0-9]* executed");

    /// <summary>The settings that point live mode at the simulator instead of Kraken (the rate-limit model on, as against Kraken).</summary>
    internal static Dictionary<string, string> AsKraken(KrakenSimulatorServer server, KrakenSimulatorOptions options) => new()
    {
        ["KRAKEN_API_KEY"] = options.ApiKey,
        ["KRAKEN_API_SECRET"] = options.ApiSecret,
        ["Kraken__RestBaseUrl"] = server.RestBaseUrl.ToString(),
        ["Kraken__PublicWebSocketUrl"] = server.PublicWebSocketUrl.ToString(),
        ["Kraken__PrivateWebSocketUrl"] = server.PrivateWebSocketUrl.ToString(),
        ["Inventory__Hedging__Policy"] = "None",
    };

    [Test]
    public async Task LiveModeAgainstTheSimulator_Quotes_AndSigtermCancelsEveryOrderBeforeExiting_AndWritesTheReport()
    {
        var options = new KrakenSimulatorOptions();
        await using var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(options);
        var engine = server.Venue.Engines[s_served];
        var directory = Directory.CreateTempSubdirectory("mm-live-").FullName;
        try
        {
            using var host = HostProcess.Start(directory, AsKraken(server, options), "--mode", "live", "--metrics-port", "-1", "--report", "report");

            // The host is live: it connects by itself; the test plays the market until the host quotes both sides.
            await WaitForAsync(() => server.BookSubscriptionCount > 0 || host.HasExited, "the host subscribed to the book", rounds: 6_000);
            var restingSeen = 0;
            for (var i = 0; i < 400 && restingSeen < 2 && !host.HasExited; i++)
            {
                await server.ReplayAsync(100);
                await Task.Delay(20);
                restingSeen = Math.Max(restingSeen, SimulatorReads.Resting(server, s_served).Select(o => o.Side).Distinct().Count());
            }

            host.Terminate();
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
            TestContext.Out.WriteLine(host.Output);

            Assert.Multiple(() =>
            {
                Assert.That(host.Output, Does.Contain("Trading up in live mode"));
                Assert.That(host.Output, Does.Contain("=== LIVE TRADING ===").And.Contain("API key ending " + options.ApiKey[^4..]), "the banner names the account by the key's last characters");
                Assert.That(host.Output + host.Errors, Does.Not.Contain(options.ApiSecret), "never the secret");
                Assert.That(restingSeen, Is.EqualTo(2), "quoted both sides at the venue");
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(engine.RestingOrders, Is.Empty, "nothing of ours left at the venue after SIGTERM");
                Assert.That(host.Output, Does.Contain("=== market-maker-kraken summary (live) ==="));
                Assert.That(host.Output, Does.Contain("Open orders at exit: 0"));
            });

            // The report, as a backtest's: every file, the venue and strategy, the orders as the summary counts them.
            using var stats = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "report", "stats.json")));
            using var summary = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "market-maker-summary.json")));
            Assert.Multiple(() =>
            {
                Assert.That(new[] { "report.html", "fills.csv", "orders.csv", "equity.csv" }.Where(f => !File.Exists(Path.Combine(directory, "report", f))), Is.Empty, "every file of the report");
                Assert.That((stats.RootElement.GetProperty("quotedVenue").GetString(), stats.RootElement.GetProperty("strategies")[0].GetString()), Is.EqualTo(("kraken", "market-maker")));
                Assert.That(stats.RootElement.GetProperty("orders").GetProperty("placed").GetInt32(), Is.EqualTo(summary.RootElement.GetProperty("orders").GetProperty("placed").GetInt32()).And.GreaterThan(0));
                Assert.That(stats.RootElement.GetProperty("eventsReplayed").EnumerateObject(), Is.Empty, "nothing replayed in a live run");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task LiveMode_ASigtermWhoseShutdownOutlastsTwoSeconds_EndsItsShutdown_AndExitsZero()
    {
        // Every answer of Kraken's comes 2.5 s late: the shutdown's cancels and its last look at the venue take longer
        // than the 2 s System.CommandLine gives a command after SIGTERM by default before it ends the process (exit 143).
        var options = new KrakenSimulatorOptions { Faults = SimulatorFaultOptions.Parse("ack-delay=2500ms") };
        await using var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(options);
        var engine = server.Venue.Engines[s_served];
        var directory = Directory.CreateTempSubdirectory("mm-live-slow-").FullName;
        try
        {
            using var host = HostProcess.Start(directory, AsKraken(server, options), "--mode", "live", "--metrics-port", "-1");
            await WaitForAsync(() => server.BookSubscriptionCount > 0 || host.HasExited, "the host subscribed to the book", rounds: 6_000);
            for (var i = 0; i < 600 && engine.RestingOrders.Count == 0 && !host.HasExited; i++)
            {
                await server.ReplayAsync(100);
                await Task.Delay(20);
            }

            var restingBeforeStop = engine.RestingOrders.Count;
            var stopped = System.Diagnostics.Stopwatch.StartNew();
            host.Terminate();
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(90));
            var shutdown = stopped.Elapsed;
            TestContext.Out.WriteLine(host.Output);

            Assert.Multiple(() =>
            {
                Assert.That(restingBeforeStop, Is.GreaterThan(0), "quoted at the venue before the stop");
                Assert.That(shutdown, Is.GreaterThan(TimeSpan.FromSeconds(2.5)), "the shutdown waited for the venue's late answers");
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(engine.RestingOrders, Is.Empty, "nothing of ours left at the venue after SIGTERM");
                Assert.That(host.Output, Does.Contain("Venues checked at exit: none of our orders open"));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task LiveMode_HedgesOnMexcSpot_ThroughTheMexcAdapter_AndDeletesTheListenKeyAtSigterm()
    {
        var options = new KrakenSimulatorOptions();
        await using var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(options);
        await using var mexc = await FakeMexcServer.StartAsync();
        mexc.FillsOrders = true;
        mexc.BestBid = 61_800m;
        var directory = Directory.CreateTempSubdirectory("mm-live-").FullName;
        try
        {
            var environment = AsKraken(server, options);
            environment["Inventory__Hedging__Policy"] = "CrossExchange";
            environment["Inventory__Hedging__Threshold"] = "0.0005";
            environment["MEXC_API_KEY"] = FakeMexcServer.ApiKey;
            environment["MEXC_API_SECRET"] = FakeMexcServer.ApiSecret;
            environment["MexcSpot__RestBaseUrl"] = mexc.BaseAddress.ToString();
            environment["MexcSpot__WebSocketUrl"] = mexc.WebSocketUrl.ToString();
            using var host = HostProcess.Start(directory, environment, "--mode", "live", "--metrics-port", "-1");

            await WaitForAsync(() => server.BookSubscriptionCount > 0 || host.HasExited, "the host subscribed to the Kraken book", rounds: 6_000);

            // The test plays the Kraken market until a fill there is hedged on MEXC.
            for (var i = 0; i < 2_000 && mexc.PlacedOrders.IsEmpty && !host.HasExited; i++)
            {
                await server.ReplayAsync(100);
                await Task.Delay(20);
            }

            // One hedge or more: on a slow machine more Kraken fills may land before the replay stops.
            await WaitForAsync(() => s_hedgesExecuted.IsMatch(host.Output) || host.HasExited, "the hedge's fill reported", rounds: 4_000);
            host.Terminate();
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
            TestContext.Out.WriteLine(host.Output);
            var hedge = mexc.PlacedOrders.FirstOrDefault();
            var privateConnection = mexc.Connections.FirstOrDefault(c => c.ListenKey is not null);

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(host.Output, Does.Contain("Trading up in live mode: quoting BTC/USDT on Kraken; hedges on MEXC Spot"));
                Assert.That(mexc.CountOf("GET /api/v3/exchangeInfo"), Is.EqualTo(1), "the hedge symbol checked against MEXC's list, once: the book reuses that listing");
                Assert.That(mexc.Connections.Any(c => c.Channels.Contains("spot@public.aggre.depth.v3.api.pb@100ms@BTCUSDT")), Is.True, "MEXC's book subscribed");
                Assert.That(privateConnection?.Channels, Has.Count.EqualTo(3), "the user stream on a listen key");
                Assert.That(hedge, Is.Not.Null, "a hedge order reached MEXC, signed (the server refuses a bad signature)");
                Assert.That((hedge?["symbol"], hedge?["type"]), Is.EqualTo(("BTCUSDT", "IMMEDIATE_OR_CANCEL")));
                Assert.That(host.Output, Does.Match(s_hedgesExecuted.ToString()), "MEXC's fill came back on the user stream");
                Assert.That(host.Output, Does.Contain(" on mexc"), "a position on MEXC in the summary");
                Assert.That(mexc.CountOf("DELETE /api/v3/userDataStream"), Is.EqualTo(1), "the listen key is deleted at shutdown");
                Assert.That(host.Output, Does.Contain("Open orders at exit: 0"));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task LiveMode_ASymbolKrakenDoesNotList_StopsTheStartWithTheSymbolNamed_AndSendsNoOrder()
    {
        var options = new KrakenSimulatorOptions();
        await using var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(options);
        var directory = Directory.CreateTempSubdirectory("mm-live-").FullName;
        try
        {
            var environment = AsKraken(server, options);
            environment["MarketMaker__Symbols__0"] = "FOO/BAR";
            using var host = HostProcess.Start(directory, environment, "--mode", "live", "--metrics-port", "-1");
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(3));
                Assert.That(host.Errors, Does.Contain("the strategy market-maker quotes FOO/BAR, which Kraken does not list"));
                Assert.That(server.Venue.Engines[s_served].RestingOrders, Is.Empty, "no order sent");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
