using MarketMaking.Models;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>What the start says when a venue's first authenticated call fails: the key refused, or the account unreadable.</summary>
internal static class KeyRefusal
{
    /// <summary>The start's one line for a failed key check.</summary>
    /// <param name="venue">The venue's name, such as <c>Kraken</c>.</param>
    /// <param name="error">The venue's answer.</param>
    /// <param name="keyVariables">Where the key comes from, such as <c>MEXC_API_KEY and MEXC_API_SECRET</c>.</param>
    /// <param name="permissions">What the key must be allowed, such as <c>trade futures</c>.</param>
    /// <returns>The exception that stops the start.</returns>
    public static InvalidOperationException Of(string venue, VenueError error, string keyVariables, string permissions) =>
        new(error.Kind is VenueErrorKind.AuthenticationFailed or VenueErrorKind.PermissionDenied or VenueErrorKind.InvalidNonce
            ? $"{venue} refused the API key ({error}). Check {keyVariables}, and that the key may {permissions}; no order was sent."
            : $"{venue}'s account could not be read ({error}); no order was sent.");
}
