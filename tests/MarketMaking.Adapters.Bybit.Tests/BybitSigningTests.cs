using System.Text.Json;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Bybit.Tests;

/// <summary>
/// Bybit's signing on the examples its v5 documentation publishes (tests/fixtures/bybit/signing-vectors.json,
/// bybit-exchange/docs @ 072c197): the strings to sign of a GET and a POST are reproduced exactly; the docs never print
/// the secret behind their signatures, so the HMAC step is checked on RFC 4231's vectors instead.
/// </summary>
public sealed class BybitSigningTests
{
    private static readonly JsonElement s_vectors = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("bybit/signing-vectors.json"))).RootElement;

    [TestCase("get", "queryString")]
    [TestCase("post", "body")]
    public void TheStringToSign_IsTheDocsExample(string name, string payloadField)
    {
        var example = s_vectors.GetProperty("examples").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);
        var text = BybitSigner.StringToSign(
            example.GetProperty("apiKey").GetString()!,
            long.Parse(example.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(example.GetProperty("recvWindow").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            example.GetProperty(payloadField).GetString()!);

        Assert.That(text, Is.EqualTo(example.GetProperty("stringToSign").GetString()));
    }

    // RFC 4231, section 4.3 (Test Case 2): HMAC-SHA256 as Bybit uses it.
    [TestCase("Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    public void TheHmac_ReproducesRfc4231(string key, string data, string expected) =>
        Assert.That(new BybitSigner("api-key", key).Hmac(data), Is.EqualTo(expected));

    [Test]
    public void ARequestsSignature_IsTheHmacOfItsStringToSign_AndTheWebSocketAuthSignsGetRealtimeAndExpiry()
    {
        var signer = new BybitSigner("XXXXXXXXXX", "secret");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(signer.SignRequest(1658384314791, 5000, "category=option&symbol=BTC-29JUL22-25000-C"), Is.EqualTo(signer.Hmac("1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C")));
            Assert.That(signer.SignWebSocketAuth(1711010121452), Is.EqualTo(signer.Hmac("GET/realtime1711010121452")));
            Assert.That(signer.SignRequest(1, 5000, "a"), Does.Match("^[0-9a-f]{64}$"), "lower-case hex");
        }
    }
}
