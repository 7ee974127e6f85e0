using Microsoft.Extensions.Hosting;

namespace MarketMaking.Simulation.Servers;

/// <summary>
/// The lifetime of a web server embedded in another program (<c>mm simulate</c>, the host's sim mode): it does not
/// listen for SIGINT or SIGTERM, which belong to the program that owns it and stops it by disposing it. The default
/// console lifetime would take those signals for itself, stop only the server, and leave the owner running.
/// </summary>
internal sealed class EmbeddedServerLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
