using System.Text.Json;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// The host quoting Bybit's linear perpetuals (<c>--venue bybit-linear</c>) in sim mode, as a process: the USD-M
/// recording served over Bybit v5 by its simulator, the account set at start, hedged on the simulated MEXC Spot venue,
/// Bybit's per-endpoint order rate enforced by the simulator and kept by the adapter.
/// </summary>
public sealed class BybitLinearTests
{
    [Test]
    public async Task SimOnBybitLinear_SetsTheLeverageAtStart_QuotesWithinBybitsOrderRate_AndHedgesOnTheSimulatedMexcVenue()
    {
        var directory = Directory.CreateTempSubdirectory("mm-bybit-").FullName;
        try
        {
            using var host = HostProcess.Start(directory, new Dictionary<string, string> { ["BybitLinear__Leverage"] = "4" }, "--venue", "bybit-linear", "--speed", "30", "--metrics-port", "-1", "--report", "report");
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromMinutes(3));
            TestContext.Out.WriteLine(host.Output);
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "market-maker-summary.json")));
            var root = summary.RootElement;
            var venues = root.GetProperty("venues").EnumerateArray().ToArray();
            var orders = File.ReadAllLines(Path.Combine(directory, "report", "orders.csv"));

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(host.Output, Does.Contain("quoting BTCUSDT on the Bybit linear-protocol simulator"));
                Assert.That(host.Output, Does.Contain("Bybit linear account set: OneWay positions, Cross margin, leverage 4 on BTCUSDT"));
                Assert.That(host.Output, Does.Contain("Trading up in sim mode: quoting BTCUSDT on Bybit linear; hedges on the simulated MEXC venue"));
                Assert.That(root.GetProperty("recordingCompleted").GetBoolean(), Is.True);
                Assert.That(
                    venues.Count(v => v.GetProperty("venue").GetString() == "bybit-linear" && v.GetProperty("fills").GetInt32() > 0),
                    Is.EqualTo(1),
                    "filled on Bybit linear through the private stream");
                Assert.That(venues.Any(v => v.GetProperty("venue").GetString() == "mexc" && v.GetProperty("fills").GetInt32() > 0), Is.True, "hedged on the simulated MEXC venue");
                Assert.That(orders.Where(line => line.Contains("Bybit 10006", StringComparison.Ordinal)), Is.Empty, "never over Bybit's order rate: the adapter paces order entry");
                Assert.That(root.GetProperty("killSwitchTrips").GetArrayLength(), Is.Zero);
                SimModeTests.AssertTheSummaryAddsUp(root, File.ReadAllLines(Path.Combine(directory, "market-maker-fills.csv")));
                Assert.That(root.GetProperty("venueOpenOrdersAtExit").GetInt32(), Is.Zero, "nothing of ours left at either simulated venue");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
