using System.Text;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// Signs MEXC Futures (contract v1) requests: signature = lower-case hex of HMAC-SHA256, keyed by the secret, over
/// <c>accessKey + Request-Time + parameters</c>, where the parameters are, for GET and DELETE, the business
/// parameters sorted by name as <c>k=v</c> joined by <c>&amp;</c> (null ones left out), and for POST the exact JSON
/// body sent. The WebSocket login signs <c>accessKey + reqTime</c>.
/// </summary>
/// <remarks>
/// Source: MEXC contract v1 docs, "Authentication" and "Login"; the docs publish no secret/signature pair, so the
/// test vectors in <c>tests/fixtures/mexc/signing-vector.json</c> are derived from the documented rule.
/// </remarks>
public sealed class MexcFuturesSigner
{
    private readonly string _accessKey;
    private readonly byte[] _secret;

    /// <summary>Initializes a signer.</summary>
    /// <param name="accessKey">The API (access) key.</param>
    /// <param name="apiSecret">The API secret.</param>
    /// <exception cref="ArgumentException">The key or secret is empty.</exception>
    public MexcFuturesSigner(string accessKey, string apiSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        ArgumentException.ThrowIfNullOrEmpty(apiSecret);
        _accessKey = accessKey;
        _secret = Encoding.UTF8.GetBytes(apiSecret);
    }

    /// <summary>Signs a GET or DELETE request.</summary>
    /// <param name="requestTime">The <c>Request-Time</c> header, epoch ms as sent.</param>
    /// <param name="parameters">The business parameters (path parameters excluded); null values are left out.</param>
    /// <returns>The lower-case hex signature.</returns>
    public string SignQuery(string requestTime, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestTime);
        ArgumentNullException.ThrowIfNull(parameters);
        var sorted = string.Join('&', parameters.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        return MexcHmac.Hex(_secret, _accessKey + requestTime + sorted);
    }

    /// <summary>Signs a POST request.</summary>
    /// <param name="requestTime">The <c>Request-Time</c> header.</param>
    /// <param name="jsonBody">The exact JSON body sent.</param>
    /// <returns>The lower-case hex signature.</returns>
    public string SignBody(string requestTime, string jsonBody)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestTime);
        ArgumentNullException.ThrowIfNull(jsonBody);
        return MexcHmac.Hex(_secret, _accessKey + requestTime + jsonBody);
    }

    /// <summary>Signs the WebSocket login.</summary>
    /// <param name="requestTime">The <c>reqTime</c> sent, epoch ms.</param>
    /// <returns>The lower-case hex signature.</returns>
    public string SignLogin(string requestTime)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestTime);
        return MexcHmac.Hex(_secret, _accessKey + requestTime);
    }
}
