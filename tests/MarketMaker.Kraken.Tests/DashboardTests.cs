using System.Diagnostics;
using System.Text.RegularExpressions;
using MarketMaker.Kraken.Dashboard;
using MarketMaker.Kraken.Reporting;
using MarketMaking.Simulation.Reporting;
using Spectre.Console.Testing;

namespace MarketMaker.Kraken.Tests;

/// <summary>The dashboard keeps the terminal to itself: log lines go to the file it names; its ladder is by price.</summary>
public sealed class DashboardTests
{
    [Test]
    public async Task InATerminal_WhileWarningsAreLogged_NoLogTextReachesTheScreen_AndTheNamedFileHasThem()
    {
        var directory = Directory.CreateTempSubdirectory("mm-dashboard-").FullName;
        try
        {
            // A real pseudo-terminal (util-linux script), so that the host draws its dashboard as it would for a user. Orders
            // above 100 USD of notional are denied by risk: a warning each time, while the dashboard is up.
            var host = Path.Combine(AppContext.BaseDirectory, "market-maker-kraken.dll");
            var start = new ProcessStartInfo("script")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                WorkingDirectory = directory,
            };
            foreach (var argument in new[] { "-q", "-e", "-c", $"dotnet '{host}' --speed 30 --duration 8 --metrics-port -1", "/dev/null" })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["Risk__Limits__MaxOrderNotional"] = "100";
            start.Environment["COLUMNS"] = "140";
            start.Environment["LINES"] = "60";
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var screen = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            var text = Regex.Replace(await screen, "\u001b\\[[0-9;?]*[A-Za-z]", string.Empty);

            var log = Path.Combine(directory, "market-maker.log");
            var warnings = File.Exists(log) ? File.ReadAllLines(log).Where(l => l.Contains(" WARN ", StringComparison.Ordinal)).ToArray() : [];
            var lastFrame = text[text.LastIndexOf("│ side", StringComparison.Ordinal)..];
            var ladderPrices = Regex.Matches(lastFrame[..lastFrame.IndexOf('╰', StringComparison.Ordinal)], "│ (?:best|our) (?:bid|ask) +│ ([0-9.]+)")
                .Select(m => decimal.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(process.ExitCode, Is.Zero, errors.Result);
                Assert.That(text, Does.Contain("market-maker-kraken · sim · strategy market-maker"), "the dashboard was drawn");
                Assert.That(text, Does.Contain("every log line goes to"), "the log file is named on screen");
                Assert.That(warnings, Is.Not.Empty, "warnings were logged while the dashboard was up (to the file)");
                Assert.That(warnings, Has.Some.Contains("denied"), "the risk denials");
                Assert.That(text, Does.Not.Contain("denied before sending").And.Not.Contain("warn:"), "no log text on the screen");
                foreach (var warning in warnings)
                {
                    var message = warning[(warning.IndexOf(": ", StringComparison.Ordinal) + 2)..];
                    Assert.That(text, Does.Not.Contain(message[..Math.Min(40, message.Length)]), "a warning's text on the screen");
                }
                Assert.That(ladderPrices, Has.Length.GreaterThanOrEqualTo(2));
                Assert.That(ladderPrices, Is.Ordered.Descending, "the ladder, highest price first");
                Assert.That(text, Does.Contain("=== market-maker-kraken summary (sim) ==="), "the summary after the dashboard");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void TheLadder_IsDrawnByPrice_OurBidsBelowTheBestBidUnderIt_AndEachVenuesPnlAsTheSummaryPrintsIt()
    {
        var kraken = new VenuePnl("kraken", "Kraken-protocol simulator", "BTC/USDT", "BTC", "USDT", "kraken-spot-10m", 0.003m, 61000m, 61010m, 4, 0.004m, 244.05m, 1.25m, 0.40m, 0.85m, 0m, 1.25m);
        var view = new DashboardView(
            "market-maker-kraken · sim · strategy market-maker",
            "BTC/USDT on kraken",
            [
                new LadderRow(LadderRowKind.OurBid, 99.80m, 0.002m, "Accepted"),
                new LadderRow(LadderRowKind.BestAsk, 100.01m, 1m, string.Empty),
                new LadderRow(LadderRowKind.OurAsk, 100.30m, 0.002m, "Accepted"),
                new LadderRow(LadderRowKind.BestBid, 100.00m, 2m, string.Empty),
                new LadderRow(LadderRowKind.OurBid, 99.90m, 0.001m, "Accepted"),
            ],
            "Orders: 5 total",
            [kraken],
            new PnlTotals(244.05m, 1.25m, 0.40m, 0.85m, 0m, 1.25m),
            "0.003 BTC over all venues (largest 0.004 BTC)",
            "0 orders",
            "kraken/public Connected",
            "60 of 60 points",
            "Active; kill switch armed",
            "100.0 % (both sides 100.0 %)",
            "0 warnings or errors so far; every log line goes to /tmp/market-maker.log");
        var console = new TestConsole().Width(200);

        console.Write(DashboardRenderer.Render(view));

        var lines = console.Lines;
        int Row(string label, string price) => lines.ToList().FindIndex(l => l.Contains(label, StringComparison.Ordinal) && l.Contains(price, StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(new[] { Row("our ask", "100.3"), Row("best ask", "100.01"), Row("best bid", "100.00"), Row("our bid", "99.90"), Row("our bid", "99.80") }, Is.Ordered.Ascending.And.All.GreaterThanOrEqualTo(0));
            Assert.That(console.Output, Does.Contain(Figures.Pnl(kraken)), "the venue's PnL, in the summary's words");
            Assert.That(console.Output, Does.Contain(Figures.Totals(view.Totals)));
        });
    }
}
