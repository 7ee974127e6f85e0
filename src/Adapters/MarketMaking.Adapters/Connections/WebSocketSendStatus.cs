namespace MarketMaking.Adapters;

/// <summary>What became of a message given to <see cref="SupervisedWebSocket.SendAsync"/>. Values are pinned.</summary>
public enum WebSocketSendStatus
{
    /// <summary>Written to the connection.</summary>
    Sent = 0,

    /// <summary>Not written: no connection was open. The venue did not get it.</summary>
    NotConnected = 1,

    /// <summary>The connection failed while writing: the venue may or may not have got it.</summary>
    Interrupted = 2,
}
