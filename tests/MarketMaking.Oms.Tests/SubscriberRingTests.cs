using MarketMaking.Models;

namespace MarketMaking.Oms.Tests;

/// <summary>A subscriber's lock-free ring, written and read by two threads at once: nothing lost without a count, nothing twice, in order.</summary>
public sealed class SubscriberRingTests
{
    private static readonly VenueId s_venue = VenueId.Create("test");

    [TestCase(true, TestName = "AWriterRacingItsReader_DeliversEachEventAtMostOnceInOrder_AndCountsEveryDrop(drop oldest)")]
    [TestCase(false, TestName = "AWriterRacingItsReader_DeliversEachEventAtMostOnceInOrder_AndCountsEveryDrop(refuse new)")]
    public async Task AWriterRacingItsReader_DeliversEachEventAtMostOnceInOrder_AndCountsEveryDrop(bool dropOldest)
    {
        const int Events = 1_000_000;
        var ring = new SubscriberRing(capacity: 100, dropOldest);
        var delivered = new List<long>(Events);
        var reader = Task.Run(async () =>
        {
            while (await ring.WaitToReadAsync())
            {
                while (ring.TryRead(out var venueEvent))
                {
                    delivered.Add(venueEvent.TsInit);
                }
            }
        });

        long refused = 0;
        for (var i = 1; i <= Events; i++)
        {
            if (!ring.TryWrite(new VenueStatusChanged(s_venue, VenueTradingStatus.Online, "ok", i)))
            {
                refused++;
            }

            if (i % 64 == 0)
            {
                ring.Wake();
            }
        }

        ring.Complete();
        await reader;

        Assert.Multiple(() =>
        {
            Assert.That(delivered, Is.Ordered.And.Unique, "in order, none twice");
            Assert.That(delivered.Count + ring.Dropped + refused, Is.EqualTo(Events), "every event delivered or counted");
            Assert.That(dropOldest ? refused : ring.Dropped, Is.Zero, "each policy drops its own way");
            Assert.That(delivered[^1], Is.EqualTo(dropOldest ? Events : delivered[^1]), "dropping the oldest keeps the newest");
        });
    }
}
