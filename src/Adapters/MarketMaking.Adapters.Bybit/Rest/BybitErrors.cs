using System.Globalization;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit;

/// <summary>Bybit v5's <c>retCode</c>s as the platform's error kinds.</summary>
/// <remarks>Source: <see href="https://bybit-exchange.github.io/docs/v5/error"/>.</remarks>
public static class BybitErrors
{
    /// <summary>Maps a <c>retCode</c> and its message.</summary>
    /// <param name="code">The <c>retCode</c>.</param>
    /// <param name="message">The <c>retMsg</c>.</param>
    /// <returns>The error, its venue code <c>Bybit NNN</c>.</returns>
    public static VenueError Map(int code, string? message)
    {
        var (kind, transient) = code switch
        {
            10006 or 10018 => (VenueErrorKind.RateLimited, true),
            10002 => (VenueErrorKind.InvalidNonce, true),
            10003 or 10004 or 33004 => (VenueErrorKind.AuthenticationFailed, false),
            10005 or 10010 or 10027 or 10029 => (VenueErrorKind.PermissionDenied, false),
            10016 or 10019 or 110079 => (VenueErrorKind.ServiceUnavailable, true),
            110001 or 110008 or 170213 => (VenueErrorKind.UnknownOrder, false),
            110004 or 110007 or 110012 or 170131 => (VenueErrorKind.InsufficientFunds, false),
            110003 or 170134 => (VenueErrorKind.InvalidPrice, false),
            110017 or 110094 or 170136 or 170140 => (VenueErrorKind.InvalidQuantity, false),
            110020 => (VenueErrorKind.OrderLimitExceeded, false),
            110072 or 170141 => (VenueErrorKind.DuplicateClientOrderId, false),
            170217 or 170218 => (VenueErrorKind.PostOnlyWouldCross, false),
            10001 when message?.Contains("symbol", StringComparison.OrdinalIgnoreCase) == true => (VenueErrorKind.UnknownInstrument, false),
            _ => (VenueErrorKind.InvalidRequest, false),
        };
        return new VenueError(kind, transient, string.Create(CultureInfo.InvariantCulture, $"Bybit {code}"), string.IsNullOrWhiteSpace(message) ? $"Bybit retCode {code}" : message);
    }
}
