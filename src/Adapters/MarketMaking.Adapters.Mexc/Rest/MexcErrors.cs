using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// Maps MEXC Spot error bodies (<c>{"code": n, "msg": "..."}</c>; a maintenance body says <c>message</c>) to
/// <see cref="VenueError"/> kinds. Messages may be Chinese, so the code decides, never the text.
/// </summary>
/// <remarks>Source: MEXC Spot v3 docs, "Error Code"; the selection in <c>docs/protocol/mexc.md</c> §1.7.</remarks>
public static class MexcErrors
{
    /// <summary>Maps a code and message.</summary>
    /// <param name="code">MEXC's code.</param>
    /// <param name="message">Its message.</param>
    /// <param name="httpStatus">The HTTP status, when known (a 5xx leaves an order's outcome unknown).</param>
    /// <returns>The error: kind, whether retrying may succeed, <c>MEXC &lt;code&gt;</c> as the venue code, and the message.</returns>
    public static VenueError Map(int code, string? message, int? httpStatus = null)
    {
        var text = string.IsNullOrWhiteSpace(message) ? $"MEXC error {code}" : message;
        var venueCode = string.Create(CultureInfo.InvariantCulture, $"MEXC {code}");
        var (kind, transient) = code switch
        {
            429 => (VenueErrorKind.RateLimited, true),
            500 or 503 or 504 => (VenueErrorKind.ServiceUnavailable, true),
            400 or 401 or 403 or 602 or 700001 or 700002 or 10072 => (VenueErrorKind.AuthenticationFailed, false),
            700003 => (VenueErrorKind.InvalidNonce, true),
            700006 or 700007 or 70011 or 30020 or 30018 or 30019 or 30016 or 30041 => (VenueErrorKind.PermissionDenied, false),
            10007 or 30014 or 30021 or 730001 or -1121 => (VenueErrorKind.UnknownInstrument, false),
            10101 or 30004 or 30005 => (VenueErrorKind.InsufficientFunds, false),
            30002 or 30003 or 10095 or 10096 or 10097 => (VenueErrorKind.InvalidQuantity, false),
            30010 => (VenueErrorKind.InvalidPrice, false),
            30029 or 30032 => (VenueErrorKind.OrderLimitExceeded, false),
            -2011 or 30025 or 30026 => (VenueErrorKind.UnknownOrder, false),
            30000 => (VenueErrorKind.ServiceUnavailable, true),
            _ when httpStatus >= 500 => (VenueErrorKind.ServiceUnavailable, true),
            _ => (VenueErrorKind.InvalidRequest, false),
        };
        return new VenueError(kind, transient, venueCode, text);
    }

    /// <summary>Reads an error body and maps it.</summary>
    /// <param name="body">The body's UTF-8 bytes.</param>
    /// <param name="httpStatus">The HTTP status.</param>
    /// <returns>The error, or <see langword="null"/> when the body holds no error code (or code 0 or 200, which mean success).</returns>
    public static VenueError? Read(ReadOnlySpan<byte> body, int? httpStatus = null)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("code", out var codeElement) || !codeElement.TryGetInt32(out var code) || code is 0 or 200)
            {
                return null;
            }

            var message = root.TryGetProperty("msg", out var msg) ? msg.GetString() : root.TryGetProperty("message", out var alt) ? alt.GetString() : null;
            return Map(code, message, httpStatus);
        }
        catch (JsonException exception)
        {
            return VenueError.MalformedResponse($"MEXC answered with a body that is not JSON: {exception.Message}");
        }
    }
}
