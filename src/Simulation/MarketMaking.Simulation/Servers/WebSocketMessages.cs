using System.Buffers;
using System.Net.WebSockets;

namespace MarketMaking.Simulation.Servers;

/// <summary>Reads a client's WebSocket messages whole, one at a time, until it closes or drops.</summary>
internal static class WebSocketMessages
{
    /// <summary>Hands each complete text message to <paramref name="onMessage"/>; answers a close frame with one.</summary>
    /// <param name="socket">The server side of the connection.</param>
    /// <param name="onMessage">Handles a message; its bytes are valid during the call only.</param>
    /// <returns>Completes when the client is gone.</returns>
    public static async Task ReadAllAsync(WebSocket socket, Func<ReadOnlyMemory<byte>, Task> onMessage)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer.GetMemory(4096), CancellationToken.None).ConfigureAwait(false);
                    buffer.Advance(received.Count);
                }
                while (!received.EndOfMessage);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
                    return;
                }

                await onMessage(buffer.WrittenMemory).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone.
        }
    }
}
