using System.Net.WebSockets;
using System.Threading.Channels;

namespace MarketMaking.Simulation.Servers;

/// <summary>
/// A simulator's outgoing queue to one client WebSocket, written in order by one task: the replay waits while the
/// client is slow, and a client that stops reading is dropped rather than allowed to stall everyone else.
/// </summary>
internal sealed class WebSocketOutbox(WebSocket socket)
{
    private readonly Channel<byte[]> _outgoing = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    /// <summary>Queues a text message; waits while the client is slow (the replay waits with it).</summary>
    public ValueTask SendAsync(byte[] message) => _outgoing.Writer.TryWrite(message) ? ValueTask.CompletedTask : SendSlowAsync(message);

    /// <summary>Queues a message at once, or drops the connection when its queue is full (a client that does not read).</summary>
    public void EnqueueOrDrop(byte[] message)
    {
        if (!_outgoing.Writer.TryWrite(message))
        {
            Abort();
        }
    }

    /// <summary>Writes queued messages until the connection ends.</summary>
    public async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
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

    private async ValueTask SendSlowAsync(byte[] message)
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
