using System.Net.WebSockets;
using System.Threading.Channels;

namespace MarketMaking.Simulation.Servers;

/// <summary>
/// A simulator's outgoing queue to one client WebSocket, written in order by one task: the replay waits while the
/// client is slow, and a client that stops reading is dropped rather than allowed to stall everyone else. Messages are
/// text (JSON) unless queued as binary (MEXC's protobuf pushes).
/// </summary>
internal sealed class WebSocketOutbox(WebSocket socket)
{
    private readonly Channel<(byte[] Message, WebSocketMessageType Type)> _outgoing =
        Channel.CreateBounded<(byte[], WebSocketMessageType)>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    /// <summary>Queues a text message; waits while the client is slow (the replay waits with it).</summary>
    public ValueTask SendAsync(byte[] message) => Send((message, WebSocketMessageType.Text));

    /// <summary>Queues a binary message; waits while the client is slow.</summary>
    public ValueTask SendBinaryAsync(byte[] message) => Send((message, WebSocketMessageType.Binary));

    /// <summary>Queues a message at once, or drops the connection when its queue is full (a client that does not read).</summary>
    public void EnqueueOrDrop(byte[] message)
    {
        if (!_outgoing.Writer.TryWrite((message, WebSocketMessageType.Text)))
        {
            Abort();
        }
    }

    /// <summary>Writes queued messages until the connection ends.</summary>
    public async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (message, type) in _outgoing.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await socket.SendAsync(message, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone.
        }
    }

    /// <summary>Stops queueing: the connection has ended.</summary>
    public void Complete() => _outgoing.Writer.TryComplete();

    /// <summary>Drops the connection without a close frame (fault injection).</summary>
    public void Abort() => socket.Abort();

    private ValueTask Send((byte[] Message, WebSocketMessageType Type) queued) =>
        _outgoing.Writer.TryWrite(queued) ? ValueTask.CompletedTask : SendSlowAsync(queued);

    private async ValueTask SendSlowAsync((byte[] Message, WebSocketMessageType Type) message)
    {
        try
        {
            await _outgoing.Writer.WriteAsync(message).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The connection ended meanwhile.
        }
    }
}
