using System.Net.WebSockets;
using MarketMaking.Simulation.Servers;

namespace MarketMaking.Simulation.BybitProtocol;

/// <summary>One client WebSocket: public (order book topics, each with its own <c>u</c>) or private (authenticated, <c>order</c> and <c>execution</c>).</summary>
internal sealed class BybitSimulatorConnection(WebSocket socket, bool isPrivate)
{
    private readonly WebSocketOutbox _outbox = new(socket);

    public bool IsPrivate { get; } = isPrivate;

    public string ConnectionId { get; } = Guid.NewGuid().ToString("N")[..16];

    public bool IsAuthenticated { get; set; }

    /// <summary>Gets the topics subscribed with the last <c>u</c> sent on each; changed under the core's gate.</summary>
    public Dictionary<string, long> Topics { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets whether this private connection has been counted as subscribed to orders and executions.</summary>
    public bool CountedAsPrivateStream { get; set; }

    /// <summary>Gets or sets how many book deltas to leave out, still counting their <c>u</c> (an injected gap).</summary>
    public int BookDeltasToSkip { get; set; }

    public ValueTask SendAsync(byte[] message) => _outbox.SendAsync(message);

    public Task WriteLoopAsync(CancellationToken cancellationToken) => _outbox.WriteLoopAsync(cancellationToken);

    public void Complete() => _outbox.Complete();

    public void Abort() => _outbox.Abort();
}
