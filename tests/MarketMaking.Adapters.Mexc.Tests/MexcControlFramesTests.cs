using System.Text;
using System.Text.Json;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Mexc.Tests;

/// <summary>The WebSocket control-frame fixtures of Spot and Futures: what the server sends, read into the typed model.</summary>
public sealed class MexcControlFramesTests
{
    private static Dictionary<string, JsonElement> Frames(string file) =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture(file))).RootElement.EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("payload"));

    private static MexcControlFrame Spot(JsonElement payload) => MexcControlFrame.TryRead(Encoding.UTF8.GetBytes(payload.GetRawText()))!;

    [Test]
    public void SpotServerFrames_AcksPongAndTheRefusalThatSaysCodeZero()
    {
        var frames = Frames("mexc/spot/ws/control-frames.json");

        var ack = Spot(frames["subscribe ack (server->client, text)"]);
        var unsubscribed = Spot(frames["unsubscribe ack"]);
        var pong = Spot(frames["pong"]);
        var refused = Spot(frames["REJECTED subscription (note code 0!)"]);

        Assert.Multiple(() =>
        {
            Assert.That((ack.Kind, ack.Channels.Single()), Is.EqualTo((MexcControlFrameKind.Acknowledged, "spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT")));
            Assert.That(unsubscribed.Kind, Is.EqualTo(MexcControlFrameKind.Acknowledged));
            Assert.That(pong.Kind, Is.EqualTo(MexcControlFrameKind.Pong));
            Assert.That((refused.Kind, refused.Code), Is.EqualTo((MexcControlFrameKind.Refused, 0)), "refused, though its code is 0");
            Assert.That(refused.Channels.Single(), Is.EqualTo("spot@public.increase.depth.v3.api@BTCUSDT"));
            Assert.That(refused.Message, Does.Contain("Blocked"));
            Assert.That(MexcControlFrame.TryRead("not json"u8), Is.Null);
            Assert.That(MexcControlFrame.TryRead("""{"method":"PING"}"""u8), Is.Null, "a request is not a server frame");
        });
    }

    [Test]
    public void FuturesServerFrames_PongAcksLoginFilterAndError()
    {
        var frames = Frames("mexc/futures/ws/control-frames.json");
        MexcFuturesControlFrame Read(string name) => MexcFuturesControlFrame.TryRead(frames[name])!;

        Assert.Multiple(() =>
        {
            Assert.That(Read("pong").Kind, Is.EqualTo(MexcControlFrameKind.Pong));
            Assert.That((Read("subscribe ack").Kind, Read("subscribe ack").Channel), Is.EqualTo((MexcControlFrameKind.Acknowledged, "rs.sub.deal")));
            Assert.That((Read("subscribe error").Kind, Read("subscribe error").Data), Is.EqualTo((MexcControlFrameKind.Error, "Contract doesn't exist!")));
            Assert.That(Read("login ok").Kind, Is.EqualTo(MexcControlFrameKind.Acknowledged));
            Assert.That(Read("personal.filter ack").Channel, Is.EqualTo("rs.personal.filter"));
            Assert.That(MexcFuturesControlFrame.TryRead(frames["ping"]), Is.Null, "a request is not a server frame");
        });
    }
}
