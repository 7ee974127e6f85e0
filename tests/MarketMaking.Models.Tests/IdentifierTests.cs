using MarketMaking.Models;

namespace MarketMaking.Models.Tests;

public sealed class IdentifierTests
{
    [TestCase("mm-1a2b3c", true)]
    [TestCase("", false)]
    [TestCase("has space", false)]
    [TestCase("é", false)]
    public void ClientOrderId_TryCreate_AcceptsPrintableAscii(string text, bool expected)
    {
        Assert.That(ClientOrderId.TryCreate(text, out _), Is.EqualTo(expected));
    }

    [Test]
    public void Create_TooLong_ThrowsWithLength()
    {
        Assert.That(() => VenueId.Create(new string('a', 33)), Throws.ArgumentException.With.Message.Contains("at most 32"));
    }

    [Test]
    public void KeptHash_FollowsTheText_ThroughCopiesAndWith()
    {
        // Built from separate strings, as a decoder builds them: equal by text, not by reference.
        var kraken = new VenueId(new string("kraken".AsSpan()));
        var renamed = kraken with { Value = "mexc-spot" };
        var instrument = new InstrumentId("BTC/USD");
        var asset = new AssetId("BTC");

        Assert.Multiple(() =>
        {
            Assert.That(kraken, Is.EqualTo(new VenueId("kraken")));
            Assert.That(kraken.GetHashCode(), Is.EqualTo(new VenueId("kraken").GetHashCode()));
            Assert.That(renamed, Is.EqualTo(new VenueId("mexc-spot")));
            Assert.That(renamed.GetHashCode(), Is.EqualTo(new VenueId("mexc-spot").GetHashCode()));
            Assert.That(renamed, Is.Not.EqualTo(kraken));
            Assert.That(default(VenueId), Is.EqualTo(new VenueId(null!)));
            Assert.That(default(InstrumentId).GetHashCode(), Is.EqualTo(new InstrumentId(null!).GetHashCode()));
            Assert.That(instrument with { Value = "ETH/USD" }, Is.EqualTo(new InstrumentId("ETH/USD")));
            Assert.That(asset with { Value = "ETH" }, Is.EqualTo(new AssetId("ETH")));
            Assert.That((asset with { Value = "ETH" }).GetHashCode(), Is.EqualTo(new AssetId("ETH").GetHashCode()));
        });

        // Found again as a key by an equal id built apart.
        var byVenue = new Dictionary<(VenueId, InstrumentId), int> { [(kraken, instrument)] = 1 };
        Assert.That(byVenue[(new VenueId("kraken"), new InstrumentId(new string("BTC/USD".AsSpan())))], Is.EqualTo(1));
    }
}
