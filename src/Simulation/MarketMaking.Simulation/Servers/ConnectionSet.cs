using System.Net.WebSockets;

namespace MarketMaking.Simulation.Servers;

/// <summary>A protocol simulator's connected clients: each served until it goes, its outgoing queue written by its own task.</summary>
/// <typeparam name="TConnection">The simulator's connection type.</typeparam>
internal sealed class ConnectionSet<TConnection>
    where TConnection : class
{
    private readonly List<TConnection> _connections = [];

    /// <summary>Gets the connections now, a copy.</summary>
    public TConnection[] Snapshot
    {
        get
        {
            lock (_connections)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>Serves an accepted client: its queue written in order, each of its messages handed on, until it goes.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="outbox">Its outgoing queue: the write loop, and the completion when it goes.</param>
    /// <param name="socket">Its socket.</param>
    /// <param name="aborted">The request's abort.</param>
    /// <param name="onMessage">Handles one of its messages.</param>
    /// <returns>Completes when the client is gone.</returns>
    public async Task ServeAsync(TConnection connection, (Func<CancellationToken, Task> WriteLoop, Action Complete) outbox, WebSocket socket, CancellationToken aborted, Func<ReadOnlyMemory<byte>, Task> onMessage)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var writing = outbox.WriteLoop(ended.Token);
        lock (_connections)
        {
            _connections.Add(connection);
        }

        try
        {
            await WebSocketMessages.ReadAllAsync(socket, onMessage).ConfigureAwait(false);
        }
        finally
        {
            lock (_connections)
            {
                _connections.Remove(connection);
            }

            outbox.Complete();
            await ended.CancelAsync().ConfigureAwait(false);
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
