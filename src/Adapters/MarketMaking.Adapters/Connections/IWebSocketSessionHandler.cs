using System.Net.WebSockets;

namespace MarketMaking.Adapters;

/// <summary>
/// The venue protocol a <see cref="SupervisedWebSocket"/> runs: what to do on each new connection, with each message,
/// when the connection is lost, and how to ping. Every method is called for one connection at a time.
/// </summary>
public interface IWebSocketSessionHandler
{
    /// <summary>
    /// Restores the session on a new connection (authenticate, subscribe again). Messages are already being received
    /// and passed to <see cref="OnMessageAsync"/> while this runs, so acknowledgements can be awaited.
    /// </summary>
    /// <param name="cancellationToken">Canceled when the connection is lost or the supervisor stops.</param>
    /// <returns>Completes when the session is restored; an exception drops the connection and a new one is tried.</returns>
    Task OnConnectedAsync(CancellationToken cancellationToken);

    /// <summary>Handles one complete message, in the order received. Must not throw for bad input: log and skip it.</summary>
    /// <param name="message">The message's bytes; valid only during the call.</param>
    /// <param name="messageType">Text or binary.</param>
    /// <returns>Completes when handled (the next message waits).</returns>
    ValueTask OnMessageAsync(ReadOnlyMemory<byte> message, WebSocketMessageType messageType);

    /// <summary>Called once the connection is lost, before any reconnection: fail what waited on it.</summary>
    /// <param name="reason">Why the connection ended.</param>
    void OnDisconnected(string reason);

    /// <summary>Sends the venue's application-level ping when the client has been quiet for the ping interval.</summary>
    /// <param name="cancellationToken">Canceled when the connection is lost.</param>
    /// <returns>Completes when sent.</returns>
    Task SendPingAsync(CancellationToken cancellationToken);
}
