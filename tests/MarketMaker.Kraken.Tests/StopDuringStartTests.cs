using static MarketMaking.Testing.Eventually;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// SIGTERM at moments spread over the host's start (sim mode, its metrics web server on): whatever the moment, the
/// process ends with one of its documented exit codes and the message that goes with it, never with exit code 1, a
/// stack trace or a run left without its summary. A stop that landed in the web server's start, after the trading
/// service's, once ended a run with exit code 1 and nothing printed (<see cref="HostRunTests"/> for the cause).
/// </summary>
public sealed class StopDuringStartTests
{
    [Test]
    public async Task ASigtermAtAnyMomentOfTheStart_EndsWithADocumentedExitCode_AndTheMessageThatGoesWithIt()
    {
        var outcomes = new List<string>();
        foreach (var delay in new[] { 0, 50, 150, 300, 500, 650, 750, 850, 950, 1_050, 1_200 })
        {
            var directory = Directory.CreateTempSubdirectory("mm-stop-start-").FullName;
            try
            {
                var port = HostProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
                using var host = HostProcess.Start(directory, new Dictionary<string, string>(), "--speed", "30", "--metrics-port", port);

                // Printed once the simulated venues listen, just before the host's services are built and started.
                await WaitForAsync(() => host.Output.Contains("sim mode: quoting", StringComparison.Ordinal) || host.HasExited, "the sim mode's first line", rounds: 6_000);
                await Task.Delay(delay);
                host.Terminate();
                var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(90));
                outcomes.Add($"SIGTERM {delay} ms after the first line: exit {exitCode}");

                using (Assert.EnterMultipleScope())
                {
                    // 143: before the services began to start, the runtime's own answer to the signal (docs/host.md).
                    Assert.That(exitCode, Is.AnyOf(0, 3, 4, 143), $"SIGTERM {delay} ms after the first line; errors:\n{host.Errors}");
                    Assert.That(host.Errors, Does.Not.Contain("Unhandled exception").And.Not.Contain("   at "), "no stack trace");
                    if (exitCode is 0 or 4)
                    {
                        Assert.That(host.Output, Does.Contain("=== market-maker-kraken summary (sim) ==="), "a run that traded ends with its summary");
                    }

                    if (exitCode == 3)
                    {
                        Assert.That(host.Errors, Does.Contain("stopped (SIGINT/SIGTERM) before trading started"));
                    }
                }
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        TestContext.Out.WriteLine(string.Join(Environment.NewLine, outcomes));
    }
}
