using System.Text.Json;
using MarketMaking.Testing;
using static MarketMaking.Testing.Eventually;

namespace MarketMaker.Kraken.Tests;

/// <summary>The default run, as the README's command runs it: sim mode on the bundled real recordings, to the end.</summary>
public sealed class SimModeTests
{
    [Test]
    public async Task DefaultSimRun_ReplaysTheBundledRecordingToTheEnd_ServesMetrics_AndWritesANonZeroSummary_AndTheReport()
    {
        var directory = Directory.CreateTempSubdirectory("mm-host-").FullName;
        try
        {
            var port = HostProcess.FreePort();
            using var host = HostProcess.Start(directory, new Dictionary<string, string>(), "--speed", "30", "--metrics-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--report", "report");

            // Scrape /metrics while it quotes, until fills are counted and every documented series is served. One scrape
            // reads each instrument in turn, not one snapshot: a fill applied between two reads can be counted before the
            // position it makes appears (mm_position has a point per position, none before the first fill).
            using var http = new HttpClient();
            var metrics = string.Empty;
            await WaitForAsync(
                () =>
                {
                    metrics = HostProcess.TryGet(http, $"http://127.0.0.1:{port}/metrics");
                    // Counted, not merely served: the series is there from the start, at 0.
                    return (System.Text.RegularExpressions.Regex.IsMatch(metrics, "(?m)^mm_oms_fills_total(\\{[^}]*\\})? [1-9]") && DocumentedMetrics().All(m => Served(metrics, m)))
                        || host.HasExited;
                },
                "fills and every documented series in /metrics",
                rounds: 12_000);
            var health = HostProcess.TryGet(http, $"http://127.0.0.1:{port}/health");
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromMinutes(3));

            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "market-maker-summary.json")));
            var root = summary.RootElement;
            TestContext.Out.WriteLine(host.Output);
            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(host.Output, Does.Contain("=== market-maker-kraken summary (sim) ==="));
                Assert.That(root.GetProperty("mode").GetString(), Is.EqualTo("sim"));
                Assert.That(root.GetProperty("recordingCompleted").GetBoolean(), Is.True, "ran to the end of the recording");
                Assert.That(root.GetProperty("seed").GetInt32(), Is.EqualTo(1), "the simulated venues' default seed, reported");
                Assert.That(root.GetProperty("orders").GetProperty("placed").GetInt32(), Is.GreaterThan(0));
                Assert.That(root.GetProperty("fills").GetInt32(), Is.GreaterThan(0));
                Assert.That(root.GetProperty("venues").EnumerateArray().Any(p => p.GetProperty("position").GetDecimal() != 0), Is.True, "a position on some venue");
                Assert.That(root.GetProperty("hedges").GetProperty("orders").GetInt32(), Is.GreaterThan(0));
                Assert.That(
                    root.GetProperty("venues").EnumerateArray().Any(p => p.GetProperty("venue").GetString() == "mexc" && p.GetProperty("instrument").GetString() == "BTCUSDT"),
                    Is.True,
                    "hedged on the simulated MEXC venue, in MEXC's naming");
                AssertTheSummaryAddsUp(root, File.ReadAllLines(Path.Combine(directory, "market-maker-fills.csv")));
                Assert.That(root.GetProperty("openOrdersAtExit").GetInt32(), Is.Zero);
                Assert.That(root.GetProperty("venueOpenOrdersAtExit").GetInt32(), Is.Zero, "nothing of ours left at the simulated venues");

                // Every series docs/host.md names, scraped during the run.
                Assert.That(DocumentedMetrics(), Has.Count.GreaterThanOrEqualTo(18));
                foreach (var series in DocumentedMetrics())
                {
                    Assert.That(Served(metrics, series), Is.True, $"{series}, named in docs/host.md, is served");
                }

                Assert.That(health, Does.Contain("Healthy"));
            });

            // The report mm backtest writes, from the same recorders: the page drawn, the figures adding up, and the
            // summary's figures.
            var report = Path.Combine(directory, "report");
            var page = await ReportChecks.AssertPageDrawnAsync(report);
            ReportChecks.AssertFiguresAddUp(report, page);
            using var stats = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(report, "stats.json")));
            Assert.That(
                stats.RootElement.GetProperty("totals").GetProperty("net").GetDecimal(),
                Is.EqualTo(root.GetProperty("totals").GetProperty("net").GetDecimal()),
                "the report's net is the summary's");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task KrakenKeysInTheEnvironmentAndDotEnv_WithoutMode_RunSim_AndNeverReachTheKrakenUrl()
    {
        var directory = Directory.CreateTempSubdirectory("mm-host-").FullName;
        using var kraken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        kraken.Start();
        var krakenUrl = $"http://127.0.0.1:{((System.Net.IPEndPoint)kraken.LocalEndpoint).Port}/";
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, ".env"), "KRAKEN_API_KEY=dotenv-key-1234\nKRAKEN_API_SECRET=ZG90ZW52LXNlY3JldA==\n");
            using var host = HostProcess.Start(
                directory,
                new Dictionary<string, string>
                {
                    ["KRAKEN_API_KEY"] = "env-key-5678",
                    ["KRAKEN_API_SECRET"] = "ZW52LXNlY3JldA==",
                    ["Kraken__RestBaseUrl"] = krakenUrl,
                    ["Kraken__PublicWebSocketUrl"] = krakenUrl.Replace("http", "ws", StringComparison.Ordinal),
                    ["Kraken__PrivateWebSocketUrl"] = krakenUrl.Replace("http", "ws", StringComparison.Ordinal),
                },
                "--duration", "3", "--metrics-port", "-1");
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromMinutes(2));

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(host.Output, Does.Contain("sim mode: quoting BTC/USDT on the Kraken-protocol simulator"));
                Assert.That(host.Output, Does.Contain("=== market-maker-kraken summary (sim) ==="));
                Assert.That(host.Output, Does.Not.Contain("LIVE TRADING"));
                Assert.That(kraken.Pending(), Is.False, "nothing connected to the Kraken URL the keys would have traded on");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// A sim run's summary with a venue quoted and another hedged: run to the end of the recording, filled on the quoted
    /// venue under its own symbol, hedged on the other, the figures adding up, nothing left open or resting.
    /// </summary>
    internal static void AssertQuotedAndHedged(JsonElement root, string directory, string quoted, string instrument, string hedge)
    {
        var venues = root.GetProperty("venues").EnumerateArray().ToArray();
        Assert.That(root.GetProperty("recordingCompleted").GetBoolean(), Is.True, "ran to the end of the recording");
        Assert.That(
            venues.Count(v => v.GetProperty("venue").GetString() == quoted && v.GetProperty("instrument").GetString() == instrument && v.GetProperty("fills").GetInt32() > 0),
            Is.EqualTo(1),
            $"filled on {quoted}, in its naming, through its user stream");
        Assert.That(root.GetProperty("hedges").GetProperty("orders").GetInt32(), Is.GreaterThan(0), "the position hedged");
        Assert.That(venues.Any(v => v.GetProperty("venue").GetString() == hedge && v.GetProperty("fills").GetInt32() > 0), Is.True, $"hedged on the simulated {hedge} venue");
        AssertTheSummaryAddsUp(root, File.ReadAllLines(Path.Combine(directory, "market-maker-fills.csv")));
        Assert.That(root.GetProperty("openOrdersAtExit").GetInt32(), Is.Zero);
        Assert.That(root.GetProperty("venueOpenOrdersAtExit").GetInt32(), Is.Zero, "nothing of ours left at either simulated venue");
    }

    /// <summary>
    /// The summary's identities: per venue gross = spread + inventory and net = gross − fees; the venues add up to the
    /// totals; the fills CSV's rows add up to each venue's fills, volume and fees; money is in cents.
    /// </summary>
    internal static void AssertTheSummaryAddsUp(JsonElement root, string[] csv)
    {
        var venues = root.GetProperty("venues").EnumerateArray().ToArray();
        var totals = root.GetProperty("totals");
        var header = csv[0].Split(',');
        var rows = csv.Skip(1).Select(line => line.Split(',')).ToArray();
        decimal Column(string[] row, string name) => decimal.Parse(row[Array.IndexOf(header, name)], System.Globalization.CultureInfo.InvariantCulture);
        decimal Money(JsonElement element, string name) => element.GetProperty(name).GetDecimal();

        Assert.That(venues, Has.Length.EqualTo(2), "the quoted venue and the hedge venue");
        Assert.That(rows, Has.Length.EqualTo(root.GetProperty("fills").GetInt32()), "one CSV row per fill");
        foreach (var venue in venues)
        {
            var name = venue.GetProperty("venue").GetString();
            var own = rows.Where(r => r[Array.IndexOf(header, "venue")] == name).ToArray();
            Assert.That(Money(venue, "gross"), Is.EqualTo(Money(venue, "spreadCapture") + Money(venue, "inventory")), $"{name}: gross = spread + inventory");
            Assert.That(Money(venue, "net"), Is.EqualTo(Money(venue, "gross") - Money(venue, "fees")), $"{name}: net = gross - fees");
            Assert.That(own, Has.Length.EqualTo(venue.GetProperty("fills").GetInt32()), $"{name}: its CSV rows");
            Assert.That(own.Sum(r => Column(r, "quantity")), Is.EqualTo(venue.GetProperty("volume").GetDecimal()), $"{name}: the CSV's quantities add up to its volume");
            Assert.That(decimal.Round(own.Sum(r => Column(r, "fee")), 2, MidpointRounding.AwayFromZero), Is.EqualTo(Money(venue, "fees")), $"{name}: the CSV's fees add up to its fees");
            Assert.That(venue.GetProperty("venueName").GetString(), Does.Contain("replaying Binance"), $"{name}: its name says what it replays");
            Assert.That(venue.GetProperty("feeSchedule").GetString(), Does.Match("^(kraken-spot|mexc-spot|binance-spot|binance-usdm|bybit-spot|bybit-linear)"), $"{name}: its named fee schedule");
            foreach (var field in new[] { "gross", "spreadCapture", "inventory", "fees", "net", "notional" })
            {
                Assert.That(Money(venue, field), Is.EqualTo(decimal.Round(Money(venue, field), 2)), $"{name}: {field} in cents");
            }
        }

        foreach (var field in new[] { "gross", "spreadCapture", "fees", "net", "notional" })
        {
            Assert.That(Money(totals, field), Is.EqualTo(venues.Sum(v => Money(v, field))), $"the venues' {field} add up to the total (both quote in USDT, counted at 1)");
        }

        Assert.That(Money(totals, "net"), Is.EqualTo(Money(totals, "gross") - Money(totals, "fees")), "total net = gross - fees");
    }

    /// <summary>Whether a scrape has a point of the series (a histogram's by its buckets).</summary>
    private static bool Served(string metrics, string series) => System.Text.RegularExpressions.Regex.IsMatch(metrics, $"(?m)^{series}(_bucket)?[{{ ]");

    /// <summary>The metric names the host's documentation lists under <c>/metrics</c>.</summary>
    private static List<string> DocumentedMetrics()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.RepositoryRoot, "docs", "host.md"));
        var start = doc.IndexOf("- `/metrics`", StringComparison.Ordinal);
        var bullet = doc[start..doc.IndexOf("\n- ", start + 1, StringComparison.Ordinal)];
        return [.. System.Text.RegularExpressions.Regex.Matches(bullet, "`(mm_[A-Za-z_]+)").Select(m => m.Groups[1].Value).Distinct()];
    }
}
