namespace MarketMaking.Oms.Tests;

/// <summary>The journal's hand-off ring, appended by one thread and taken by another: every record once, in order, through the overflow too.</summary>
public sealed class JournalRingTests
{
    private static JournalEntry Record(long sequence) => new() { Kind = "fill", Venue = "kraken", Timestamp = sequence };

    [Test]
    public void AWriterAWholeRingBehind_GetsTheRingThenTheOverflowThenTheRingAgain_InOrder()
    {
        var ring = new JournalRing(capacity: 4);
        var taken = new List<long>();
        for (var i = 1; i <= 10; i++)
        {
            ring.Enqueue(Record(i));
        }

        // Four in the ring, six in the overflow; two taken, then more appended: they queue behind the overflow.
        Take(2);
        ring.Enqueue(Record(11));
        Take(9);
        ring.Enqueue(Record(12));
        Take(5);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(taken, Is.EqualTo(Enumerable.Range(1, 12).Select(i => (long)i)));
            Assert.That(ring.Overflowed, Is.EqualTo(7), "records 5 to 11 went through the overflow; 12 into the ring again");
            Assert.That(ring.IsEmpty, Is.True);
        }

        void Take(int most)
        {
            for (var n = 0; n < most && ring.TryDequeue(out var entry); n++)
            {
                taken.Add(entry.Timestamp);
            }
        }
    }

    [Test]
    public async Task AnAppenderRacingASlowerWriter_HandsOverEveryRecordOnceInOrder()
    {
        const int Records = 500_000;
        var ring = new JournalRing(capacity: 64);
        var taken = new List<long>(Records);
        var writer = Task.Run(() =>
        {
            var spin = new SpinWait();
            while (taken.Count < Records)
            {
                if (ring.TryDequeue(out var entry))
                {
                    taken.Add(entry.Timestamp);

                    // Now and then slower than the appender, so that the overflow is used and drained many times.
                    if (entry.Timestamp % 1_000 == 0)
                    {
                        Thread.SpinWait(20_000);
                    }
                }
                else
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }
            }
        });

        for (var i = 1; i <= Records; i++)
        {
            ring.Enqueue(Record(i));
        }

        await writer;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(taken, Is.EqualTo(Enumerable.Range(1, Records).Select(i => (long)i)), "each record once, in the order appended");
            Assert.That(ring.Overflowed, Is.GreaterThan(0), "the overflow was exercised");
            Assert.That(ring.IsEmpty, Is.True);
        }
    }
}
