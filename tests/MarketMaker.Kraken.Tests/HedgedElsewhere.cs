using MarketMaking.Simulation.KrakenProtocol;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// A live run quoting the Kraken-protocol simulator and hedging on another venue's simulator: the test plays both
/// venues' markets (the hedge venue's a little at a time, so that its book is never stale for the kill switch) until the
/// hedge venue reports a fill of ours, waits for the host to report the hedge executed, and stops it with SIGTERM.
/// </summary>
internal static class HedgedElsewhere
{
    /// <summary>
    /// A hedge from the first fill on, on a venue whose minimum is 5 USDT: a slow run may get one fill only (the CI run of
    /// ea04a3e: net 0.001 all run at a threshold of 0.002, and no hedge).
    /// </summary>
    public const string FromTheFirstFill = "0.0005";

    /// <summary>Live mode quoting the Kraken-protocol simulator and hedging BTCUSDT on another venue beyond a threshold (in BTC).</summary>
    /// <param name="kraken">The Kraken-protocol simulator quoted.</param>
    /// <param name="options">Its options (the keys it accepts).</param>
    /// <param name="hedgeVenue">The hedge venue's id (<c>Inventory:Hedging:Venue</c>).</param>
    /// <param name="threshold">The net position hedged beyond, in BTC.</param>
    /// <returns>The environment; the caller adds the hedge venue's keys and URLs.</returns>
    public static Dictionary<string, string> Environment(KrakenSimulatorServer kraken, KrakenSimulatorOptions options, string hedgeVenue, string threshold)
    {
        var environment = LiveModeTests.AsKraken(kraken, options);
        environment["Inventory__Hedging__Policy"] = "CrossExchange";
        environment["Inventory__Hedging__Venue"] = hedgeVenue;
        environment["Inventory__Hedging__Symbol"] = "BTCUSDT";
        environment["Inventory__Hedging__Threshold"] = threshold;
        return environment;
    }

    /// <summary>Runs the host to its exit.</summary>
    /// <param name="kraken">The Kraken-protocol simulator quoted.</param>
    /// <param name="directory">The host's working directory.</param>
    /// <param name="environment">The environment: Kraken's, and the hedge venue's settings and keys.</param>
    /// <param name="replayHedgeVenue">Plays a few more events of the hedge venue's market.</param>
    /// <param name="hedgeFills">Reads how many fills of ours the hedge venue holds.</param>
    /// <param name="beforeStop">Reads the hedge venue once the hedge is reported, before the SIGTERM.</param>
    /// <returns>The exit code, the host (the caller disposes it), the hedge venue's fills, and what <paramref name="beforeStop"/> read.</returns>
    public static async Task<(int ExitCode, HostProcess Host, int HedgeFills, T BeforeStop)> RunAsync<T>(
        KrakenSimulatorServer kraken, string directory, Dictionary<string, string> environment, Func<Task> replayHedgeVenue, Func<Task<int>> hedgeFills, Func<Task<T>> beforeStop)
    {
        var host = HostProcess.Start(directory, environment, "--mode", "live", "--yes", "--metrics-port", "-1");
        for (var i = 0; i < 6_000 && kraken.BookSubscriptionCount == 0 && !host.HasExited; i++)
        {
            await Task.Delay(10);
        }

        var fills = 0;
        for (var i = 0; i < 2_000 && fills == 0 && !host.HasExited; i++)
        {
            await kraken.ReplayAsync(100);
            await replayHedgeVenue();
            await Task.Delay(20);
            fills = await hedgeFills();
        }

        for (var i = 0; i < 4_000 && !host.Output.Contains("Hedges: 1 executed", StringComparison.Ordinal) && !host.HasExited; i++)
        {
            await Task.Delay(10);
        }

        var read = await beforeStop();
        host.Terminate();
        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
        TestContext.Out.WriteLine(host.Output);
        return (exitCode, host, fills, read);
    }
}
