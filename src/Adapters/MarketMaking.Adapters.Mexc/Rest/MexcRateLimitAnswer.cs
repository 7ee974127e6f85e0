using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// MEXC's rate-limit answers, the same for Spot and Futures: 429 (too many requests) and 418 (an IP ban after repeated
/// 429s, from 2 minutes to 3 days). Either way the request did not run; <c>Retry-After</c> (seconds) says when to try again.
/// </summary>
/// <remarks>Source: MEXC Spot v3 docs, "Limits"; <c>docs/protocol/mexc.md</c> §1.8.</remarks>
internal static class MexcRateLimitAnswer
{
    /// <summary>Reads a rate-limit answer.</summary>
    /// <param name="response">The response.</param>
    /// <param name="path">The request's path.</param>
    /// <param name="venueCode">The venue code to report (<c>MEXC 429</c>, <c>MEXC-F 429</c>).</param>
    /// <param name="message">MEXC's message from the body, or <see langword="null"/>.</param>
    /// <returns>The <see cref="VenueErrorKind.RateLimited"/> error, or <see langword="null"/> when the status is neither 429 nor 418.</returns>
    public static VenueError? From(HttpResponseMessage response, string path, string venueCode, string? message)
    {
        var status = (int)response.StatusCode;
        if (status is not (429 or 418))
        {
            return null;
        }

        // Without a Retry-After header: 10 s after a 429, the shortest ban after a 418.
        var retryAfter = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(status == 418 ? 120 : 10);
        return new VenueError(VenueErrorKind.RateLimited, IsTransient: true, venueCode, $"{path}: {message ?? $"HTTP {status}"}") { RetryAfter = retryAfter };
    }
}
