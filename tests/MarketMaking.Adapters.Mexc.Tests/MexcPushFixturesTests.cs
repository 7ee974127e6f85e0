using Google.Protobuf;
using MarketMaking.Adapters.Mexc.Protocol;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Mexc.Tests;

/// <summary>Every binary protobuf fixture decodes, with the project's own definitions, to the values of its JSON twin.</summary>
public sealed class MexcPushFixturesTests
{
    private static readonly string[] s_fixtures =
    [
        "aggre-bookTicker-BTCUSDT", "aggre-deals-BTCUSDT", "aggre-depth-BTCUSDT", "limit-depth-BTCUSDT-5",
        "private-account-USDT", "private-deals-MXUSDT", "private-orders-MXUSDT",
    ];

    [TestCaseSource(nameof(s_fixtures))]
    public void BinaryFrame_DecodesToItsJsonTwin(string name)
    {
        var binary = File.ReadAllBytes(SharedPaths.Fixture($"mexc/spot/ws/pb-bin/{name}.bin"));
        var json = File.ReadAllText(SharedPaths.Fixture($"mexc/spot/ws/pb-json/{name}.json"));

        var decoded = MexcPushFrame.Parser.ParseFrom(binary);
        var expected = new JsonParser(JsonParser.Settings.Default.WithIgnoreUnknownFields(false)).Parse<MexcPushFrame>(json);

        Assert.Multiple(() =>
        {
            Assert.That(decoded, Is.EqualTo(expected), $"{decoded}\nvs\n{expected}");
            Assert.That(decoded.BodyCase, Is.Not.EqualTo(MexcPushFrame.BodyOneofCase.None), "the body's channel member is known");
            Assert.That(decoded.ToByteArray(), Is.EqualTo(binary), "re-encodes to the same bytes: no field was dropped");
        });
    }
}
