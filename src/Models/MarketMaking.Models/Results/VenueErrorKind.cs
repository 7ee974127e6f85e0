#pragma warning disable CA1027 // Not flags: each value is a distinct kind.

namespace MarketMaking.Models;

/// <summary>What went wrong with a venue call, independent of the venue. Values are pinned (persisted in the journal).</summary>
public enum VenueErrorKind
{
    /// <summary>Not classified: the venue's code and message say more.</summary>
    Unspecified = 0,

    /// <summary>A venue rate limit was exceeded, or our own limiter refused to send: back off.</summary>
    RateLimited = 1,

    /// <summary>Not enough available balance for the order.</summary>
    InsufficientFunds = 2,

    /// <summary>A post-only order would have taken liquidity and was rejected.</summary>
    PostOnlyWouldCross = 3,

    /// <summary>The price breaks the instrument's rules (tick size, bands).</summary>
    InvalidPrice = 4,

    /// <summary>The quantity or notional breaks the instrument's rules (lot size, minimums).</summary>
    InvalidQuantity = 5,

    /// <summary>The order is not open on the venue (already filled, canceled, or never existed).</summary>
    UnknownOrder = 6,

    /// <summary>The client order id is already used by an open order.</summary>
    DuplicateClientOrderId = 7,

    /// <summary>The key, secret, signature or session token was refused.</summary>
    AuthenticationFailed = 8,

    /// <summary>The request's nonce was not above the previous one; the request was not executed.</summary>
    InvalidNonce = 9,

    /// <summary>The venue is down, busy, in maintenance or in a restricted mode.</summary>
    ServiceUnavailable = 10,

    /// <summary>No answer in time.</summary>
    Timeout = 11,

    /// <summary>The request or its answer was lost in transport (connection refused or dropped, non-200 status).</summary>
    Transport = 12,

    /// <summary>The request was malformed or its arguments invalid.</summary>
    InvalidRequest = 13,

    /// <summary>The key lacks the permission for this call.</summary>
    PermissionDenied = 14,

    /// <summary>The venue does not know the instrument.</summary>
    UnknownInstrument = 15,

    /// <summary>Too many open orders on the instrument or account.</summary>
    OrderLimitExceeded = 16,

    /// <summary>The circuit breaker is open after repeated failures: nothing was sent.</summary>
    CircuitOpen = 17,

    /// <summary>The venue's answer could not be parsed.</summary>
    MalformedResponse = 18,

    /// <summary>The venue or adapter does not support the request (an order type, a feature).</summary>
    NotSupported = 19,
}
