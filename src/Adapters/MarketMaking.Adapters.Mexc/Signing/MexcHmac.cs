using System.Security.Cryptography;
using System.Text;

namespace MarketMaking.Adapters.Mexc;

/// <summary>The HMAC-SHA256 both MEXC APIs use, as lower-case hex.</summary>
internal static class MexcHmac
{
    public static string Hex(byte[] secret, string payload) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(payload)));
}
