using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;
using MarketMaking.Testing;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// The host quoting Binance Spot (<c>--venue binance</c>): in sim mode on the bundled spot recording served over the
/// Binance protocol, whose BTCUSDT book holds a level off today's lot grid, hedging on the simulated Binance USD-M venue;
/// and live against the Binance-protocol simulator as if it were Binance (URLs overridden, keys set, the request weight
/// and order count enforced, orders over the WebSocket API), stopped by SIGTERM; and a key the venue refuses. All as
/// processes.
/// </summary>
public sealed class BinanceSpotTests
{
    private static readonly InstrumentId s_btcUsdt = InstrumentId.Create("BTCUSDT");

    [Test]
    public async Task SimOnBinanceSpot_QuotesTheWholeRecordingOverTheBinanceProtocol_AndHedgesOnTheSimulatedUsdmVenue()
    {
        // A hedge from 0.002 BTC, the least above the threshold in USD-M's lots of 0.001 (its minimum notional is 100 USDT).
        using var run = await FinishedSimRun.RunAsync("mm-spot-", new Dictionary<string, string> { ["Inventory__Hedging__Threshold"] = "0.0015" }, "--venue", "binance", "--speed", "30", "--metrics-port", "-1");
        var root = run.Summary;

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Errors);
            Assert.That(run.Output, Does.Contain("quoting BTCUSDT on the Binance Spot-protocol simulator"));
            Assert.That(run.Output, Does.Contain("fees binance-spot-0 (maker 0.10 %, taker 0.10 %)"));
            Assert.That(run.Output, Does.Contain("Trading up in sim mode: quoting BTCUSDT on Binance Spot; hedges on the simulated Binance USD-M venue"));
            Assert.That(root.GetProperty("eventsReplayed").GetInt64(), Is.EqualTo(41_249), "every event of spot_btcusdt_20240808.gz");

            // Before the book kept the level at 200,000 (25.426189 BTC, off the 0.00001 lot), 4 orders went out in the
            // whole run and none after the first second; orders refused unsent for the order count came after.
            Assert.That(root.GetProperty("orders").GetProperty("placed").GetInt32(), Is.GreaterThan(50), "requoted through the run");
            Assert.That(root.GetProperty("orders").GetProperty("rejected").GetInt32(), Is.LessThan(10), "within the order count: the strategy holds what does not fit");
            SimModeTests.AssertQuotedAndHedged(root, run.Directory, "binance", "BTCUSDT", "binance-usdm");
            Assert.That(run.Output, Does.Not.Contain(" fail: "), "no error logged");
        });
    }

    [Test]
    public async Task LiveOnBinanceSpot_AgainstTheSimulator_QuotesBothSidesOverTheWebSocketApi_AndSigtermLeavesNothingResting()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        var directory = Directory.CreateTempSubdirectory("mm-spot-live-").FullName;
        try
        {
            using var host = HostProcess.Start(directory, AsBinanceSpot(server, BinanceSimulatorSetup.Key), "--mode", "live", "--venue", "binance", "--yes", "--metrics-port", "-1");

            // The host is live: it connects by itself; the test plays the market until the host quotes both sides.
            var restingSeen = await LiveQuoting.UntilBothSidesRestAsync(host, server.CountDepthSubscriptionsAsync, () => server.ReplayAsync(100), async () => (await RestingAsync(server)).Select(o => o.Side).Distinct().Count());

            host.Terminate();
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
            TestContext.Out.WriteLine(host.Output);

            Assert.Multiple(async () =>
            {
                Assert.That(host.Output, Does.Contain("=== LIVE TRADING ===").And.Contain("Binance Spot").And.Contain("API key ending " + BinanceSimulatorSetup.Key[^4..]));
                Assert.That(host.Output, Does.Contain($"orders over the WebSocket API at {server.WebSocketApiUrl}"));
                Assert.That(host.Output, Does.Contain("Binance Spot order limits from exchangeInfo: 50 per 10 s"), "the simulator's limits, read at start");
                Assert.That(server.WebSocketApiOrderRequests, Is.GreaterThanOrEqualTo(2), "the quotes were placed over the WebSocket API");
                Assert.That(host.Output + host.Errors, Does.Not.Contain(BinanceSimulatorSetup.Secret), "never the secret");
                Assert.That(host.Output, Does.Contain("Trading up in live mode: quoting BTCUSDT on Binance Spot"));
                Assert.That(restingSeen, Is.EqualTo(2), "quoted both sides at the venue");
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(await RestingAsync(server), Is.Empty, "nothing of ours left at the venue after SIGTERM");
                Assert.That(host.Output, Does.Contain("Venues checked at exit: none of our orders open"));
                Assert.That(Directory.GetFiles(Path.Combine(directory, "state"), "journal-live-binance-*.db"), Has.Length.EqualTo(1), "the journal named after the venue and the key's hash");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task LiveOnBinanceSpot_WithAKeyTheVenueRefuses_StopsAtStartWithOneLine_AndSendsNoOrder()
    {
        await using var server = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        var directory = Directory.CreateTempSubdirectory("mm-spot-key-").FullName;
        try
        {
            using var host = HostProcess.Start(directory, AsBinanceSpot(server, "not-the-simulators-key"), "--mode", "live", "--venue", "binance", "--yes", "--metrics-port", "-1");
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Multiple(async () =>
            {
                Assert.That(exitCode, Is.EqualTo(3), "the documented exit code of a start the venue refused");
                Assert.That(host.Errors, Does.Contain("Binance Spot refused the API key").And.Contain("Check BINANCE_API_KEY and BINANCE_API_SECRET"));
                Assert.That(host.Errors + host.Output, Does.Not.Contain("   at "), "one message, no stack trace");
                Assert.That(host.Errors + host.Output, Does.Not.Contain(BinanceSimulatorSetup.Secret), "the secret is never printed");
                Assert.That(server.OrderRequests, Is.Zero, "no order sent");
                Assert.That(await RestingAsync(server), Is.Empty);
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task LiveOnKraken_HedgingOnBinanceSpot_ItsFillsComeBackOnTheUserDataStream()
    {
        var krakenOptions = new MarketMaking.Simulation.KrakenProtocol.KrakenSimulatorOptions();
        await using var kraken = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(krakenOptions);
        await using var binance = await BinanceSimulatorSetup.StartBtcUsdtAsync(BinanceMarket.Spot);
        var directory = Directory.CreateTempSubdirectory("mm-spot-hedge-").FullName;
        try
        {
            var environment = HedgedElsewhere.Environment(kraken, krakenOptions, "binance", HedgedElsewhere.FromTheFirstFill);
            foreach (var (key, value) in AsBinanceSpot(binance, BinanceSimulatorSetup.Key))
            {
                // Binance's URLs and keys; its "no hedging" does not replace the hedging set above.
                environment.TryAdd(key, value);
            }

            var (exitCode, host, hedged, orderRequests) = await HedgedElsewhere.RunAsync(
                kraken, directory, environment, () => binance.ReplayAsync(20), () => binance.ReadAsync(venue => venue.Accounts["main"].Fills), () => Task.FromResult(binance.OrderRequests));
            using var _ = host;

            Assert.Multiple(async () =>
            {
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(host.Output, Does.Contain("Trading up in live mode: quoting BTC/USDT on Kraken; hedges on Binance Spot"));
                Assert.That(hedged, Is.GreaterThan(0), "a hedge order traded at the Binance-protocol simulator");
                Assert.That(orderRequests, Is.GreaterThan(0));
                Assert.That(host.Output, Does.Contain("Hedges: 1 executed"), "its fill came back on the user data stream");
                Assert.That(host.Output, Does.Contain(" on binance"), "a position on Binance Spot in the summary");
                Assert.That(host.Output + host.Errors, Does.Not.Contain(BinanceSimulatorSetup.Secret), "never the secret");
                Assert.That(await RestingAsync(binance), Is.Empty);
                Assert.That(host.Output, Does.Contain("Open orders at exit: 0"));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The environment of a live run against the simulator as if it were Binance Spot, hedging off.</summary>
    private static Dictionary<string, string> AsBinanceSpot(BinanceSimulatorServer server, string key) => new()
    {
        ["BINANCE_API_KEY"] = key,
        ["BINANCE_API_SECRET"] = BinanceSimulatorSetup.Secret,
        ["BinanceSpot__RestBaseUrl"] = server.RestBaseUrl.ToString(),
        ["BinanceSpot__StreamBaseUrl"] = server.StreamBaseUrl.ToString(),
        ["BinanceSpot__WebSocketApiUrl"] = server.WebSocketApiUrl.ToString(),
        ["Inventory__Hedging__Policy"] = "None",
    };

    private static Task<List<MarketMaking.Simulation.Matching.SimulatedOrder>> RestingAsync(BinanceSimulatorServer server) =>
        server.ReadAsync(venue => venue.Engines[s_btcUsdt].RestingOrders.ToList());
}
