using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// Signs Bybit v5 requests with an HMAC API key: <c>X-BAPI-SIGN</c> = lower-case hex HMAC-SHA256, keyed by the secret,
/// over <c>timestamp + apiKey + recvWindow + payload</c>, the payload being the query string of a GET and the exact
/// JSON body of a POST; a WebSocket authenticates with the HMAC of <c>GET/realtime + expires</c>.
/// </summary>
/// <remarks>
/// Sources: https://bybit-exchange.github.io/docs/v5/guide ("Create A Request") and
/// https://bybit-exchange.github.io/docs/v5/ws/connect ("Authentication"). Bybit prints the strings to sign but never
/// the secret of its examples, so the tests reproduce the strings and check the HMAC on RFC 4231's vectors.
/// </remarks>
public sealed class BybitSigner
{
    private readonly string _apiKey;
    private readonly byte[] _secret;

    /// <summary>Initializes a signer.</summary>
    /// <param name="apiKey">The API key (<c>X-BAPI-API-KEY</c>).</param>
    /// <param name="apiSecret">Its secret.</param>
    /// <exception cref="ArgumentException">The key or secret is empty.</exception>
    public BybitSigner(string apiKey, string apiSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        ArgumentException.ThrowIfNullOrEmpty(apiSecret);
        _apiKey = apiKey;
        _secret = Encoding.UTF8.GetBytes(apiSecret);
    }

    /// <summary>The text a REST request signs.</summary>
    /// <param name="apiKey">The API key.</param>
    /// <param name="timestamp">The <c>X-BAPI-TIMESTAMP</c> sent, ms since the Unix epoch.</param>
    /// <param name="recvWindow">The <c>X-BAPI-RECV-WINDOW</c> sent, ms.</param>
    /// <param name="payload">A GET's query string (without <c>?</c>), or a POST's exact JSON body.</param>
    /// <returns>The string to sign.</returns>
    public static string StringToSign(string apiKey, long timestamp, int recvWindow, string payload) =>
        string.Create(CultureInfo.InvariantCulture, $"{timestamp}{apiKey}{recvWindow}{payload}");

    /// <summary>Signs a REST request.</summary>
    /// <param name="timestamp">The <c>X-BAPI-TIMESTAMP</c> sent, ms since the Unix epoch.</param>
    /// <param name="recvWindow">The <c>X-BAPI-RECV-WINDOW</c> sent, ms.</param>
    /// <param name="payload">A GET's query string, or a POST's exact JSON body.</param>
    /// <returns>The <c>X-BAPI-SIGN</c> header's value.</returns>
    public string SignRequest(long timestamp, int recvWindow, string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Hmac(StringToSign(_apiKey, timestamp, recvWindow, payload));
    }

    /// <summary>Signs a WebSocket authentication (private streams and the trade stream).</summary>
    /// <param name="expires">When the signature expires, ms since the Unix epoch (a second or so ahead).</param>
    /// <returns>The third argument of <c>{"op":"auth","args":[apiKey, expires, signature]}</c>.</returns>
    public string SignWebSocketAuth(long expires) => Hmac(string.Create(CultureInfo.InvariantCulture, $"GET/realtime{expires}"));

    /// <summary>
    /// The arguments of a stream's <c>{"op":"auth"}</c> (private streams and the trade stream): the key, an expiry ten
    /// seconds after <paramref name="now"/> (ms since the Unix epoch), and its signature.
    /// </summary>
    internal object[] WebSocketAuthArguments(DateTimeOffset now)
    {
        var expires = now.AddSeconds(10).ToUnixTimeMilliseconds();
        return [_apiKey, expires, SignWebSocketAuth(expires)];
    }

    /// <summary>The lower-case hex HMAC-SHA256 of a text, keyed by the secret.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The signature.</returns>
    public string Hmac(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(text)));
    }
}
