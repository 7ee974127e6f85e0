using MarketMaking.Models;
using MarketMaking.Simulation.MexcProtocol;
using MarketMaking.Testing;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// The host quoting MEXC Spot (<c>--venue mexc</c>): in sim mode on the bundled spot recording served over MEXC's REST
/// and protobuf WebSocket protocols, hedging on the simulated Binance USD-M venue; and live against the MEXC-protocol
/// simulator as if it were MEXC (URLs overridden, keys set, its order rate enforced), stopped by SIGTERM. Both as
/// processes.
/// </summary>
public sealed class MexcSpotTests
{
    [Test]
    public async Task SimOnMexcSpot_QuotesTheRecordingOverTheMexcProtocol_AndHedgesOnTheSimulatedBinanceUsdmVenue()
    {
        // A hedge from 0.002 BTC, the least above the threshold in lots of 0.001 (USD-M's minimum notional is 100 USDT):
        // the run's position reaches it in every run, on a loaded machine too.
        using var run = await FinishedSimRun.RunAsync("mm-mexc-", new Dictionary<string, string> { ["Inventory__Hedging__Threshold"] = "0.0015" }, "--venue", "mexc", "--speed", "30", "--metrics-port", "-1");
        var root = run.Summary;

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Errors);
            Assert.That(run.Output, Does.Contain("quoting BTCUSDT on the MEXC Spot-protocol simulator"));
            Assert.That(run.Output, Does.Contain("Trading up in sim mode: quoting BTCUSDT on MEXC Spot; hedges on the simulated Binance USD-M venue"));
            Assert.That(root.GetProperty("eventsReplayed").GetInt64(), Is.EqualTo(41_249), "every event of spot_btcusdt_20240808.gz");
            SimModeTests.AssertQuotedAndHedged(root, run.Directory, "mexc", "BTCUSDT", "binance-usdm");
            Assert.That(run.Output, Does.Not.Contain(" fail: "), "no error logged");
        });
    }

    [Test]
    public async Task LiveOnMexcSpot_AgainstTheSimulator_ChecksTheKey_QuotesBothSides_AndSigtermLeavesNothingResting()
    {
        var options = new MexcSimulatorOptions();
        await using var server = await MexcSimulatorSetup.StartBtcUsdtAsync(options);
        var directory = Directory.CreateTempSubdirectory("mm-mexc-live-").FullName;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["MEXC_API_KEY"] = options.ApiKey,
                ["MEXC_API_SECRET"] = options.ApiSecret,
                ["MexcSpot__RestBaseUrl"] = server.RestBaseUrl.ToString(),
                ["MexcSpot__WebSocketUrl"] = server.WebSocketUrl.ToString(),
                ["Inventory__Hedging__Policy"] = "None",
            };
            using var host = HostProcess.Start(directory, environment, "--mode", "live", "--venue", "mexc", "--yes", "--metrics-port", "-1");

            // The host is live: it connects by itself; the test plays the market until the host quotes both sides.
            var restingSeen = await LiveQuoting.UntilBothSidesRestAsync(host, server.CountDepthSubscriptionsAsync, () => server.ReplayAsync(100), async () => (await RestingAsync(server)).Select(o => o.Side).Distinct().Count());

            host.Terminate();
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
            TestContext.Out.WriteLine(host.Output);

            Assert.Multiple(async () =>
            {
                Assert.That(host.Output, Does.Contain("=== LIVE TRADING ===").And.Contain("MEXC Spot").And.Contain("API key ending " + options.ApiKey[^4..]));
                Assert.That(host.Output + host.Errors, Does.Not.Contain(options.ApiSecret), "never the secret");
                Assert.That(host.Output, Does.Contain("Trading up in live mode: quoting BTCUSDT on MEXC Spot"));
                Assert.That(server.UserStreamSubscriptions, Is.GreaterThan(0), "the user stream subscribed on a listen key");
                Assert.That(restingSeen, Is.EqualTo(2), "quoted both sides at the venue");
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(await RestingAsync(server), Is.Empty, "nothing of ours left at the venue after SIGTERM");
                Assert.That(host.Output, Does.Contain("Venues checked at exit: none of our orders open"));
                Assert.That(Directory.GetFiles(Path.Combine(directory, "state"), "journal-live-mexc-*.db"), Has.Length.EqualTo(1), "the journal named after the venue and the key's hash");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task LiveOnMexcSpot_WithAKeyTheVenueRefuses_StopsAtStartWithOneLine_AndSendsNoOrder()
    {
        var options = new MexcSimulatorOptions();
        await using var server = await MexcSimulatorSetup.StartBtcUsdtAsync(options);
        var directory = Directory.CreateTempSubdirectory("mm-mexc-key-").FullName;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["MEXC_API_KEY"] = "mx0-not-the-simulators-key",
                ["MEXC_API_SECRET"] = options.ApiSecret,
                ["MexcSpot__RestBaseUrl"] = server.RestBaseUrl.ToString(),
                ["MexcSpot__WebSocketUrl"] = server.WebSocketUrl.ToString(),
                ["Inventory__Hedging__Policy"] = "None",
            };
            using var host = HostProcess.Start(directory, environment, "--mode", "live", "--venue", "mexc", "--yes", "--metrics-port", "-1");
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Multiple(async () =>
            {
                Assert.That(exitCode, Is.EqualTo(3), "the documented exit code of a start the venue refused");
                Assert.That(host.Errors, Does.Contain("MEXC refused the API key").And.Contain("Check MEXC_API_KEY and MEXC_API_SECRET"));
                Assert.That(host.Errors + host.Output, Does.Not.Contain("   at "), "one message, no stack trace");
                Assert.That(host.Errors + host.Output, Does.Not.Contain(options.ApiSecret), "the secret is never printed");
                Assert.That(await RestingAsync(server), Is.Empty, "no order sent");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task<List<MarketMaking.Simulation.Matching.SimulatedOrder>> RestingAsync(MexcSimulatorServer server) =>
        server.ReadAsync(venue => venue.Engines[MexcSimulatorSetup.BtcUsdt].RestingOrders.ToList());
}
