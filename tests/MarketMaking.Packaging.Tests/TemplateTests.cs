using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MarketMaking.Testing;

namespace MarketMaking.Packaging.Tests;

/// <summary>
/// The template, as docs/getting-started.md tells a user to take it: installed from the packed package, a strategy
/// made in an empty folder with a dotted name, then built and tested, then run in the host on the bundled recording.
/// </summary>
public sealed class TemplateTests
{
    [Test]
    public async Task TheTemplate_FromThePackedPackage_MakesAStrategyThatBuildsTestsAndRunsOnTheBundledRecording()
    {
        var work = Directory.CreateTempSubdirectory("mm-template-").FullName;
        try
        {
            var feed = Environment.GetEnvironmentVariable("MM_PACKAGE_FEED") is { Length: > 0 } given && Directory.Exists(given)
                ? Path.GetFullPath(given)
                : await PackAsync(Path.Combine(work, "feed"));
            var hive = Path.Combine(work, "hive");
            var empty = Directory.CreateDirectory(Path.Combine(work, "new")).FullName;

            var install = await RunAsync(empty, "dotnet", "new", "install", Path.Combine(feed, "MarketMaking.Templates.0.2.0.nupkg"), "--debug:custom-hive", hive);
            var created = await RunAsync(empty, "dotnet", "new", "marketmaking-strategy", "-n", "Acme.Skew", "--feed", feed, "--debug:custom-hive", hive);
            var project = Path.Combine(empty, "Acme.Skew");
            var tested = await RunAsync(project, "dotnet", "test", "Acme.Skew.Tests");
            var simulated = await RunAsync(project, "dotnet", "build", "Acme.Skew", "-t:Simulate", "-p:SimulateArguments=--speed 30 --duration 10 --metrics-port -1");

            var summaryPath = Path.Combine(project, "market-maker-summary.json");
            using var summary = JsonDocument.Parse(File.Exists(summaryPath) ? await File.ReadAllTextAsync(summaryPath) : "{}");
            var root = summary.RootElement;
            Assert.Multiple(() =>
            {
                Assert.That(install.ExitCode, Is.Zero, install.Output);
                Assert.That(created.ExitCode, Is.Zero, created.Output);
                Assert.That(File.ReadAllText(Path.Combine(project, "Acme.Skew", "Acme.SkewStrategy.cs")), Does.Contain("public sealed class AcmeSkewStrategy : IStrategy").And.Contain("\"acme-skew\""), "named from -n");
                Assert.That(File.ReadAllText(Path.Combine(project, "nuget.config")), Does.Contain(feed), "the package source it needs");
                Assert.That(tested.ExitCode, Is.Zero, tested.Output);
                Assert.That(tested.Output, Does.Contain("Passed!").And.Not.Contain("NU1101"));
                Assert.That(simulated.ExitCode, Is.Zero, simulated.Output);
                Assert.That(root.TryGetProperty("strategy", out var strategy) ? strategy.GetString() : null, Is.EqualTo("acme-skew"), simulated.Output);
                Assert.That(root.TryGetProperty("orders", out var orders) ? orders.GetProperty("placed").GetInt32() : 0, Is.GreaterThan(0), "it quoted on the recording");
                Assert.That(root.TryGetProperty("venueOpenOrdersAtExit", out var resting) ? resting.GetInt32() : -1, Is.Zero);
            });
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<string> PackAsync(string feed)
    {
        var packed = await RunAsync(RepoPaths.RepositoryRoot, Path.Combine(RepoPaths.RepositoryRoot, "eng", "scripts", "pack.sh"), feed);
        return packed.ExitCode == 0 ? feed : throw new InvalidOperationException("eng/scripts/pack.sh failed:\n" + packed.Output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string directory, string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The generated project restores on its own, not inside this repository's build settings.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }
}
