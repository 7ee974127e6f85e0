using System.Text.Json;
using MarketMaking.Testing;
using static MarketMaking.Testing.Eventually;

namespace MarketMaker.Kraken.Tests;

/// <summary>The default run, as the README's command runs it: sim mode on the bundled real recordings, to the end.</summary>
public sealed class SimModeTests
{
    [Test]
    public async Task DefaultSimRun_ReplaysTheBundledRecordingToTheEnd_ServesMetrics_AndWritesANonZeroSummary()
    {
        var directory = Directory.CreateTempSubdirectory("mm-host-").FullName;
        try
        {
            var port = HostProcess.FreePort();
            using var host = HostProcess.Start(directory, new Dictionary<string, string>(), "--speed", "30", "--metrics-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

            // Scrape /metrics while it quotes, until fills are counted.
            using var http = new HttpClient();
            var metrics = string.Empty;
            await WaitForAsync(
                () =>
                {
                    metrics = TryGet(http, $"http://127.0.0.1:{port}/metrics");
                    // Counted, not merely served: the series is there from the start, at 0.
                    return System.Text.RegularExpressions.Regex.IsMatch(metrics, "(?m)^mm_oms_fills_total(\\{[^}]*\\})? [1-9]") || host.HasExited;
                },
                "fills in /metrics",
                rounds: 12_000);
            var health = TryGet(http, $"http://127.0.0.1:{port}/health");
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
                Assert.That(root.GetProperty("positions").EnumerateArray().Any(p => p.GetProperty("quantity").GetDecimal() != 0), Is.True, "a position on some venue");
                Assert.That(root.GetProperty("realizedPnl").GetDecimal(), Is.Not.Zero);
                Assert.That(root.GetProperty("hedges").GetProperty("orders").GetInt32(), Is.GreaterThan(0));
                Assert.That(
                    root.GetProperty("positions").EnumerateArray().Any(p => p.GetProperty("venue").GetString() == "mexc" && p.GetProperty("instrument").GetString() == "BTCUSDT"),
                    Is.True,
                    "hedged on the simulated MEXC venue, in MEXC's naming");
                Assert.That(root.GetProperty("openOrdersAtExit").GetInt32(), Is.Zero);
                Assert.That(root.GetProperty("venueOpenOrdersAtExit").GetInt32(), Is.Zero, "nothing of ours left at the simulated venues");

                // Every series docs/host.md names, scraped during the run.
                Assert.That(DocumentedMetrics(), Has.Count.GreaterThanOrEqualTo(18));
                foreach (var series in DocumentedMetrics())
                {
                    Assert.That(metrics, Does.Match($"(?m)^{series}(_bucket)?[{{ ]"), $"{series}, named in docs/host.md, is served");
                }

                Assert.That(health, Does.Contain("Healthy"));
            });
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
                Assert.That(host.Output, Does.Contain("sim mode: replaying"));
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

    private static string TryGet(HttpClient http, string url)
    {
        try
        {
            return http.GetStringAsync(new Uri(url)).GetAwaiter().GetResult();
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
    }

    /// <summary>The metric names the host's documentation lists under <c>/metrics</c>.</summary>
    private static List<string> DocumentedMetrics()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.RepositoryRoot, "docs", "host.md"));
        var start = doc.IndexOf("- `/metrics`", StringComparison.Ordinal);
        var bullet = doc[start..doc.IndexOf("\n- ", start + 1, StringComparison.Ordinal)];
        return [.. System.Text.RegularExpressions.Regex.Matches(bullet, "`(mm_[A-Za-z_]+)").Select(m => m.Groups[1].Value).Distinct()];
    }
}
