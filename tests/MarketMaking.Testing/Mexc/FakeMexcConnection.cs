using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace MarketMaking.Testing.Mexc;

/// <summary>One client connection to <see cref="FakeMexcServer"/>: what it asked for, and ways to push to it or drop it.</summary>
public sealed class FakeMexcConnection(WebSocket socket, int number, string? listenKey)
{
    private readonly SemaphoreSlim _sendGate = new(1, 1);

    public int Number { get; } = number;

    /// <summary>Gets the listen key the connection was opened with, or <see langword="null"/> for a public one.</summary>
    public string? ListenKey { get; } = listenKey;

    public ConcurrentQueue<JsonElement> Requests { get; } = new();

    /// <summary>Gets the channels subscribed (refused ones are left out).</summary>
    public ConcurrentQueue<string> Channels { get; } = new();

    public bool ClosedByClient { get; set; }

    public Task SendTextAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public Task SendBinaryAsync(byte[] frame) => SendAsync(frame, WebSocketMessageType.Binary);

    public void Drop() => socket.Abort();

    private async Task SendAsync(byte[] bytes, WebSocketMessageType type)
    {
        await _sendGate.WaitAsync();
        try
        {
            await socket.SendAsync(bytes, type, true, CancellationToken.None);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is gone; the test sees it in the client's state.
        }
        finally
        {
            _sendGate.Release();
        }
    }
}
