using System.Text.Json;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Binance.Tests;

/// <summary>
/// Binance's signing, on the examples its API documentation publishes (tests/fixtures/binance/signing-vectors.json,
/// binance/binance-spot-api-docs @ a5e0bc3): the REST and WebSocket API HMAC examples, payload and signature; Ed25519
/// on RFC 8032's vectors, Binance publishing no private key for its own example.
/// </summary>
public sealed class BinanceSigningTests
{
    private static readonly JsonElement s_vectors = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("binance/signing-vectors.json"))).RootElement;

    private static IEnumerable<TestCaseData> HmacExamples() =>
        s_vectors.GetProperty("hmac").EnumerateArray().Select(v => new TestCaseData(v.GetProperty("secretKey").GetString(), v.GetProperty("payload").GetString(), v.GetProperty("signature").GetString())
            .SetName($"Hmac_ReproducesTheDocsExample_{v.GetProperty("name").GetString()}"));

    [TestCaseSource(nameof(HmacExamples))]
    public void Hmac_ReproducesTheDocsExample(string secret, string payload, string signature) =>
        Assert.That(new BinanceHmacSigner(secret).Sign(payload), Is.EqualTo(signature));

    [Test]
    public void TheRestPayload_IsPercentEncodedInTheOrderSent_AsTheDocsNonAsciiExample()
    {
        // rest-api.md: the non-ASCII symbol "１２３４５６" is percent-encoded before signing.
        var payload = BinancePayload.Rest(
        [
            new("symbol", "１２３４５６"), new("side", "BUY"), new("type", "LIMIT"), new("timeInForce", "GTC"),
            new("quantity", "1"), new("price", "0.1"), new("recvWindow", "5000"), new("timestamp", "1499827319559"),
        ]);
        var example = s_vectors.GetProperty("hmac").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "rest-non-ascii-percent-encoded");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(payload, Is.EqualTo(example.GetProperty("payload").GetString()));
            Assert.That(new BinanceHmacSigner(example.GetProperty("secretKey").GetString()!).Sign(payload), Is.EqualTo(example.GetProperty("signature").GetString()));
        }
    }

    [Test]
    public void TheWebSocketApiPayload_IsSortedByName_RawUtf8_WithoutTheSignature()
    {
        // web-socket-api.md: order.place's params, sorted, the non-ASCII symbol left as it is.
        var example = s_vectors.GetProperty("hmac").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "wsapi-non-ascii-raw-utf8");
        var payload = BinancePayload.WebSocketApi(
        [
            new("symbol", "１２３４５６"), new("side", "BUY"), new("type", "LIMIT"), new("timeInForce", "GTC"), new("quantity", "1.00000000"),
            new("price", "0.10000000"), new("recvWindow", "5000"), new("timestamp", "1645423376532"), new("apiKey", example.GetProperty("apiKey").GetString()!),
            new("signature", "left out"),
        ]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(payload, Is.EqualTo(example.GetProperty("payload").GetString()));
            Assert.That(new BinanceHmacSigner(example.GetProperty("secretKey").GetString()!).Sign(payload), Is.EqualTo(example.GetProperty("signature").GetString()));
        }
    }

    // RFC 8032, section 7.1, TEST 1 (empty message), TEST 2 (one byte) and TEST 3 (two bytes).
    [TestCase("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "", "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [TestCase("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72", "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    [TestCase("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7", "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82", "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a")]
    public void Ed25519_ReproducesRfc8032(string seed, string publicKey, string message, string signature)
    {
        var signer = BinanceEd25519Signer.FromSeed(Convert.FromHexString(seed));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Convert.ToHexStringLower(signer.PublicKey.Span), Is.EqualTo(publicKey));
            Assert.That(Convert.ToHexStringLower(signer.SignBytes(Convert.FromHexString(message))), Is.EqualTo(signature));
        }
    }

    [Test]
    public void Ed25519_FromAPkcs8Pem_SignsTheWebSocketApiPayloadInBase64()
    {
        // RFC 8032's TEST 1 key as PKCS#8 (RFC 8410, section 7): the form Binance's key generator writes.
        var der = Convert.FromHexString("302e020100300506032b657004220420" + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        var pem = $"-----BEGIN PRIVATE KEY-----\n{Convert.ToBase64String(der)}\n-----END PRIVATE KEY-----\n";
        var example = s_vectors.GetProperty("not_reproducible").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "wsapi-ed25519-ascii");
        var signature = BinanceEd25519Signer.FromPem(pem).Sign(example.GetProperty("payload").GetString()!);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Convert.FromBase64String(signature), Has.Length.EqualTo(64), "a base64 Ed25519 signature");
            Assert.That(signature, Is.EqualTo(BinanceEd25519Signer.FromSeed(der[^32..]).Sign(example.GetProperty("payload").GetString()!)), "the PEM's key");
            Assert.That(example.GetProperty("signature").GetString()!, Has.Length.EqualTo(signature.Length), "the docs' example has the same form (its key is not published)");
        }
    }

    [TestCase("not a key")]
    [TestCase("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")]
    public void Ed25519_ABadPem_IsRefusedWithoutEchoingIt(string pem)
    {
        var exception = Assert.Throws<FormatException>(() => BinanceEd25519Signer.FromPem(pem));
        Assert.That(exception!.Message, Does.Not.Contain("AAAA").And.Contain("private key"));
    }
}
