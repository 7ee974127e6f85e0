using System.Text.Json;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Mexc.Tests;

/// <summary>The signing vectors of <c>tests/fixtures/mexc/signing-vector.json</c>: MEXC's Spot examples 2 and 3 and the derived Futures vectors.</summary>
public sealed class MexcSigningTests
{
    private static JsonElement Vectors(string section)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("mexc/signing-vector.json")));
        return document.RootElement.GetProperty(section).Clone();
    }

    private static JsonElement Vector(string section, string name) => Vectors(section).EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);

    [TestCase("docs-example-2-query-string")]
    [TestCase("docs-example-3-mixed-query-and-body")]
    public void Spot_ReproducesTheDocsExample(string name)
    {
        var vector = Vector("spot", name);
        var signer = new MexcSpotSigner(vector.GetProperty("secretKey").GetString()!);

        var signature = signer.Sign(vector.GetProperty("queryString").GetString()!, vector.GetProperty("requestBody").GetString()!);

        Assert.That(signature, Is.EqualTo(vector.GetProperty("expectedSignature").GetString()));
    }

    [Test]
    public void Spot_DocsExample1AsPublished_IsADocError_TheCorrectSignatureIsExample2s()
    {
        var vector = Vector("spot", "docs-example-1-request-body-AS-PUBLISHED");
        var signature = new MexcSpotSigner(vector.GetProperty("secretKey").GetString()!).Sign(string.Empty, vector.GetProperty("requestBody").GetString()!);

        Assert.Multiple(() =>
        {
            Assert.That(signature, Is.Not.EqualTo(vector.GetProperty("expectedSignature").GetString()));
            Assert.That(signature, Is.EqualTo(vector.GetProperty("correctSignature").GetString()));
        });
    }

    [Test]
    public void Futures_ReproducesEveryDerivedVector()
    {
        foreach (var vector in Vectors("futures").EnumerateArray())
        {
            var signer = new MexcFuturesSigner(vector.GetProperty("apiKey").GetString()!, vector.GetProperty("secretKey").GetString()!);
            var name = vector.GetProperty("name").GetString();
            string signature;
            if (vector.TryGetProperty("reqTime", out var reqTime))
            {
                signature = signer.SignLogin(reqTime.GetString()!);
            }
            else if (vector.TryGetProperty("body", out var body))
            {
                signature = signer.SignBody(vector.GetProperty("requestTime").GetString()!, body.GetString()!);
            }
            else
            {
                var parameters = vector.TryGetProperty("params", out var p)
                    ? p.EnumerateObject().Select(o => new KeyValuePair<string, string?>(o.Name, o.Value.GetString())).ToArray()
                    : [];
                signature = signer.SignQuery(vector.GetProperty("requestTime").GetString()!, parameters);
            }

            Assert.That(signature, Is.EqualTo(vector.GetProperty("expectedSignature").GetString()), name);
        }
    }

    [Test]
    public void Futures_NullParametersAreLeftOut_AndTheRestSortedByName()
    {
        var signer = new MexcFuturesSigner("mx0aBYs33eIilxBWC5", "45d0b3c26f2644f19bfb98b07741b2f5");

        var withNull = signer.SignQuery("1644489390087", [new("symbol", "BTC_USDT"), new("page_num", "1"), new("states", null), new("page_size", "20")]);

        Assert.That(withNull, Is.EqualTo(Vector("futures", "derived-rest-get-sorted-params").GetProperty("expectedSignature").GetString()));
    }
}
