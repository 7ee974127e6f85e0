using System.Diagnostics;
using MarketMaking.Adapters.Bybit;
using MarketMaking.Simulation.BybitProtocol;
using MarketMaking.Testing;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// The host quoting Bybit Spot (<c>--venue bybit</c>): in sim mode on the bundled spot recording served over Bybit's v5
/// protocol, hedging on the simulated Binance USD-M venue; and live against the Bybit-protocol simulator as if it were
/// Bybit (URLs overridden, keys set, its order rate enforced, orders over the trade stream), stopped by SIGTERM, or
/// killed by SIGKILL with Bybit's disconnection protection set. All as processes.
/// </summary>
public sealed class BybitSpotTests
{
    [Test]
    public async Task SimOnBybitSpot_QuotesTheWholeRecordingOverTheBybitProtocol_AndHedgesOnTheSimulatedUsdmVenue()
    {
        // A hedge from 0.002 BTC, the least above the threshold in USD-M's lots of 0.001 (its minimum notional is 100 USDT).
        using var run = await FinishedSimRun.RunAsync("mm-bybit-spot-", new Dictionary<string, string> { ["Inventory__Hedging__Threshold"] = "0.0015" }, "--venue", "bybit", "--speed", "30", "--metrics-port", "-1");
        var root = run.Summary;

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Errors);
            Assert.That(run.Output, Does.Contain("quoting BTCUSDT on the Bybit Spot-protocol simulator"));
            Assert.That(run.Output, Does.Contain("fees bybit-spot-0 (maker 0.10 %, taker 0.10 %)"));
            Assert.That(run.Output, Does.Contain("Trading up in sim mode: quoting BTCUSDT on Bybit Spot; hedges on the simulated Binance USD-M venue"));
            Assert.That(root.GetProperty("eventsReplayed").GetInt64(), Is.EqualTo(41_249), "every event of spot_btcusdt_20240808.gz");
            Assert.That(root.GetProperty("orders").GetProperty("placed").GetInt32(), Is.GreaterThan(20), "requoted through the run");
            SimModeTests.AssertQuotedAndHedged(root, run.Directory, "bybit", "BTCUSDT", "binance-usdm");
            Assert.That(run.Output, Does.Not.Contain(" fail: "), "no error logged");
        });
    }

    [Test]
    public async Task LiveOnBybitSpot_AgainstTheSimulator_QuotesBothSidesOverTheTradeStream_AndSigtermLeavesNothingResting()
    {
        const string Key = "bybit-spot-key-5c1e";
        const string Secret = "bybit-spot-secret-0f93ab47";
        await using var server = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Spot, ApiKey = Key, ApiSecret = Secret });
        var directory = Directory.CreateTempSubdirectory("mm-bybit-spot-live-").FullName;
        try
        {
            var environment = LiveEnvironment(server, Key, Secret);
            using var host = HostProcess.Start(directory, environment, "--mode", "live", "--venue", "bybit", "--yes", "--metrics-port", "-1");

            // The host is live: it connects by itself; the test plays the market until the host quotes both sides.
            var restingSeen = await LiveQuoting.UntilBothSidesRestAsync(host, server.CountBookSubscriptionsAsync, () => server.ReplayAsync(100), () => server.ReadAsync(venue => venue.Engines[BybitSimulatorSetup.BtcUsdt].RestingOrders.Select(o => o.Side).Distinct().Count()));

            host.Terminate();
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
            TestContext.Out.WriteLine(host.Output);

            Assert.Multiple(async () =>
            {
                Assert.That(host.Output, Does.Contain("=== LIVE TRADING ===").And.Contain("Bybit Spot").And.Contain("API key ending " + Key[^4..]));
                Assert.That(host.Output, Does.Contain("no disconnection protection (BybitSpot:DisconnectCancelWindow 0): a killed host leaves its orders resting"));
                Assert.That(host.Output, Does.Contain($"orders over the trade stream at {server.TradeWebSocketUrl}"));
                Assert.That(server.TradeStreamRequests, Is.GreaterThanOrEqualTo(2), "the quotes were created over the trade stream");
                Assert.That(host.Output + host.Errors, Does.Not.Contain(Secret), "never the secret");
                Assert.That(host.Output, Does.Contain("Trading up in live mode: quoting BTCUSDT on Bybit Spot"));
                Assert.That(restingSeen, Is.EqualTo(2), "quoted both sides at the venue");
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(await server.ReadAsync(venue => venue.Engines[BybitSimulatorSetup.BtcUsdt].RestingOrders.Count), Is.Zero, "nothing of ours left at the venue after SIGTERM");
                Assert.That(host.Output, Does.Contain("Venues checked at exit: none of our orders open"));
                Assert.That(Directory.GetFiles(Path.Combine(directory, "state"), "journal-live-bybit-*.db"), Has.Length.EqualTo(1), "the journal named after the venue and the key's hash");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task LiveOnBybitSpot_WithTheDisconnectionProtection_KilledBySigkill_LeavesBybitToCancelItsOrders()
    {
        const string Key = "bybit-spot-dcp-key-a41f";
        const string Secret = "bybit-spot-dcp-secret-93c0d7e2";
        await using var server = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Spot, ApiKey = Key, ApiSecret = Secret });
        var directory = Directory.CreateTempSubdirectory("mm-bybit-spot-dcp-").FullName;
        try
        {
            var environment = LiveEnvironment(server, Key, Secret);
            environment["BybitSpot__DisconnectCancelWindow"] = "00:00:03";
            using var host = HostProcess.Start(directory, environment, "--mode", "live", "--venue", "bybit", "--yes", "--metrics-port", "-1");
            var restingSeen = await LiveQuoting.UntilBothSidesRestAsync(host, server.CountBookSubscriptionsAsync, () => server.ReplayAsync(100), () => server.ReadAsync(venue => venue.Engines[BybitSimulatorSetup.BtcUsdt].RestingOrders.Select(o => o.Side).Distinct().Count()));
            var restingAtKill = await RestingAsync(server);

            // No shutdown sweep runs after SIGKILL: only the venue's protection can take the quotes down, 3 s after the
            // killed process's private stream is gone (the simulator's socket sees it closed by the kernel).
            Process.GetProcessById(host.Id).Kill();
            await host.WaitForExitAsync(TimeSpan.FromSeconds(30));
            await Eventually.WaitForAsync(() => server.ProtectionTriggers > 0 && RestingAsync(server).Result == 0, "the venue's protection canceled every order of ours", rounds: 6_000);
            TestContext.Out.WriteLine(host.Output);

            Assert.Multiple(() =>
            {
                Assert.That(host.Output, Does.Contain("disconnection protection: open orders canceled 3 s after the private stream is lost"), "stated in the banner");
                Assert.That(host.Output, Does.Contain("Bybit Spot disconnection protection set: every open order canceled 3 s after the private stream is lost"));
                Assert.That(server.ProtectionWindow, Is.EqualTo((TimeSpan?)TimeSpan.FromSeconds(3)), "the window the venue holds");
                Assert.That(restingSeen, Is.EqualTo(2), "quoted both sides at the venue");
                Assert.That(restingAtKill, Is.GreaterThan(0), "orders of ours rested when the host was killed");
                Assert.That(server.ProtectionTriggers, Is.EqualTo(1), "canceled by the protection, once");
                Assert.That(host.Output + host.Errors, Does.Not.Contain(Secret), "never the secret");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task LiveOnBybitSpot_AskingForTheDisconnectionProtection_OnAnAccountWithoutIt_StopsTheStartWithOneLine_BeforeAnyOrder()
    {
        const string Key = "bybit-spot-nodcp-key-6e0b";
        const string Secret = "bybit-spot-nodcp-secret-2d91f4aa";
        await using var server = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Spot, ApiKey = Key, ApiSecret = Secret, DisconnectProtection = false });
        var directory = Directory.CreateTempSubdirectory("mm-bybit-spot-nodcp-").FullName;
        try
        {
            var environment = LiveEnvironment(server, Key, Secret);
            environment["BybitSpot__DisconnectCancelWindow"] = "00:00:10";
            using var host = HostProcess.Start(directory, environment, "--mode", "live", "--venue", "bybit", "--yes", "--metrics-port", "-1");
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Multiple(async () =>
            {
                Assert.That(exitCode, Is.EqualTo(3), host.Output + host.Errors);
                Assert.That(host.Errors, Does.Contain("market-maker-kraken could not start: Bybit refused the disconnection protection (").And.Contain("(Bybit 10001): params error: disconnection protection is not enabled for this account").And.Contain("set BybitSpot:DisconnectCancelWindow to 0 to quote without it"));
                Assert.That(host.Output + host.Errors, Does.Not.Contain("   at "), "one message, no stack trace");
                Assert.That(host.Output, Does.Not.Contain("Trading up"));
                Assert.That(server.TradeStreamRequests, Is.Zero, "no order sent");
                Assert.That(await RestingAsync(server), Is.Zero);
                Assert.That(server.ProtectionWindow, Is.Null);
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task LiveOnKraken_HedgingOnBybitSpot_ItsFillsComeBackOnThePrivateStream()
    {
        const string Key = "bybit-spot-hedge-key-71d2";
        const string Secret = "bybit-spot-hedge-secret-c83e0a51";
        var krakenOptions = new MarketMaking.Simulation.KrakenProtocol.KrakenSimulatorOptions();
        await using var kraken = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(krakenOptions);
        await using var bybit = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Spot, ApiKey = Key, ApiSecret = Secret });
        var directory = Directory.CreateTempSubdirectory("mm-bybit-spot-hedge-").FullName;
        try
        {
            var environment = HedgedElsewhere.Environment(kraken, krakenOptions, "bybit", HedgedElsewhere.FromTheFirstFill);
            environment["BYBIT_API_KEY"] = Key;
            environment["BYBIT_API_SECRET"] = Secret;
            environment["BybitSpot__RestBaseUrl"] = bybit.RestBaseUrl.ToString();
            environment["BybitSpot__PublicWebSocketUrl"] = bybit.PublicWebSocketUrl.ToString();
            environment["BybitSpot__PrivateWebSocketUrl"] = bybit.PrivateWebSocketUrl.ToString();
            environment["BybitSpot__TradeWebSocketUrl"] = bybit.TradeWebSocketUrl.ToString();
            var (exitCode, host, hedged, tradeStreamRequests) = await HedgedElsewhere.RunAsync(
                kraken, directory, environment, () => bybit.ReplayAsync(20), () => bybit.ReadAsync(venue => venue.Accounts["main"].Fills), () => Task.FromResult(bybit.TradeStreamRequests));
            using var _ = host;

            Assert.Multiple(async () =>
            {
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(host.Output, Does.Contain("Trading up in live mode: quoting BTC/USDT on Kraken; hedges on Bybit Spot"));
                Assert.That(hedged, Is.GreaterThan(0), "a hedge order traded at the Bybit-protocol simulator");
                Assert.That(tradeStreamRequests, Is.GreaterThan(0), "sent over the trade stream");
                Assert.That(host.Output, Does.Contain("Hedges: 1 executed"), "its fill came back on the private stream's execution topic");
                Assert.That(host.Output, Does.Contain(" on bybit"), "a position on Bybit Spot in the summary");
                Assert.That(host.Output + host.Errors, Does.Not.Contain(Secret), "never the secret");
                Assert.That(await bybit.ReadAsync(venue => venue.Engines[BybitSimulatorSetup.BtcUsdt].RestingOrders.Count), Is.Zero);
                Assert.That(host.Output, Does.Contain("Open orders at exit: 0"));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Dictionary<string, string> LiveEnvironment(BybitSimulatorServer server, string key, string secret) => new()
    {
        ["BYBIT_API_KEY"] = key,
        ["BYBIT_API_SECRET"] = secret,
        ["BybitSpot__RestBaseUrl"] = server.RestBaseUrl.ToString(),
        ["BybitSpot__PublicWebSocketUrl"] = server.PublicWebSocketUrl.ToString(),
        ["BybitSpot__PrivateWebSocketUrl"] = server.PrivateWebSocketUrl.ToString(),
        ["BybitSpot__TradeWebSocketUrl"] = server.TradeWebSocketUrl.ToString(),
        ["Inventory__Hedging__Policy"] = "None",
    };

    private static Task<int> RestingAsync(BybitSimulatorServer server) => server.ReadAsync(venue => venue.Engines[BybitSimulatorSetup.BtcUsdt].RestingOrders.Count);
}
