using System.Globalization;
using System.Text.Json;

namespace MarketMaking.Cli.Tests;

/// <summary>
/// <c>mm backtest</c>'s report, as a user opens it: the page in a real headless Chromium (the system's, installed by
/// <c>eng/scripts/install-chromium.sh</c>) with every chart drawn and nothing fetched from the network, and the
/// statistics and CSVs adding up; <c>mm report</c> rebuilding it, and refusing a corrupt folder with one line.
/// </summary>
public sealed class ReportPageTests
{
    private static readonly string[] s_charts = ["chart-equity", "chart-position", "chart-quotes", "chart-drawdown", "chart-markouts", "chart-fill-distance"];
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("mm-report-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task TheDefaultBacktestsReport_OpensInChromiumWithEveryChartDrawn_AndItsFiguresAddUp()
    {
        var (exitCode, output, errors) = MmProcess.Run(_folder, "backtest", "--output", "run");
        Assert.That(exitCode, Is.Zero, output + errors);
        var run = Path.Combine(_folder, "run");

        var page = await Chromium.OpenAsync(Path.Combine(run, "report.html"), s_charts);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.ChartsState, Is.EqualTo("rendered"));
            Assert.That(page.Errors, Is.Empty, "script errors on the page");
            Assert.That(page.Requests, Is.Empty, "the page must open with no network");
            foreach (var chart in s_charts)
            {
                var drawn = page.Charts[chart];
                Assert.That(drawn.Svg, Is.True, $"{chart}: no plot drawn");
                Assert.That(drawn.Traces, Is.EqualTo(drawn.Series).And.GreaterThan(0), $"{chart}: every series of its data drawn");
                Assert.That(drawn.Marks, Is.GreaterThan(0), $"{chart}: a drawn line or bar");
            }
        }

        using var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "stats.json")));
        var totals = stats.RootElement.GetProperty("totals");
        decimal Total(string name) => totals.GetProperty(name).GetDecimal();
        var fills = File.ReadAllLines(Path.Combine(run, "fills.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var orders = File.ReadAllLines(Path.Combine(run, "orders.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Total("spreadCapture") + Total("inventory") - Total("fees"), Is.EqualTo(Total("net")), "spread capture + inventory + fees and rebates = net");
            Assert.That(page.NetRow, Is.EqualTo(Total("net").ToString("0.00", CultureInfo.InvariantCulture)), "the page's net PnL");
            Assert.That(fills, Is.Not.Empty);
            Assert.That(fills.Sum(f => Number(f[5])), Is.EqualTo(stats.RootElement.GetProperty("statistics").GetProperty("volume").GetDecimal()), "the fills' quantities are the volume");
            foreach (var venue in stats.RootElement.GetProperty("venues").EnumerateArray())
            {
                var own = fills.Where(f => f[1] == venue.GetProperty("venue").GetString()).ToArray();
                Assert.That(Math.Round(own.Sum(f => Number(f[6])), 2, MidpointRounding.AwayFromZero), Is.EqualTo(venue.GetProperty("fees").GetDecimal()), $"{venue}: the fills' fees");
                Assert.That(own.Sum(f => Number(f[5])), Is.EqualTo(venue.GetProperty("volume").GetDecimal()), $"{venue}: the fills' quantities");
            }

            // Both venues quote in USDT, counted at 1 USD: the fills' fees are the total's, to a cent per venue.
            Assert.That(fills.Sum(f => Number(f[6])), Is.EqualTo(Total("fees")).Within(0.02m), "the fills' fees are the total");
            Assert.That(orders.Sum(o => Number(o[12])), Is.EqualTo(fills.Sum(f => Number(f[5]))), "the orders' filled quantities are the fills'");
            var counts = stats.RootElement.GetProperty("orders");
            Assert.That(orders, Has.Length.EqualTo(counts.GetProperty("placed").GetInt32() + counts.GetProperty("denied").GetInt32()), "one row per order placed or denied");
        }
    }

    [Test]
    public async Task MmReport_RebuildsThePageFromTheFolder_AndACorruptFileIsOneLineAndExit1()
    {
        Assert.That(MmProcess.Run(_folder, "backtest", "--output", "run").ExitCode, Is.Zero);
        var run = Path.Combine(_folder, "run");
        var page = Path.Combine(run, "report.html");
        var original = File.ReadAllText(page);
        File.Delete(page);

        var rebuilt = MmProcess.Run(_folder, "report", "run");
        Assert.That(rebuilt.ExitCode, Is.Zero, rebuilt.Errors);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rebuilt.Output.Trim(), Is.EqualTo($"written: {Path.Combine("run", "report.html")}"));
            Assert.That(File.ReadAllText(page), Is.EqualTo(original), "the same page the backtest wrote");
        }

        var equity = Path.Combine(run, "equity.csv");
        var lines = File.ReadAllLines(equity);
        lines[5] = lines[5].Replace(',', ';');
        File.WriteAllLines(equity, lines);
        var corrupt = MmProcess.Run(_folder, "report", "run");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(corrupt.ExitCode, Is.EqualTo(1));
            Assert.That(corrupt.Errors.Trim(), Is.EqualTo($"error: {Path.Combine("run", "equity.csv")}:6: 1 fields, expected 9"), "one line: the file and the line");
            Assert.That(corrupt.Output, Is.Empty);
            Assert.That(File.ReadAllText(page), Is.EqualTo(original), "the last good page is kept");
        }

        var missing = MmProcess.Run(_folder, "report", "nowhere");
        Assert.That((missing.ExitCode, missing.Errors.Trim()), Is.EqualTo((1, $"error: {Path.Combine("nowhere", "stats.json")}: missing (is this a backtest's output folder?)")));
    }

    private static decimal Number(string text) => decimal.Parse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

}
