using System.Security.Cryptography;
using System.Text;

namespace MarketMaking.Adapters.Binance;

/// <summary>Signs with an HMAC-SHA256 API key: the lower-case hex HMAC of the payload's UTF-8 bytes, keyed by the secret's.</summary>
/// <remarks>Source: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security (the HMAC examples, reproduced in the tests).</remarks>
public sealed class BinanceHmacSigner : IBinanceSigner
{
    private readonly byte[] _secret;

    /// <summary>Initializes a signer.</summary>
    /// <param name="apiSecret">The API key's secret.</param>
    /// <exception cref="ArgumentException">The secret is empty.</exception>
    public BinanceHmacSigner(string apiSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiSecret);
        _secret = Encoding.UTF8.GetBytes(apiSecret);
    }

    /// <inheritdoc/>
    public string Sign(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(payload)));
    }
}
