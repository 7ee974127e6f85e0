namespace MarketMaking.Adapters.Mexc;

/// <summary>What a <see cref="MexcControlFrame"/> says.</summary>
/// <remarks>Pinned values.</remarks>
public enum MexcControlFrameKind
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>The answer to <c>PING</c>.</summary>
    Pong = 1,

    /// <summary>Channels subscribed (or unsubscribed).</summary>
    Acknowledged = 2,

    /// <summary>A subscription refused, though its code is 0.</summary>
    Refused = 3,

    /// <summary>An error with a non-zero code.</summary>
    Error = 4,
}
