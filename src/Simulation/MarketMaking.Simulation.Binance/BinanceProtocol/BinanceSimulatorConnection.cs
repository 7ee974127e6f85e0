using System.Net.WebSockets;
using MarketMaking.Simulation.Servers;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>One client's combined-stream connection: its outgoing queue, the path it connected on, and its streams.</summary>
internal sealed class BinanceSimulatorConnection(WebSocket socket, string path)
{
    private readonly WebSocketOutbox _outbox = new(socket);

    /// <summary>Gets the path the client connected on (<c>/stream</c>, <c>/public/stream</c>, <c>/market/stream</c>, <c>/ws</c>).</summary>
    public string Path { get; } = path;

    /// <summary>Gets the subscribed streams, by name as the client wrote it; read and changed under the core's gate.</summary>
    public Dictionary<string, BinanceStreamName> Streams { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets whether messages are wrapped as <c>{"stream","data"}</c> (a <c>/stream</c> path) or sent raw (<c>/ws</c>).</summary>
    public bool IsCombined => Path.EndsWith("/stream", StringComparison.Ordinal);

    /// <summary>Gets or sets the WebSocket API user data subscription's id, or <see langword="null"/>; changed under the core's gate.</summary>
    public int? UserStreamSubscription { get; set; }

    /// <summary>Gets or sets whether <see cref="UserStreamSubscription"/> was made by <c>userDataStream.subscribe</c> on the logged-on session (<c>session.logout</c> ends it).</summary>
    public bool UserStreamFromSession { get; set; }

    /// <summary>Gets or sets when (ms since the Unix epoch) the connection was opened.</summary>
    public long ConnectedSince { get; set; }

    /// <summary>Gets or sets when (ms since the Unix epoch) <c>session.logon</c> authenticated the connection, or <see langword="null"/> when it is not.</summary>
    public long? AuthorizedSince { get; set; }

    /// <summary>Gets or sets whether this is a futures listen key's stream, which carries the account's events bare.</summary>
    public bool IsListenKeyStream { get; set; }

    /// <summary>Gets or sets how many depth updates to leave out for this client (fault injection: a gap).</summary>
    public int DepthUpdatesToSkip { get; set; }

    public ValueTask SendAsync(byte[] message) => _outbox.SendAsync(message);

    public void EnqueueOrDrop(byte[] message) => _outbox.EnqueueOrDrop(message);

    public Task WriteLoopAsync(CancellationToken cancellationToken) => _outbox.WriteLoopAsync(cancellationToken);

    public void Complete() => _outbox.Complete();

    public void Abort() => _outbox.Abort();
}
