using MarketMaking.Models;
namespace MarketMaking.Adapters;

/// <summary>What an HTTP transport failure means for a REST call's outcome, the same for every venue.</summary>
public static class HttpTransportFailure
{
    /// <summary>
    /// Turns an <see cref="HttpRequestException"/> into a result: a connection that never opened (refused, DNS, TLS,
    /// proxy) sent nothing, so the call failed; any other failure may have come after the request was sent, so an
    /// order-entry call's outcome is <see cref="VenueOutcome.Unknown"/>.
    /// </summary>
    /// <typeparam name="T">The answer's value type.</typeparam>
    /// <param name="exception">The failure.</param>
    /// <param name="path">The request's path, for the message.</param>
    /// <param name="isOrderEntry">Whether the call may have changed orders at the venue.</param>
    /// <returns>A <see cref="VenueErrorKind.Transport"/> failure (marked <see cref="VenueError.NotSent"/> when no connection opened), or an unknown outcome.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public static VenueResult<T> Of<T>(HttpRequestException exception, string path, bool isOrderEntry)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var error = VenueError.Transport($"{path}: {exception.Message}");
        var notSent = exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;
        return isOrderEntry && !notSent ? VenueResult<T>.Unknown(error) : VenueResult<T>.Failure(error with { NotSent = notSent });
    }
}
