using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MarketMaking.Adapters.Kraken;

namespace MarketMaking.Simulation.KrakenProtocol;

/// <summary>
/// Checks a private REST request as Kraken does: the <c>API-Key</c> header names the configured key, <c>API-Sign</c>
/// is the HMAC-SHA512 of the path and SHA-256(nonce + body) under the secret, and the nonce is above every earlier one
/// of the key.
/// </summary>
/// <remarks>Source: <see href="https://docs.kraken.com/api/docs/guides/spot-rest-auth"/>.</remarks>
internal sealed class KrakenRequestAuthenticator
{
    private readonly string _apiKey;
    private readonly KrakenApiSigner _signer;
    private readonly object _gate = new();
    private ulong _lastNonce;

    public KrakenRequestAuthenticator(string apiKey, string base64Secret)
    {
        _apiKey = apiKey;
        _signer = new KrakenApiSigner(base64Secret);
    }

    /// <summary>Checks a request.</summary>
    /// <param name="apiKey">The <c>API-Key</c> header.</param>
    /// <param name="signature">The <c>API-Sign</c> header.</param>
    /// <param name="path">The URI path, such as <c>/0/private/AddOrder</c>.</param>
    /// <param name="body">The body exactly as received.</param>
    /// <param name="nonce">The body's <c>nonce</c> field.</param>
    /// <returns>Kraken's error string, or <see langword="null"/> when the request may proceed.</returns>
    public string? Check(string? apiKey, string? signature, string path, string body, string? nonce)
    {
        if (apiKey is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(apiKey), Encoding.UTF8.GetBytes(_apiKey)))
        {
            return "EAPI:Invalid key";
        }

        if (nonce is null || !ulong.TryParse(nonce, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return "EAPI:Invalid nonce";
        }

        var expected = _signer.Sign(path, nonce, body);
        if (signature is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(expected)))
        {
            return "EAPI:Invalid signature";
        }

        lock (_gate)
        {
            if (value <= _lastNonce)
            {
                return "EAPI:Invalid nonce";
            }

            _lastNonce = value;
            return null;
        }
    }
}
