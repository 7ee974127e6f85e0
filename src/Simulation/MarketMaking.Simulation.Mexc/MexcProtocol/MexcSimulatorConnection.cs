using System.Net.WebSockets;
using MarketMaking.Simulation.Servers;

namespace MarketMaking.Simulation.MexcProtocol;

/// <summary>One client WebSocket: its subscribed channels, the listen key it connected with, and its outgoing queue.</summary>
/// <param name="socket">The accepted socket.</param>
/// <param name="listenKey">The listen key of a user stream connection (<c>?listenKey=</c>), or <see langword="null"/> for market data.</param>
internal sealed class MexcSimulatorConnection(WebSocket socket, string? listenKey)
{
    private readonly WebSocketOutbox _outbox = new(socket);

    public string? ListenKey { get; } = listenKey;

    /// <summary>Gets the channels subscribed; changed under the core's gate.</summary>
    public HashSet<string> Channels { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets whether this user stream connection has been counted as subscribed to every private channel.</summary>
    public bool CountedAsUserStream { get; set; }

    /// <summary>Gets or sets how many depth pushes to leave out (an injected version gap).</summary>
    public int DepthPushesToSkip { get; set; }

    public ValueTask SendTextAsync(byte[] message) => _outbox.SendAsync(message);

    public ValueTask SendBinaryAsync(byte[] message) => _outbox.SendBinaryAsync(message);

    public Task WriteLoopAsync(CancellationToken cancellationToken) => _outbox.WriteLoopAsync(cancellationToken);

    public void Complete() => _outbox.Complete();

    public void Abort() => _outbox.Abort();
}
