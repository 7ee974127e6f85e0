using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Adapters.Tests;

/// <summary>The venue's clock as estimated from this machine's: the offset taken at the reading's midpoint, and kept.</summary>
public sealed class VenueClockTests
{
    [Test]
    public void AReading_IsTakenAtTheRoundTripsMidpoint_AndTheOffsetIsAddedToEveryLaterTime()
    {
        var local = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var clock = new VenueClock(local);
        var before = clock.NowMilliseconds;

        // Sent at t, answered at t + 100 ms; the venue said t + 50 ms + 3 s: it read its clock at the midpoint, 3 s ahead.
        var sent = local.GetUtcNow();
        local.Advance(TimeSpan.FromMilliseconds(100));
        var offset = clock.Record(sent, sent.ToUnixTimeMilliseconds() + 50 + 3_000);
        local.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(1_700_000_000_000), "no offset before a reading");
            Assert.That(offset, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(clock.Offset, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(clock.NowMilliseconds, Is.EqualTo(local.GetUtcNow().ToUnixTimeMilliseconds() + 3_000));
        });
    }
}
