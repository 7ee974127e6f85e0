using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using MarketMaking.Models;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Testing;
using static MarketMaking.Testing.Eventually;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// What an operator sees and does while the host trades live against the Kraken-protocol simulator (rate limits on):
/// the control endpoint, which admits only the holder of the token the host wrote, and /health through a venue outage.
/// </summary>
public sealed class OperatorTests
{
    private static readonly InstrumentId s_served = InstrumentId.Create("BTC/USDT");

    [Test]
    public async Task TheControlEndpoint_RefusesARequestWithoutTheToken_AndHaltsAndResumesWithIt()
    {
        var options = new KrakenSimulatorOptions { Speed = 1 };
        await using var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(options);
        using var replay = new CancellationTokenSource();
        var directory = Directory.CreateTempSubdirectory("mm-control-").FullName;
        try
        {
            var (host, http, replaying) = await StartQuotingAsync(server, options, directory, replay.Token);
            using var stopHost = host;
            using var closeHttp = http;
            var tokenFile = Path.Combine(directory, "state", "control.token");
            var token = (await File.ReadAllTextAsync(tokenFile)).Trim();

            var withoutToken = await SendAsync(http, HttpMethod.Post, "control/halt", null);
            var wrongToken = await SendAsync(http, HttpMethod.Post, "control/halt", new string('0', 64));
            var statusWithoutToken = await SendAsync(http, HttpMethod.Get, "control/status", null);
            var stillActive = await SendAsync(http, HttpMethod.Get, "control/status", token);

            // Still quoting: a fill may take one side for a moment, so wait for both rather than look once.
            await WaitForAsync(() => QuotedSides(server) == 2 || host.HasExited, "still quoting both sides after the refused requests");

            var halt = await SendAsync(http, HttpMethod.Post, "control/halt", token, "test: incident drill");
            string health = string.Empty;
            await WaitForAsync(() => (health = Get(http, "health")).Contains("trading Halted", StringComparison.Ordinal) && SimulatorReads.Resting(server, s_served).Length == 0, "halted and flat at the venue", rounds: 6_000);
            var halted = await SendAsync(http, HttpMethod.Get, "control/status", token);

            var resume = await SendAsync(http, HttpMethod.Post, "control/resume", token);
            await WaitForAsync(() => QuotedSides(server) == 2 || host.HasExited, "quoting again", rounds: 12_000);
            var healthAfter = Get(http, "health");

            host.Terminate();
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
            await replay.CancelAsync();
            await replaying.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var mode = new FileInfo(tokenFile).UnixFileMode;
            TestContext.Out.WriteLine(host.Output + host.Errors);

            Assert.Multiple(() =>
            {
                Assert.That(withoutToken.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
                Assert.That(wrongToken.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
                Assert.That(statusWithoutToken.Status, Is.EqualTo(HttpStatusCode.Unauthorized), "even the status is the operator's");
                Assert.That(stillActive.Body, Does.Contain("\"trading\":\"Active\""), "the refused requests changed nothing");
                Assert.That(mode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "the token file is the user's alone");
                Assert.That(halt.Status, Is.EqualTo(HttpStatusCode.Accepted));
                Assert.That(health, Does.StartWith("Unhealthy: trading Halted: kill switch (Manual): operator: test: incident drill"));
                Assert.That(halted.Body, Does.Contain("\"trading\":\"Halted\"").And.Contain("\"latched\":\"CancelAll\""));
                Assert.That(resume.Status, Is.EqualTo(HttpStatusCode.Accepted));
                Assert.That(healthAfter, Does.StartWith("Healthy"));
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(host.Output + host.Errors, Does.Not.Contain(token), "the token is never logged");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task AVenueDown30Seconds_HealthSaysWhy_AndQuotingResumesWithin10SecondsOfItsReturn_WithoutARestart()
    {
        var options = new KrakenSimulatorOptions { Speed = 1 };
        var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(options);
        options.Port = server.RestBaseUrl.Port;
        var replay = new CancellationTokenSource();
        var directory = Directory.CreateTempSubdirectory("mm-outage-").FullName;
        try
        {
            var (host, http, replaying) = await StartQuotingAsync(server, options, directory, replay.Token);
            using var stopHost = host;
            using var closeHttp = http;
            var healthBefore = Get(http, "health");

            // The venue goes away for 30 s.
            await replay.CancelAsync();
            await replaying.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await server.DisposeAsync();
            var down = Stopwatch.StartNew();
            var healthDuring = new List<string>();
            while (down.Elapsed < TimeSpan.FromSeconds(30))
            {
                healthDuring.Add(Get(http, "health"));
                await Task.Delay(500);
            }

            // It comes back on the same port, empty, and replays its market again.
            server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(options);
            replay = new CancellationTokenSource();
            var back = Stopwatch.StartNew();
            replaying = server.ReplayAsync(cancellationToken: replay.Token);
            await WaitForAsync(() => QuotedSides(server) == 2 || host.HasExited, "quoting again", rounds: 6_000);
            var quotingAfter = back.Elapsed;
            var healthAfter = Get(http, "health");

            host.Terminate();
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
            TestContext.Out.WriteLine(host.Output);

            Assert.Multiple(() =>
            {
                Assert.That(healthBefore, Does.StartWith("Healthy"));
                Assert.That(healthDuring.Skip(4), Has.All.StartWith("Unhealthy: "), "503 while the venue is away (after the first 2 s it takes to notice)");
                Assert.That(healthDuring.Last(), Does.Contain("connection"), "and why: a connection down");
                Assert.That(quotingAfter, Is.LessThan(TimeSpan.FromSeconds(10)), "quoting again within 10 s of the venue's return");
                Assert.That(healthAfter, Does.StartWith("Healthy"));
                Assert.That(exitCode, Is.Zero, host.Errors);
            });
        }
        finally
        {
            await replay.CancelAsync();
            await server.DisposeAsync();
            replay.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Starts the host live against the simulator, replays the market and waits until the host quotes both sides.</summary>
    private static async Task<(HostProcess Host, HttpClient Http, Task Replaying)> StartQuotingAsync(KrakenSimulatorServer server, KrakenSimulatorOptions options, string directory, CancellationToken replay)
    {
        var port = HostProcess.FreePort();
        var host = HostProcess.Start(directory, LiveModeTests.AsKraken(server, options), "--mode", "live", "--yes", "--metrics-port", port.ToString(CultureInfo.InvariantCulture));
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await WaitForAsync(() => server.BookSubscriptionCount > 0 || host.HasExited, "the host subscribed", rounds: 6_000);
        var replaying = server.ReplayAsync(cancellationToken: replay);
        await WaitForAsync(() => QuotedSides(server) == 2 || host.HasExited, "quoting both sides", rounds: 12_000);
        return (host, http, replaying);
    }

    private static int QuotedSides(KrakenSimulatorServer server) =>
        SimulatorReads.Resting(server, s_served).Select(o => o.Side).Distinct().Count();

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, HttpMethod method, string path, string? token, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Get(HttpClient http, string path)
    {
        try
        {
            return http.GetStringAsync(path).GetAwaiter().GetResult();
        }
        catch (HttpRequestException exception) when (exception.StatusCode is { } status)
        {
            // /health answers 503 with the reason; GetStringAsync throws it away, so ask again for the body.
            using var response = http.GetAsync(path).GetAwaiter().GetResult();
            return response.Content.ReadAsStringAsync().GetAwaiter().GetResult() + $" ({(int)status})";
        }
        catch (HttpRequestException)
        {
            return "unreachable";
        }
    }
}
