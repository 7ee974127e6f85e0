using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MarketMaking.Adapters.Binance;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// Checks a signed request as Binance does: the key in <c>X-MBX-APIKEY</c>, a <c>signature</c> over the query string as
/// sent (every parameter before it) — HMAC-SHA256 with the secret, or, for an Ed25519 key, the base64 Ed25519 signature
/// checked with the registered public key — and a <c>timestamp</c> no more than 1 s ahead of the server's clock and no
/// older than <c>recvWindow</c> (5000 ms by default, 60000 at most).
/// </summary>
/// <remarks>Source: <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security"/>.</remarks>
internal sealed class BinanceRequestAuthenticator(string apiKey, string apiSecret, byte[]? ed25519PublicKey, TimeProvider clock)
{
    private readonly BinanceHmacSigner _signer = new(apiSecret);

    /// <summary>Gets the account's key, as <c>session.logon</c> and <c>session.status</c> report it.</summary>
    public string ApiKey => apiKey;

    /// <summary>Gets whether the account's key is an Ed25519 key, the only kind <c>session.logon</c> takes.</summary>
    public bool IsEd25519 => ed25519PublicKey is not null;

    /// <summary>Whether a <c>X-MBX-APIKEY</c> header names the account's key (USER_STREAM endpoints need no signature).</summary>
    public bool IsKey(string? key) => key is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(apiKey));

    /// <summary>Checks a request.</summary>
    /// <param name="key">The <c>X-MBX-APIKEY</c> header.</param>
    /// <param name="rawQuery">The query string as sent, without its <c>?</c>.</param>
    /// <param name="refusal">Binance's code and message when refused.</param>
    /// <returns>Whether the request is authentic and in time.</returns>
    public bool TryAccept(string? key, string rawQuery, out (int Code, string Message) refusal)
    {
        if (!IsKey(key))
        {
            refusal = (-2015, "Invalid API-key, IP, or permissions for action.");
            return false;
        }

        var at = rawQuery.LastIndexOf("&signature=", StringComparison.Ordinal);
        if (at < 0)
        {
            refusal = (-1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
            return false;
        }

        if (!IsSignature(rawQuery[..at], Uri.UnescapeDataString(rawQuery[(at + "&signature=".Length)..])))
        {
            refusal = (-1022, "Signature for this request is not valid.");
            return false;
        }

        var parameters = System.Web.HttpUtility.ParseQueryString(rawQuery[..at]);
        var window = long.TryParse(parameters["recvWindow"], NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : 5000;
        return InTime(parameters["timestamp"], window, out refusal);
    }

    /// <summary>Checks a WebSocket API request's <c>params</c>: its <c>apiKey</c>, and a <c>signature</c> over every other parameter sorted by name.</summary>
    /// <param name="parameters">The request's parameters, values as text.</param>
    /// <param name="refusal">Binance's code and message when refused.</param>
    /// <returns>Whether the request is authentic and in time.</returns>
    public bool TryAccept(IReadOnlyDictionary<string, string> parameters, out (int Code, string Message) refusal)
    {
        if (!parameters.TryGetValue("apiKey", out var key) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(apiKey)))
        {
            refusal = (-2015, "Invalid API-key, IP, or permissions for action.");
            return false;
        }

        if (!parameters.TryGetValue("signature", out var given) || !IsSignature(BinancePayload.WebSocketApi(parameters), given))
        {
            refusal = (-1022, "Signature for this request is not valid.");
            return false;
        }

        return InTime(parameters.GetValueOrDefault("timestamp"), WindowOf(parameters), out refusal);
    }

    /// <summary>
    /// Checks a WebSocket API request on a connection <c>session.logon</c> authenticated: one without <c>apiKey</c> and
    /// <c>signature</c> needs only its <c>timestamp</c> in time; one with them is checked as on any connection.
    /// </summary>
    /// <param name="parameters">The request's parameters, values as text.</param>
    /// <param name="refusal">Binance's code and message when refused.</param>
    /// <returns>Whether the request is accepted.</returns>
    public bool TryAcceptOnSession(IReadOnlyDictionary<string, string> parameters, out (int Code, string Message) refusal)
    {
        if (parameters.ContainsKey("signature") || parameters.ContainsKey("apiKey"))
        {
            return TryAccept(parameters, out refusal);
        }

        return InTime(parameters.GetValueOrDefault("timestamp"), WindowOf(parameters), out refusal);
    }

    /// <summary>Whether a signature is the payload's: HMAC with the secret, or Ed25519 with the public key when one is registered.</summary>
    private bool IsSignature(string payload, string given)
    {
        if (ed25519PublicKey is null)
        {
            return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(_signer.Sign(payload)));
        }

        var signature = new byte[64];
        if (!Convert.TryFromBase64String(given, signature, out var length) || length != 64)
        {
            return false;
        }

        var verifier = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
        verifier.Init(forSigning: false, new Org.BouncyCastle.Crypto.Parameters.Ed25519PublicKeyParameters(ed25519PublicKey));
        var message = Encoding.UTF8.GetBytes(payload);
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }

    /// <summary>A WebSocket API request's <c>recvWindow</c>, 5000 ms when not given.</summary>
    private static long WindowOf(IReadOnlyDictionary<string, string> parameters) =>
        parameters.TryGetValue("recvWindow", out var given) && long.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var window) ? window : 5000;

    private bool InTime(string? timestampText, long window, out (int Code, string Message) refusal)
    {
        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || window > 60_000)
        {
            refusal = (-1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
            return false;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (timestamp >= now + 1000 || now - timestamp > window)
        {
            refusal = (-1021, "Timestamp for this request is outside of the recvWindow.");
            return false;
        }

        refusal = default;
        return true;
    }
}
