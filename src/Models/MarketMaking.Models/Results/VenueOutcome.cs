namespace MarketMaking.Models;

/// <summary>How a venue call ended.</summary>
public enum VenueOutcome
{
    /// <summary>Not set (a default value).</summary>
    Unspecified = 0,

    /// <summary>The venue answered with success.</summary>
    Succeeded = 1,

    /// <summary>The venue (or a local check before sending) refused the request: it had no effect.</summary>
    Failed = 2,

    /// <summary>
    /// The request may or may not have taken effect (sent, then timed out, dropped, or answered by a proxy). Only order
    /// entry returns this; the order stays unknown until reconciliation with the venue settles it.
    /// </summary>
    Unknown = 3,
}
