using System.Net;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// One REST request to Binance and its answer, as every Binance client sends it: nothing sent during a 429's or 418's
/// wait, the limit headers read from every answer, a refusal mapped by its code, and for order entry the outcomes
/// Binance leaves open (<c>-1006</c>, <c>-1007</c>, a 5xx, a time-out, a connection lost after sending) unknown.
/// </summary>
internal static class BinanceHttpExchange
{
    /// <summary>Sends a request built by the caller (signed or not) and reads its answer.</summary>
    /// <param name="http">The pooled HTTP client.</param>
    /// <param name="message">The request.</param>
    /// <param name="path">The endpoint's path, for messages and logs (never the query, which may carry a signature).</param>
    /// <param name="weight">The request weight the answers report, and any wait they impose.</param>
    /// <param name="timeout">How long to wait for the answer.</param>
    /// <param name="isOrderEntry">Whether an unanswered request leaves an order's outcome unknown.</param>
    /// <param name="logger">Where an unknown outcome is logged.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The answer's body, the failure, or (order entry) the unknown outcome.</returns>
    public static async Task<VenueResult<byte[]>> SendAsync(
        HttpClient http, HttpRequestMessage message, string path, BinanceRequestWeight weight, TimeSpan timeout, bool isOrderEntry, ILogger logger, CancellationToken cancellationToken)
    {
        if (weight.RefusalDuringBackoff() is { } refused)
        {
            return VenueResult<byte[]>.Failure(refused);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(message, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            var retryAfter = weight.OnAnswer((int)response.StatusCode, response.Headers);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return VenueResult<byte[]>.Success(body);
            }

            var status = (int)response.StatusCode;
            var error = BinanceErrors.Read(body, status, retryAfter) ?? BinanceErrors.Map(0, $"HTTP {status} from {path}", status, retryAfter);

            // -1006 and -1007 say the request reached the matching engine and its fate is not known; so may a 5xx.
            var unknown = isOrderEntry && (status >= 500 || error.VenueCode is "Binance -1006" or "Binance -1007");
            if (unknown)
            {
                Log.OrderOutcomeUnknown(logger, path, error);
            }

            return unknown ? VenueResult<byte[]>.Unknown(error) : VenueResult<byte[]>.Failure(error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var error = VenueError.Timeout($"Binance {path} did not answer within {timeout}");
            if (isOrderEntry)
            {
                Log.OrderOutcomeUnknown(logger, path, error);
            }

            return isOrderEntry ? VenueResult<byte[]>.Unknown(error) : VenueResult<byte[]>.Failure(error);
        }
        catch (HttpRequestException exception)
        {
            return HttpTransportFailure.Of<byte[]>(exception, path, isOrderEntry);
        }
    }
}
