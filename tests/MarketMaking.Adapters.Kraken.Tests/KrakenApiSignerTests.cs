using System.Text.Json;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Kraken.Tests;

public sealed class KrakenApiSignerTests
{
    [Test]
    public void Sign_OfficialVector_GivesTheDocumentedApiSign()
    {
        using var vector = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.Fixture("kraken/signing-vector.json")));
        var root = vector.RootElement;
        var sut = new KrakenApiSigner(root.GetProperty("private_key_base64").GetString()!);

        var signature = sut.Sign(
            root.GetProperty("uri_path").GetString()!,
            root.GetProperty("nonce").GetString()!,
            root.GetProperty("post_data").GetString()!);

        Assert.That(signature, Is.EqualTo(root.GetProperty("expected_api_sign").GetString()));
    }

    [Test]
    public void Constructor_SecretNotBase64_ThrowsWithoutEchoingTheSecret()
    {
        const string Secret = "not base64 at all!";

        Assert.That(
            () => new KrakenApiSigner(Secret),
            Throws.ArgumentException.With.Message.Contains("not valid Base64").And.Message.Not.Contains(Secret));
    }
}
