using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc;

/// <summary>Maps MEXC Futures error codes (<c>{"success":false,"code":n,"message":"..."}</c>) to <see cref="VenueError"/> kinds.</summary>
/// <remarks>Source: MEXC contract v1 docs, "Error code"; the selection in <c>docs/protocol/mexc.md</c> §5.4.</remarks>
public static class MexcFuturesErrors
{
    /// <summary>Maps a code and message.</summary>
    /// <param name="code">MEXC's code.</param>
    /// <param name="message">Its message.</param>
    /// <returns>The error, with <c>MEXC-F &lt;code&gt;</c> as the venue code.</returns>
    public static VenueError Map(int code, string? message)
    {
        var text = string.IsNullOrWhiteSpace(message) ? $"MEXC futures error {code}" : message;
        var (kind, transient) = code switch
        {
            510 or 2037 => (VenueErrorKind.RateLimited, true),
            500 or 503 or 504 => (VenueErrorKind.ServiceUnavailable, true),
            401 or 402 or 602 => (VenueErrorKind.AuthenticationFailed, false),
            513 => (VenueErrorKind.InvalidNonce, true),
            406 or 701 or 702 or 703 or 704 or 1002 or 6001 or 6005 => (VenueErrorKind.PermissionDenied, false),
            1001 => (VenueErrorKind.UnknownInstrument, false),
            2005 => (VenueErrorKind.InsufficientFunds, false),
            2007 or 2015 => (VenueErrorKind.InvalidPrice, false),
            2008 or 2011 or 2028 => (VenueErrorKind.InvalidQuantity, false),
            2036 => (VenueErrorKind.OrderLimitExceeded, false),
            2040 or 2041 or 2009 => (VenueErrorKind.UnknownOrder, false),
            _ => (VenueErrorKind.InvalidRequest, false),
        };
        var hint = code == 1002 ? " (MEXC has closed futures order entry to ordinary API keys since 2022-07-25)" : string.Empty;
        return new VenueError(kind, transient, $"MEXC-F {code}", text + hint);
    }
}
