using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// Maps Binance error answers (<c>{"code": -n, "msg": "..."}</c>, with the HTTP status) to <see cref="VenueError"/>
/// kinds. The code decides; for <c>-2010</c> (new order rejected), which covers several causes, the message does.
/// </summary>
/// <remarks>
/// Sources: https://developers.binance.com/docs/binance-spot-api-docs/errors and
/// https://developers.binance.com/docs/binance-spot-api-docs/rest-api/limits (429, 418 and <c>Retry-After</c>).
/// USD-M's <c>-5022</c> (a GTX order that would take) is mapped as post-only.
/// </remarks>
public static class BinanceErrors
{
    /// <summary>Maps a code and message.</summary>
    /// <param name="code">Binance's code (negative).</param>
    /// <param name="message">Its message.</param>
    /// <param name="httpStatus">The HTTP status, when known: 429 and 418 are rate limits whatever the code, a 5xx leaves an order's outcome unknown.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> header's wait, when the answer had one.</param>
    /// <returns>The error: kind, whether retrying may succeed, <c>Binance &lt;code&gt;</c> as the venue code, the message, and the wait.</returns>
    public static VenueError Map(int code, string? message, int? httpStatus = null, TimeSpan? retryAfter = null)
    {
        var text = string.IsNullOrWhiteSpace(message) ? string.Create(CultureInfo.InvariantCulture, $"Binance error {code}") : message;
        var (kind, transient) = (code, httpStatus) switch
        {
            (_, 429 or 418) or (-1003 or -1015, _) => (VenueErrorKind.RateLimited, true),
            (-1021, _) => (VenueErrorKind.InvalidNonce, true),
            (-1000 or -1001 or -1006 or -1007 or -1008 or -1016, _) => (VenueErrorKind.ServiceUnavailable, true),
            (-1022 or -2014 or -2015, _) => (VenueErrorKind.AuthenticationFailed, false),
            (-1121, _) => (VenueErrorKind.UnknownInstrument, false),
            (-2011 or -2013 or -2026, _) => (VenueErrorKind.UnknownOrder, false),
            (-5022, _) => (VenueErrorKind.PostOnlyWouldCross, false),
            (-1013, _) when text.Contains("PRICE", StringComparison.OrdinalIgnoreCase) => (VenueErrorKind.InvalidPrice, false),
            (-1013, _) => (VenueErrorKind.InvalidQuantity, false),
            (-2010, _) => RejectedOrder(text),
            (_, >= 500) => (VenueErrorKind.ServiceUnavailable, true),
            _ => (VenueErrorKind.InvalidRequest, false),
        };
        return new VenueError(kind, transient, string.Create(CultureInfo.InvariantCulture, $"Binance {code}"), text) { RetryAfter = retryAfter };
    }

    /// <summary>Reads an error body and maps it.</summary>
    /// <param name="body">The body's UTF-8 bytes.</param>
    /// <param name="httpStatus">The HTTP status.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> header's wait, when given.</param>
    /// <returns>The error, or <see langword="null"/> when the body holds no error code.</returns>
    public static VenueError? Read(ReadOnlySpan<byte> body, int? httpStatus = null, TimeSpan? retryAfter = null)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("code", out var code) && code.TryGetInt32(out var number) && number < 0
                ? Map(number, root.TryGetProperty("msg", out var msg) ? msg.GetString() : null, httpStatus, retryAfter)
                : null;
        }
        catch (JsonException exception)
        {
            return VenueError.MalformedResponse($"Binance answered with a body that is not JSON: {exception.Message}") with { RetryAfter = retryAfter };
        }
    }

    /// <summary><c>-2010</c>'s causes, told by its message.</summary>
    private static (VenueErrorKind Kind, bool Transient) RejectedOrder(string message) => message switch
    {
        _ when message.Contains("immediately match and take", StringComparison.OrdinalIgnoreCase) => (VenueErrorKind.PostOnlyWouldCross, false),
        _ when message.Contains("Duplicate order", StringComparison.OrdinalIgnoreCase) => (VenueErrorKind.DuplicateClientOrderId, false),
        _ when message.Contains("insufficient balance", StringComparison.OrdinalIgnoreCase) => (VenueErrorKind.InsufficientFunds, false),
        _ => (VenueErrorKind.InvalidRequest, false),
    };
}
