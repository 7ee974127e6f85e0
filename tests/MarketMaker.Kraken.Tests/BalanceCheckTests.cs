using System.Globalization;
using MarketMaking.Models;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Testing;
using static MarketMaking.Testing.Eventually;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// At each live start, once the first reconciliation has run, Kraken's balances of the quoted assets are compared with
/// what our fills explain (the host as a process against the Kraken-protocol simulator, rate limits on).
/// </summary>
public sealed class BalanceCheckTests
{
    private static readonly AssetId s_btc = AssetId.Create("BTC");

    [Test]
    public async Task ADepositBetweenTwoRuns_IsReportedOnceAtWarning_WithBothFigures()
    {
        var options = new KrakenSimulatorOptions();
        await using var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(options);
        var account = server.Venue.Accounts.Values.Single();
        var directory = Directory.CreateTempSubdirectory("mm-balances-").FullName;
        try
        {
            var first = await RunUntilTheBalanceCheckAsync(server, options, directory);
            var held = await server.ReadAsync(_ =>
            {
                // Someone deposits half a bitcoin while the host is down.
                account.Change(s_btc, 0.5m);
                return account.Total(s_btc);
            });
            var second = await RunUntilTheBalanceCheckAsync(server, options, directory);
            var third = await RunUntilTheBalanceCheckAsync(server, options, directory);

            var reported = string.Create(CultureInfo.InvariantCulture, $"BTC: the venue holds {held:0.########}, our fills explain {held - 0.5m:0.########} (+0.5 unexplained");
            Assert.Multiple(() =>
            {
                Assert.That(first, Does.Contain("Balance check: baseline taken from the venue's balances"));
                Assert.That(second, Does.Contain("warn: MarketMaker.Kraken.Trading.TradingService").And.Contain(reported), "both figures, at Warning");
                Assert.That(second, Does.Not.Contain("USDT: the venue holds"), "the quote asset agrees");
                Assert.That(third, Does.Contain("Balance check: the venue's balances agree with our fills").And.Not.Contain("unexplained"), "reported once");
                Assert.That(Directory.GetFiles(Path.Combine(directory, "state"), "journal-live-kraken-*.db.balances.json"), Has.Length.EqualTo(1), "the baseline lives beside the journal");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Starts the host live, waits for its balance check, stops it with SIGTERM and returns what it printed.</summary>
    private static async Task<string> RunUntilTheBalanceCheckAsync(KrakenSimulatorServer server, KrakenSimulatorOptions options, string directory)
    {
        using var host = HostProcess.Start(directory, LiveModeTests.AsKraken(server, options), "--mode", "live", "--yes", "--metrics-port", "-1");
        await WaitForAsync(() => host.Output.Contains("Balance check", StringComparison.Ordinal) || host.HasExited, "the balance check", rounds: 6_000);
        host.Terminate();
        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.That(exitCode, Is.Zero, host.Output + host.Errors);
        return host.Output;
    }
}
