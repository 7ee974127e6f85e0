using System.Globalization;
using System.Text.Json;

namespace MarketMaking.Testing;

/// <summary>
/// What a run's report folder (<c>mm backtest</c>'s, or the host's <c>--report</c>) must hold, as a user reads it: the
/// page in Chromium with every chart drawn and nothing fetched, and the statistics and CSVs adding up.
/// </summary>
internal static class ReportChecks
{
    /// <summary>The report page's charts, by element id.</summary>
    public static readonly string[] Charts = ["chart-equity", "chart-position", "chart-quotes", "chart-drawdown", "chart-markouts", "chart-fill-distance"];

    /// <summary>Opens <c>report.html</c> in Chromium and asserts that every chart drew every series, with no script error and no request.</summary>
    /// <param name="folder">The report folder.</param>
    /// <returns>The page as opened.</returns>
    public static async Task<Chromium.OpenedPage> AssertPageDrawnAsync(string folder)
    {
        var page = await Chromium.OpenAsync(Path.Combine(folder, "report.html"), Charts);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.ChartsState, Is.EqualTo("rendered"));
            Assert.That(page.Errors, Is.Empty, "script errors on the page");
            Assert.That(page.Requests, Is.Empty, "the page must open with no network");
            foreach (var chart in Charts)
            {
                var drawn = page.Charts[chart];
                Assert.That(drawn.Svg, Is.True, $"{chart}: no plot drawn");
                Assert.That(drawn.Traces, Is.EqualTo(drawn.Series).And.GreaterThan(0), $"{chart}: every series of its data drawn");
                Assert.That(drawn.Marks, Is.GreaterThan(0), $"{chart}: a drawn line or bar");
            }
        }

        return page;
    }

    /// <summary>
    /// Asserts that <c>stats.json</c>'s PnL split adds up to its net (and the page shows that net), that the fills CSV's
    /// quantities and fees are the volume and fees (per venue and in total), and that the orders CSV matches the counts.
    /// </summary>
    /// <param name="folder">The report folder.</param>
    /// <param name="page">The page as opened.</param>
    public static void AssertFiguresAddUp(string folder, Chromium.OpenedPage page)
    {
        using var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "stats.json")));
        var totals = stats.RootElement.GetProperty("totals");
        decimal Total(string name) => totals.GetProperty(name).GetDecimal();
        var fills = File.ReadAllLines(Path.Combine(folder, "fills.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var orders = File.ReadAllLines(Path.Combine(folder, "orders.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
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

    private static decimal Number(string text) => decimal.Parse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
}
