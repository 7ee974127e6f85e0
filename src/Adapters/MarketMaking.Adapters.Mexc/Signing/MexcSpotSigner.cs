using System.Text;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// Signs MEXC Spot v3 requests: <c>signature</c> = lower-case hex of HMAC-SHA256, keyed by the API secret, over
/// <c>totalParams</c> — the query string joined directly to the request body, with no <c>&amp;</c> between them.
/// The bytes signed must be the bytes sent (values URL-encoded with upper-case hex, as <see cref="Uri.EscapeDataString(string)"/> does).
/// </summary>
/// <remarks>Source: MEXC Spot v3 docs, "SIGNED Endpoint Examples for POST /api/v3/order" (examples 2 and 3 reproduce; example 1 as published does not).</remarks>
public sealed class MexcSpotSigner
{
    private readonly byte[] _secret;

    /// <summary>Initializes a signer.</summary>
    /// <param name="apiSecret">The API secret, as MEXC shows it (used as UTF-8 bytes).</param>
    /// <exception cref="ArgumentException">The secret is empty.</exception>
    public MexcSpotSigner(string apiSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiSecret);
        _secret = Encoding.UTF8.GetBytes(apiSecret);
    }

    /// <summary>Signs a request.</summary>
    /// <param name="queryString">The query string without the leading <c>?</c> (empty when none).</param>
    /// <param name="requestBody">The form body (empty when none).</param>
    /// <returns>The 64 lower-case hex characters to send as <c>signature</c>.</returns>
    public string Sign(string queryString, string requestBody = "")
    {
        ArgumentNullException.ThrowIfNull(queryString);
        ArgumentNullException.ThrowIfNull(requestBody);
        return MexcHmac.Hex(_secret, queryString + requestBody);
    }
}
