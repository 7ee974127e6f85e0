using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MarketMaking.Testing;
using static MarketMaking.Testing.Eventually;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// The host runs the strategy its configuration names: the bundled Avellaneda-Stoikov, or the sample's JoinTheTouch
/// loaded from its built assembly, each with the host's risk, hedging, metrics and summary around it.
/// </summary>
public sealed class StrategyChoiceTests
{
    [Test]
    public async Task AvellanedaStoikov_ChosenByConfiguration_TradesTheRecording_WithMetricsAndSummary()
    {
        // Paced at 30x, a minute of the recording passes in 2 s of the wall clock the strategy's sampling follows:
        // a faster sampling lets its volatility estimate warm up within the run.
        var (exitCode, output, errors, summary, metrics) = await RunAsync(
            new Dictionary<string, string>
            {
                ["AvellanedaStoikov__VolatilitySampleInterval"] = "00:00:00.100",
                ["AvellanedaStoikov__VolatilityWarmUp"] = "10",
                ["AvellanedaStoikov__RefreshInterval"] = "00:00:00.200",
            },
            "--strategy", "avellaneda-stoikov");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, errors);
            Assert.That(summary.GetProperty("strategy").GetString(), Is.EqualTo("avellaneda-stoikov"));
            Assert.That(output, Does.Contain("Strategy avellaneda-stoikov; ran"));
            Assert.That(summary.GetProperty("orders").GetProperty("placed").GetInt32(), Is.GreaterThan(0));
            Assert.That(summary.GetProperty("fills").GetInt32(), Is.GreaterThan(0));
            Assert.That(summary.GetProperty("venueOpenOrdersAtExit").GetInt32(), Is.Zero);
            Assert.That(metrics, Does.Match("(?m)^mm_oms_fills_total(\\{[^}]*\\})? [1-9]"), "fills counted in /metrics");
        });
    }

    [Test]
    public async Task TheSamplesJoinTheTouch_FromItsBuiltAssembly_TradesTheRecording_WithItsSettingsFromConfiguration()
    {
        var (exitCode, output, errors, summary, metrics) = await RunAsync(
            new Dictionary<string, string>
            {
                ["StrategySettings__quoteSize"] = "0.001",
                ["StrategySettings__inventoryCap"] = "0.003",
            },
            "--strategy-assembly", RepoPaths.JoinTheTouchAssembly());

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, errors);
            Assert.That(summary.GetProperty("strategy").GetString(), Is.EqualTo("join-the-touch"), "the strategy's own name");
            Assert.That(summary.GetProperty("orders").GetProperty("placed").GetInt32(), Is.GreaterThan(0));
            Assert.That(summary.GetProperty("fills").GetInt32(), Is.GreaterThan(0));
            var kraken = summary.GetProperty("venues").EnumerateArray().Single(p => p.GetProperty("venue").GetString() == "kraken");
            Assert.That(Math.Abs(kraken.GetProperty("position").GetDecimal()), Is.LessThanOrEqualTo(0.003m), "its inventory cap, read from StrategySettings, held");
            Assert.That(summary.GetProperty("venueOpenOrdersAtExit").GetInt32(), Is.Zero);
            Assert.That(metrics, Does.Match("(?m)^mm_oms_fills_total(\\{[^}]*\\})? [1-9]"), "fills counted in /metrics");
            Assert.That(output, Does.Contain("Strategy join-the-touch; ran"));
        });
    }

    [Test]
    public async Task AStrategyThatCannotBeBuilt_IsRefusedWithEveryReason_BeforeAnythingStarts()
    {
        var (exitCode, output, errors) = await BadConfigurationTests.RunAsync(
            new Dictionary<string, string>
            {
                ["StrategySettings__quoteSise"] = "0.001",
                ["StrategySettings__inventoryCap"] = "lots",
            },
            "--strategy-assembly", RepoPaths.JoinTheTouchAssembly());
        var (unknownExit, _, unknownErrors) = await BadConfigurationTests.RunAsync(new Dictionary<string, string>(), "--strategy", "avellaneda");
        var (missingExit, _, missingErrors) = await BadConfigurationTests.RunAsync(new Dictionary<string, string>(), "--strategy-assembly", "no/such/Strategy.dll");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(errors, Does.Contain("fix these 3 problems"), errors);
            Assert.That(errors, Does.Contain("JoinTheTouch.JoinTheTouchStrategy needs StrategySettings:quoteSize (a number"));
            Assert.That(errors, Does.Contain("StrategySettings:inventoryCap 'lots' is not a number"));
            Assert.That(errors, Does.Contain("StrategySettings:quoteSise is not a setting; did you mean quoteSize?"));
            Assert.That(output, Does.Not.Contain("Trading up"), "nothing started, no order sent");
            Assert.That(unknownExit, Is.EqualTo(2));
            Assert.That(unknownErrors, Does.Contain("Host:Strategy 'avellaneda' is not market-maker or avellaneda-stoikov"));
            Assert.That(missingExit, Is.EqualTo(2));
            Assert.That(missingErrors, Does.Contain("Strategy.dll does not exist"));
            Assert.That(errors + unknownErrors + missingErrors, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    /// <summary>The sample's strategy as built by <c>tests/JoinTheTouch.Sample</c> in this configuration.</summary>
    private static async Task<(int ExitCode, string Output, string Errors, JsonElement Summary, string Metrics)> RunAsync(Dictionary<string, string> environment, params string[] arguments)
    {
        var directory = Directory.CreateTempSubdirectory("mm-strategy-").FullName;
        try
        {
            var port = HostProcess.FreePort();
            using var host = HostProcess.Start(directory, environment, [.. arguments, "--speed", "30", "--metrics-port", port.ToString(CultureInfo.InvariantCulture)]);
            using var http = new HttpClient();
            var metrics = string.Empty;
            await WaitForAsync(
                () =>
                {
                    metrics = HostProcess.TryGet(http, $"http://127.0.0.1:{port}/metrics");
                    return Regex.IsMatch(metrics, "(?m)^mm_oms_fills_total(\\{[^}]*\\})? [1-9]") || host.HasExited;
                },
                "fills in /metrics",
                rounds: 12_000);
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromMinutes(3));
            var path = Path.Combine(directory, "market-maker-summary.json");
            using var summary = JsonDocument.Parse(File.Exists(path) ? await File.ReadAllTextAsync(path) : "{}");
            TestContext.Out.WriteLine(host.Output);
            return (exitCode, host.Output, host.Errors, summary.RootElement.Clone(), metrics);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
