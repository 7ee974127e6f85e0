using MarketMaking.Adapters.Bybit;
using MarketMaking.Simulation.BybitProtocol;
using MarketMaking.Testing;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// The host quoting Bybit's linear perpetuals (<c>--venue bybit-linear</c>), as a process: in sim mode the USD-M
/// recording served over Bybit v5 by its simulator, the account set at start, hedged on the simulated MEXC Spot venue,
/// Bybit's per-endpoint order rate enforced by the simulator and kept by the adapter; live against the simulator as if
/// it were Bybit (orders over the trade stream; hedging there, over REST), stopped by SIGTERM.
/// </summary>
public sealed class BybitLinearTests
{
    [Test]
    public async Task SimOnBybitLinear_SetsTheLeverageAtStart_QuotesWithinBybitsOrderRate_AndHedgesOnTheSimulatedMexcVenue()
    {
        using var run = await FinishedSimRun.RunAsync("mm-bybit-", new Dictionary<string, string> { ["BybitLinear__Leverage"] = "4" }, "--venue", "bybit-linear", "--speed", "30", "--metrics-port", "-1", "--report", "report");
        var root = run.Summary;
        var orders = File.ReadAllLines(Path.Combine(run.Directory, "report", "orders.csv"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Errors);
            Assert.That(run.Output, Does.Contain("quoting BTCUSDT on the Bybit linear-protocol simulator"));
            Assert.That(run.Output, Does.Contain("Bybit linear account set: OneWay positions, Cross margin, leverage 4 on BTCUSDT"));
            Assert.That(run.Output, Does.Contain("Trading up in sim mode: quoting BTCUSDT on Bybit linear; hedges on the simulated MEXC Spot venue"));
            SimModeTests.AssertQuotedAndHedged(root, run.Directory, "bybit-linear", "BTCUSDT", "mexc");
            Assert.That(orders.Where(line => line.Contains("Bybit 10006", StringComparison.Ordinal)), Is.Empty, "never over Bybit's order rate: the adapter paces order entry");
            Assert.That(root.GetProperty("killSwitchTrips").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public async Task LiveOnBybitLinear_AgainstTheSimulator_SetsTheAccount_QuotesBothSides_AndSigtermLeavesNothingResting()
    {
        const string Key = "bybit-live-key-4c1e";
        const string Secret = "bybit-live-secret-77d0a2b9";
        await using var server = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Linear, ApiKey = Key, ApiSecret = Secret });
        var directory = Directory.CreateTempSubdirectory("mm-bybit-live-").FullName;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["BYBIT_API_KEY"] = Key,
                ["BYBIT_API_SECRET"] = Secret,
                ["BybitLinear__RestBaseUrl"] = server.RestBaseUrl.ToString(),
                ["BybitLinear__PublicWebSocketUrl"] = server.PublicWebSocketUrl.ToString(),
                ["BybitLinear__PrivateWebSocketUrl"] = server.PrivateWebSocketUrl.ToString(),
                ["BybitLinear__TradeWebSocketUrl"] = server.TradeWebSocketUrl.ToString(),
                ["BybitLinear__DisconnectCancelWindow"] = "00:00:05",
                ["BybitLinear__Leverage"] = "7",
                ["BybitLinear__MarginMode"] = "Isolated",
                ["Inventory__Hedging__Policy"] = "None",
            };
            using var host = HostProcess.Start(directory, environment, "--mode", "live", "--venue", "bybit-linear", "--yes", "--metrics-port", "-1");

            // The host is live: it connects by itself; the test plays the market until the host quotes both sides.
            var restingSeen = await LiveQuoting.UntilBothSidesRestAsync(host, server.CountBookSubscriptionsAsync, () => server.ReplayAsync(100), () => server.ReadAsync(venue => venue.Engines[BybitSimulatorSetup.BtcUsdt].RestingOrders.Select(o => o.Side).Distinct().Count()));

            var account = await server.ReadAccountAsync();
            host.Terminate();
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
            TestContext.Out.WriteLine(host.Output);

            Assert.Multiple(async () =>
            {
                Assert.That(host.Output, Does.Contain("=== LIVE TRADING ===").And.Contain("Bybit linear").And.Contain("API key ending " + Key[^4..]));
                Assert.That(host.Output, Does.Contain($"orders over the trade stream at {server.TradeWebSocketUrl}"));
                Assert.That(server.TradeStreamRequests, Is.GreaterThanOrEqualTo(2), "the quotes were created over the trade stream");
                Assert.That(host.Output, Does.Contain("leverage 7; disconnection protection: open orders canceled 5 s after the private stream is lost"), "stated in the banner");
                Assert.That(host.Output, Does.Contain("Bybit linear disconnection protection set: every open order canceled 5 s after the private stream is lost"));
                Assert.That(server.ProtectionWindow, Is.EqualTo((TimeSpan?)TimeSpan.FromSeconds(5)), "the window the venue holds");
                Assert.That(host.Output + host.Errors, Does.Not.Contain(Secret), "never the secret");
                Assert.That(host.Output, Does.Contain("Trading up in live mode: quoting BTCUSDT on Bybit linear"));
                Assert.That((account.HedgeMode, account.MarginMode, account.Leverage[BybitSimulatorSetup.BtcUsdt]), Is.EqualTo((false, "ISOLATED_MARGIN", 7)), "what the venue holds, set at start");
                Assert.That(restingSeen, Is.EqualTo(2), "quoted both sides at the venue");
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(await server.ReadAsync(venue => venue.Engines[BybitSimulatorSetup.BtcUsdt].RestingOrders.Count), Is.Zero, "nothing of ours left at the venue after SIGTERM");
                Assert.That(host.Output, Does.Contain("Venues checked at exit: none of our orders open"));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task LiveOnKraken_HedgingOnBybitLinear_SetsItsLeverage_AndItsFillsComeBackOnThePrivateStream()
    {
        const string Key = "bybit-hedge-key-9a3f";
        const string Secret = "bybit-hedge-secret-1e58c4d2";
        var krakenOptions = new MarketMaking.Simulation.KrakenProtocol.KrakenSimulatorOptions();
        await using var kraken = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(krakenOptions);
        await using var bybit = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Linear, ApiKey = Key, ApiSecret = Secret });
        var directory = Directory.CreateTempSubdirectory("mm-bybit-hedge-").FullName;
        try
        {
            var environment = HedgedElsewhere.Environment(kraken, krakenOptions, "bybit-linear", HedgedElsewhere.FromTheFirstFill);
            environment["BYBIT_API_KEY"] = Key;
            environment["BYBIT_API_SECRET"] = Secret;
            environment["BybitLinear__RestBaseUrl"] = bybit.RestBaseUrl.ToString();
            environment["BybitLinear__PublicWebSocketUrl"] = bybit.PublicWebSocketUrl.ToString();
            environment["BybitLinear__PrivateWebSocketUrl"] = bybit.PrivateWebSocketUrl.ToString();
            environment["BybitLinear__Leverage"] = "4";

            // The hedges over REST: the other transport, through the same venue.
            environment["BybitLinear__OrderEntry"] = "Rest";
            var (exitCode, host, hedged, account) = await HedgedElsewhere.RunAsync(
                kraken, directory, environment, () => bybit.ReplayAsync(20), () => bybit.ReadAsync(venue => venue.Accounts["main"].Fills), bybit.ReadAccountAsync);
            using var _ = host;

            Assert.Multiple(async () =>
            {
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(host.Output, Does.Contain("Trading up in live mode: quoting BTC/USDT on Kraken; hedges on Bybit linear"));
                Assert.That(host.Output, Does.Contain("Bybit linear account set: OneWay positions, Cross margin, leverage 4 on BTCUSDT"));
                Assert.That(account.Leverage[BybitSimulatorSetup.BtcUsdt], Is.EqualTo(4), "the hedge venue's leverage, as the venue holds it");
                Assert.That(hedged, Is.GreaterThan(0), "a hedge order traded at the Bybit simulator");
                Assert.That(bybit.TradeStreamRequests, Is.Zero, "the hedges sent over REST, as configured");
                Assert.That(host.Output, Does.Contain("Hedges: 1 executed"), "its fill came back on the private stream's execution topic");
                Assert.That(host.Output, Does.Contain(" on bybit-linear"), "a position on Bybit linear in the summary");
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
}
