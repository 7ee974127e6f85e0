using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace MarketMaking.Adapters.Binance;

/// <summary>Signs with an Ed25519 API key: the base64 Ed25519 signature (RFC 8032) of the payload's UTF-8 bytes.</summary>
/// <remarks>
/// Source: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security. Binance publishes no
/// private key for its Ed25519 example, so the tests check the signer on RFC 8032's own vectors.
/// </remarks>
public sealed class BinanceEd25519Signer : IBinanceSigner
{
    private readonly Ed25519PrivateKeyParameters _key;

    private BinanceEd25519Signer(Ed25519PrivateKeyParameters key) => _key = key;

    /// <summary>Gets the public key, 32 bytes, as registered with Binance (for a check of the key pair).</summary>
    public ReadOnlyMemory<byte> PublicKey => _key.GeneratePublicKey().GetEncoded();

    /// <summary>Reads a private key as Binance's key generator writes it: PEM, PKCS#8 (<c>-----BEGIN PRIVATE KEY-----</c>).</summary>
    /// <param name="pem">The PEM text.</param>
    /// <returns>The signer.</returns>
    /// <exception cref="FormatException">The text is not a PKCS#8 Ed25519 private key (the message never holds the key).</exception>
    public static BinanceEd25519Signer FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        const string Begin = "-----BEGIN PRIVATE KEY-----", End = "-----END PRIVATE KEY-----";
        var start = pem.IndexOf(Begin, StringComparison.Ordinal);
        var end = pem.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new FormatException("Not a PEM private key: expected -----BEGIN PRIVATE KEY----- (PKCS#8), as Binance's key generator writes it");
        }

        try
        {
            var der = Convert.FromBase64String(pem[(start + Begin.Length)..end]);
            return PrivateKeyFactory.CreateKey(der) is Ed25519PrivateKeyParameters key
                ? new BinanceEd25519Signer(key)
                : throw new FormatException("The PEM private key is not an Ed25519 key");
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidCastException or IOException or Org.BouncyCastle.Security.SecurityUtilityException)
        {
            throw new FormatException("The PEM private key cannot be read as PKCS#8 Ed25519", exception);
        }
    }

    /// <summary>Reads a private key from its 32-byte seed (RFC 8032's "secret key").</summary>
    /// <param name="seed">The 32 bytes.</param>
    /// <returns>The signer.</returns>
    /// <exception cref="ArgumentException">The seed is not 32 bytes.</exception>
    public static BinanceEd25519Signer FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519PrivateKeyParameters.KeySize)
        {
            throw new ArgumentException($"An Ed25519 seed is {Ed25519PrivateKeyParameters.KeySize} bytes, not {seed.Length}", nameof(seed));
        }

        return new BinanceEd25519Signer(new Ed25519PrivateKeyParameters(seed));
    }

    /// <inheritdoc/>
    public string Sign(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Convert.ToBase64String(SignBytes(Encoding.UTF8.GetBytes(payload)));
    }

    /// <summary>Signs bytes.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The 64-byte signature.</returns>
    public byte[] SignBytes(ReadOnlySpan<byte> message)
    {
        var signer = new Ed25519Signer();
        signer.Init(forSigning: true, _key);
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }
}
