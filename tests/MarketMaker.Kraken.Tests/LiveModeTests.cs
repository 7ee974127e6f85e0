using MarketMaking.Models;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Testing;
using static MarketMaking.Testing.Eventually;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// Live mode pointed at the Kraken-protocol simulator as if it were Kraken (URLs overridden, keys set): the same path
/// as against Kraken quotes; SIGTERM while quoting leaves nothing of ours open at the venue.
/// </summary>
public sealed class LiveModeTests
{
    private static readonly InstrumentId s_served = InstrumentId.Create("BTC/USDT");

    /// <summary>The settings that point live mode at the simulator instead of Kraken.</summary>
    private static Dictionary<string, string> AsKraken(KrakenSimulatorServer server, KrakenSimulatorOptions options) => new()
    {
        ["KRAKEN_API_KEY"] = options.ApiKey,
        ["KRAKEN_API_SECRET"] = options.ApiSecret,
        ["Kraken__RestBaseUrl"] = server.RestBaseUrl.ToString(),
        ["Kraken__PublicWebSocketUrl"] = server.PublicWebSocketUrl.ToString(),
        ["Kraken__PrivateWebSocketUrl"] = server.PrivateWebSocketUrl.ToString(),
        ["Kraken__ModelTradingCounter"] = "false",
        ["Inventory__Hedging__Policy"] = "None",
    };

    [Test]
    public async Task LiveModeAgainstTheSimulator_Quotes_AndSigtermCancelsEveryOrderBeforeExiting()
    {
        var options = new KrakenSimulatorOptions { EnforceRateLimits = false };
        await using var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(options);
        var engine = server.Venue.Engines[s_served];
        var directory = Directory.CreateTempSubdirectory("mm-live-").FullName;
        try
        {
            using var host = HostProcess.Start(directory, AsKraken(server, options), "--metrics-port", "-1");

            // The host is live: it connects by itself; the test plays the market until the host quotes both sides.
            await WaitForAsync(() => server.BookSubscriptionCount > 0 || host.HasExited, "the host subscribed to the book", rounds: 6_000);
            var restingSeen = 0;
            for (var i = 0; i < 400 && restingSeen < 2 && !host.HasExited; i++)
            {
                await server.ReplayAsync(100);
                await Task.Delay(20);
                restingSeen = Math.Max(restingSeen, engine.RestingOrders.Select(o => o.Side).Distinct().Count());
            }

            host.Terminate();
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
            TestContext.Out.WriteLine(host.Output);

            Assert.Multiple(() =>
            {
                Assert.That(host.Output, Does.Contain("Trading up in live mode"));
                Assert.That(restingSeen, Is.EqualTo(2), "quoted both sides at the venue");
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(engine.RestingOrders, Is.Empty, "nothing of ours left at the venue after SIGTERM");
                Assert.That(host.Output, Does.Contain("=== market-maker-kraken summary (live) ==="));
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
        var options = new KrakenSimulatorOptions { EnforceRateLimits = false };
        await using var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(options);
        var directory = Directory.CreateTempSubdirectory("mm-live-").FullName;
        try
        {
            var environment = AsKraken(server, options);
            environment["MarketMaker__Symbols__0"] = "FOO/BAR";
            using var host = HostProcess.Start(directory, environment, "--metrics-port", "-1");
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(3));
                Assert.That(host.Errors, Does.Contain("MarketMaker:Symbols names FOO/BAR, which Kraken does not list"));
                Assert.That(server.Venue.Engines[s_served].RestingOrders, Is.Empty, "no order sent");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
