using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// A stop that comes while the host's services are still starting (SIGTERM during the start) stops the services that
/// had started, as any stop does: the generic host's own run throws and leaves them running, which left the trading
/// service unstopped (no sweep of our orders, no summary) and ended the process with exit code 1 and no message.
/// </summary>
public sealed class HostRunTests
{
    [Test]
    public async Task AStopWhileALaterServiceStarts_StopsTheServiceThatHadStarted_AndSaysTheStopCameDuringTheStart()
    {
        var (host, first, second) = Build();
        using (host)
        {
            var run = HostRun.RunAsync(host, CancellationToken.None);
            await second.Starting.WaitAsync(TimeSpan.FromSeconds(30));
            host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            var stoppedWhileStarting = await run.WaitAsync(TimeSpan.FromSeconds(30));

            using (Assert.EnterMultipleScope())
            {
                Assert.That(stoppedWhileStarting, Is.True);
                Assert.That(first.Started, Is.True);
                Assert.That(first.Stopped, Is.True, "the service that had started is stopped (the trading service's sweep)");
                Assert.That(second.Stopped, Is.True, "the one whose start was cancelled is told to stop too");
            }
        }
    }

    [Test]
    public async Task AStopWhoseCancellationAServiceRewordsAsItsOwnFailure_IsStillTheStop()
    {
        // An adapter cut short by the stop says so in its own words (an InvalidOperationException "could not be
        // subscribed: … Canceled"), not with an OperationCanceledException.
        var (host, first, second) = Build(rewordsTheCancellation: true);
        using (host)
        {
            var run = HostRun.RunAsync(host, CancellationToken.None);
            await second.Starting.WaitAsync(TimeSpan.FromSeconds(30));
            host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

            using (Assert.EnterMultipleScope())
            {
                Assert.That(await run.WaitAsync(TimeSpan.FromSeconds(30)), Is.True);
                Assert.That(first.Stopped, Is.True);
            }
        }
    }

    [Test]
    public async Task AStopAfterTheStart_StopsEveryService_AndSaysTheStartHadFinished()
    {
        var (host, first, second) = Build(secondWaits: false);
        using (host)
        {
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            var started = new TaskCompletionSource();
            using var registration = lifetime.ApplicationStarted.Register(started.SetResult);
            var run = HostRun.RunAsync(host, CancellationToken.None);
            await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            lifetime.StopApplication();

            using (Assert.EnterMultipleScope())
            {
                Assert.That(await run.WaitAsync(TimeSpan.FromSeconds(30)), Is.False);
                Assert.That(first.Stopped && second.Stopped, Is.True);
            }
        }
    }

    [Test]
    public async Task AServiceThatFailsToStart_StopsTheServiceThatHadStarted_AndThrowsItsError()
    {
        var (host, first, _) = Build(secondFails: true);
        using (host)
        {
            var failure = await Task.Run(() => HostRun.RunAsync(host, CancellationToken.None)).ContinueWith(t => t.Exception?.InnerException, TaskScheduler.Default);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(failure, Is.TypeOf<IOException>().With.Message.EqualTo("the port is taken"));
                Assert.That(first.Stopped, Is.True);
            }
        }
    }

    private static (IHost Host, RecordingService First, RecordingService Second) Build(bool secondWaits = true, bool secondFails = false, bool rewordsTheCancellation = false)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        // No console lifetime: it would take SIGINT and SIGTERM from the test run's process while the host runs.
        builder.Services.AddSingleton<IHostLifetime, NoSignals>();
        var first = new RecordingService(waitsToStart: false, failsToStart: false, rewordsTheCancellation: false);
        var second = new RecordingService(secondWaits, secondFails, rewordsTheCancellation);

        // Registered as instances: AddHostedService keeps one registration per implementation type.
        builder.Services.AddSingleton<IHostedService>(first);
        builder.Services.AddSingleton<IHostedService>(second);
        return (builder.Build(), first, second);
    }

    private sealed class RecordingService(bool waitsToStart, bool failsToStart, bool rewordsTheCancellation) : IHostedService
    {
        private readonly TaskCompletionSource _starting = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Starting => _starting.Task;

        public bool Started { get; private set; }

        public bool Stopped { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _starting.SetResult();
            if (failsToStart)
            {
                throw new IOException("the port is taken");
            }

            if (waitsToStart)
            {
                // A start that takes until the stop, as a server binding its port or a venue's slow answer.
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException) when (rewordsTheCancellation)
                {
                    throw new InvalidOperationException("The book of BTC/USDT could not be subscribed: Timeout: Canceled while waiting for Kraken's answer");
                }
            }

            Started = true;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stopped = true;
            return Task.CompletedTask;
        }
    }

    private sealed class NoSignals : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
