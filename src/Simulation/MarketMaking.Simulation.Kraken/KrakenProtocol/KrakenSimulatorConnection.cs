using System.Net.WebSockets;
using System.Threading.Channels;
using MarketMaking.Models;

namespace MarketMaking.Simulation.KrakenProtocol;

/// <summary>One client WebSocket connection to the simulator: its outgoing queue (written in order by one task) and its subscriptions.</summary>
internal sealed class KrakenSimulatorConnection
{
    private readonly WebSocket _socket;
    private readonly Channel<byte[]> _outgoing = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public KrakenSimulatorConnection(WebSocket socket, bool isPrivate)
    {
        _socket = socket;
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
                await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
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
    public void Abort() => _socket.Abort();

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
