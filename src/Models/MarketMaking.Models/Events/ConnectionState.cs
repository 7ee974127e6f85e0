namespace MarketMaking.Models;

/// <summary>The state of a supervised venue connection. Values are pinned.</summary>
public enum ConnectionState
{
    /// <summary>Never started.</summary>
    Disconnected = 0,

    /// <summary>Opening the connection (the first time, or again after a wait).</summary>
    Connecting = 1,

    /// <summary>Open; subscriptions are being restored.</summary>
    Resubscribing = 2,

    /// <summary>Open and every subscription restored.</summary>
    Connected = 3,

    /// <summary>Lost (dropped, silent, or refused); waiting for the next attempt.</summary>
    Reconnecting = 4,

    /// <summary>Closed on request; no further attempts.</summary>
    Stopped = 5,
}
