using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>Maps Kraken's error strings (REST <c>error[]</c> entries, WebSocket <c>error</c>) to <see cref="VenueError"/>.</summary>
/// <remarks>
/// Source: <see href="https://docs.kraken.com/api/docs/guides/spot-errors"/>. Strings have the shape
/// <c>&lt;E|W&gt;Category:Description[:detail]</c>, and details get appended, so they are matched by prefix.
/// <c>EOrder:Post only order</c> is not in Kraken's table but is reported by clients; it is mapped too.
/// </remarks>
public static class KrakenErrors
{
    // Ordered: the first prefix that matches wins, so longer prefixes come before shorter ones that share a start.
    private static readonly (string Prefix, VenueErrorKind Kind, bool IsTransient)[] s_table =
    [
        ("EAPI:Invalid nonce", VenueErrorKind.InvalidNonce, true),
        ("EAPI:Invalid signature", VenueErrorKind.AuthenticationFailed, false),
        ("EAPI:Invalid key", VenueErrorKind.AuthenticationFailed, false),
        ("EAPI:Bad request", VenueErrorKind.InvalidRequest, false),
        ("EAPI:Rate limit exceeded", VenueErrorKind.RateLimited, true),
        ("EAPI:Feature disabled", VenueErrorKind.NotSupported, false),
        ("ESession:Invalid session", VenueErrorKind.AuthenticationFailed, false),
        ("EGeneral:Permission denied", VenueErrorKind.PermissionDenied, false),
        ("EGeneral:Invalid arguments", VenueErrorKind.InvalidRequest, false),
        ("EGeneral:Temporary lockout", VenueErrorKind.RateLimited, true),
        ("EGeneral:Too many requests", VenueErrorKind.RateLimited, true),
        ("EGeneral:Internal error", VenueErrorKind.ServiceUnavailable, true),
        ("EGeneral:Unknown method", VenueErrorKind.InvalidRequest, false),
        ("EService:Unavailable", VenueErrorKind.ServiceUnavailable, true),
        ("EService:Busy", VenueErrorKind.ServiceUnavailable, true),
        ("EService:Throttled", VenueErrorKind.RateLimited, true),
        ("EService:Market in cancel_only mode", VenueErrorKind.ServiceUnavailable, true),
        ("EService:Market in post_only mode", VenueErrorKind.ServiceUnavailable, true),
        ("EService:Market in limit_only mode", VenueErrorKind.ServiceUnavailable, true),
        ("EService:Deadline elapsed", VenueErrorKind.Timeout, true),
        ("EOrder:Rate limit exceeded", VenueErrorKind.RateLimited, true),
        ("EOrder:Domain rate limit exceeded", VenueErrorKind.RateLimited, true),
        ("EOrder:Orders limit exceeded", VenueErrorKind.OrderLimitExceeded, false),
        ("EOrder:Positions limit exceeded", VenueErrorKind.OrderLimitExceeded, false),
        ("EOrder:Insufficient funds", VenueErrorKind.InsufficientFunds, false),
        ("EOrder:Insufficient margin", VenueErrorKind.InsufficientFunds, false),
        ("EOrder:Order minimum not met", VenueErrorKind.InvalidQuantity, false),
        ("EOrder:Cost minimum not met", VenueErrorKind.InvalidQuantity, false),
        ("EOrder:Tick size check failed", VenueErrorKind.InvalidPrice, false),
        ("EOrder:Invalid price", VenueErrorKind.InvalidPrice, false),
        ("EOrder:Invalid order", VenueErrorKind.InvalidRequest, false),
        ("EOrder:Unknown order", VenueErrorKind.UnknownOrder, false),
        ("EOrder:Post only order", VenueErrorKind.PostOnlyWouldCross, false),
        // Not in the published table; the prefix covers the duplicate cl_ord_id rejections clients report.
        ("EOrder:Duplicate", VenueErrorKind.DuplicateClientOrderId, false),
        ("EOrder:Reduce only", VenueErrorKind.InvalidRequest, false),
        ("EOrder:Trading agreement required", VenueErrorKind.PermissionDenied, false),
        ("EQuery:Unknown asset pair", VenueErrorKind.UnknownInstrument, false),
        ("EQuery:Unknown asset", VenueErrorKind.UnknownInstrument, false),
        ("EFunding:", VenueErrorKind.InvalidRequest, false),
    ];

    /// <summary>Maps one Kraken error string.</summary>
    /// <param name="error">The string as Kraken sent it, such as <c>EGeneral:Invalid arguments:ordertype</c>.</param>
    /// <returns>The error, carrying the string as its venue code.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public static VenueError Map(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        foreach (var (prefix, kind, isTransient) in s_table)
        {
            if (error.StartsWith(prefix, StringComparison.Ordinal))
            {
                return new VenueError(kind, isTransient, error, Describe(kind, error));
            }
        }

        return new VenueError(VenueErrorKind.Unspecified, IsTransient: false, error, Describe(VenueErrorKind.Unspecified, error));
    }

    private static string Describe(VenueErrorKind kind, string error) => $"Kraken refused the request: {error} ({kind})";
}
