using System.Security.Cryptography;
using System.Text;

namespace MarketMaking.Adapters.Kraken;

/// <summary>Computes Kraken's <c>API-Sign</c> header for private REST calls.</summary>
/// <remarks>
/// Source: <see href="https://docs.kraken.com/api/docs/guides/spot-rest-auth"/>.
/// <c>API-Sign = Base64(HMAC-SHA512(key: Base64Decode(secret), message: UTF8(uriPath) ++ SHA256(UTF8(nonce + postData))))</c>,
/// where <c>postData</c> is exactly the body sent, which itself contains the same nonce.
/// </remarks>
public sealed class KrakenApiSigner
{
    private readonly byte[] _secret;

    /// <summary>Initializes a signer with the API secret.</summary>
    /// <param name="base64Secret">The private key as Kraken shows it (Base64).</param>
    /// <exception cref="ArgumentException"><paramref name="base64Secret"/> is empty or not Base64 (the message never contains it).</exception>
    public KrakenApiSigner(string base64Secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(base64Secret);
        var buffer = new byte[base64Secret.Length];
        if (!Convert.TryFromBase64String(base64Secret, buffer, out var written))
        {
            throw new ArgumentException("The Kraken API secret is not valid Base64.", nameof(base64Secret));
        }

        _secret = buffer[..written];
    }

    /// <summary>Signs one request.</summary>
    /// <param name="uriPath">The path only, such as <c>/0/private/AddOrder</c>.</param>
    /// <param name="nonce">The nonce as written in the body.</param>
    /// <param name="postData">The exact body.</param>
    /// <returns>The <c>API-Sign</c> header value.</returns>
    public string Sign(string uriPath, string nonce, string postData)
    {
        ArgumentNullException.ThrowIfNull(uriPath);
        ArgumentNullException.ThrowIfNull(nonce);
        ArgumentNullException.ThrowIfNull(postData);
        var inner = SHA256.HashData(Encoding.UTF8.GetBytes(nonce + postData));
        var path = Encoding.UTF8.GetBytes(uriPath);
        var message = new byte[path.Length + inner.Length];
        path.CopyTo(message, 0);
        inner.CopyTo(message, path.Length);
        return Convert.ToBase64String(HMACSHA512.HashData(_secret, message));
    }
}
