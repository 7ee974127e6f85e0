using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketMaker.Kraken;

/// <summary>
/// Runs a generic host until it stops, as <c>IHost.RunAsync</c> does, except when its start does not finish: a stop
/// that comes while its services are still starting (SIGINT or SIGTERM during the start), or a service that fails to
/// start (the metrics port taken). The generic host then throws from its start and leaves the services that had already
/// started running, so that the trading service's shutdown (the sweep of our orders, the summary) would never run; and
/// the cancellation of a stop, escaping, ended the process with exit code 1 and no message. Here those services are
/// stopped as at any stop.
/// </summary>
internal static class HostRun
{
    /// <summary>Starts the host, waits for its stop and stops it; does not dispose it.</summary>
    /// <param name="host">The host.</param>
    /// <param name="cancellationToken">Stops the host when cancelled.</param>
    /// <returns><see langword="true"/> when the stop came while the services were starting.</returns>
    /// <exception cref="Exception">Whatever a service's start throws when no stop was asked for, once the services are stopped.</exception>
    public static async Task<bool> RunAsync(IHost host, CancellationToken cancellationToken)
    {
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Asked before the stop below asks it too. A stop asked for during the start explains whatever the start
            // threw: its cancellation, or a venue's answer it cut short as the adapter words it ("could not be
            // subscribed: … Canceled while waiting for Kraken's answer").
            var stopAsked = cancellationToken.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested;
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            if (stopAsked)
            {
                return true;
            }

            throw;
        }

        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return false;
    }
}
