using System.Net.WebSockets;
using MarketMaking.Models;
using MarketMaking.Simulation.Servers;

namespace MarketMaking.Simulation.KrakenProtocol;

/// <summary>One client WebSocket connection to the simulator: its outgoing queue (written in order by one task) and its subscriptions.</summary>
internal sealed class KrakenSimulatorConnection
{
    private readonly WebSocketOutbox _outbox;

    public KrakenSimulatorConnection(WebSocket socket, bool isPrivate)
    {
        _outbox = new WebSocketOutbox(socket);
        IsPrivate = isPrivate;
    }

    public bool IsPrivate { get; }

    /// <summary>Gets the book feeds subscribed, by instrument.</summary>
    public Dictionary<InstrumentId, KrakenBookFeed> Books { get; } = [];

    public HashSet<InstrumentId> Trades { get; } = [];

    /// <summary>Gets the ticker subscriptions with the best bid and ask last sent.</summary>
    public Dictionary<InstrumentId, (TickLevel Bid, TickLevel Ask)> Tickers { get; } = [];

    /// <summary>Gets or sets whether a token opened a private subscription (it then stays good for the connection).</summary>
    public bool IsAuthenticated { get; set; }

    public bool Executions { get; set; }

    public bool Balances { get; set; }

    public long ExecutionsSequence { get; set; }

    /// <summary>Gets or sets an executions message held back to be sent out of order (fault injection).</summary>
    public byte[]? HeldExecution { get; set; }

    public long BalancesSequence { get; set; }

    /// <summary>Queues a message; waits while the client is slow (the replay waits with it).</summary>
    public ValueTask SendAsync(byte[] message) => _outbox.SendAsync(message);

    /// <summary>Queues a message at once, or drops the connection when its queue is full (a client that does not read).</summary>
    public void EnqueueOrDrop(byte[] message) => _outbox.EnqueueOrDrop(message);

    /// <summary>Writes queued messages until the connection ends.</summary>
    public Task WriteLoopAsync(CancellationToken cancellationToken) => _outbox.WriteLoopAsync(cancellationToken);

    /// <summary>Stops queueing: the connection has ended.</summary>
    public void Complete() => _outbox.Complete();

    /// <summary>Drops the connection without a close frame (fault injection).</summary>
    public void Abort() => _outbox.Abort();
}
