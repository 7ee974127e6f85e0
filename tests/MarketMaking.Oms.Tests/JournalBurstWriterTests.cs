namespace MarketMaking.Oms.Tests;

/// <summary>
/// The backtest's journal writer: the loop's bursts committed whole, in order, on a thread of its own; a commit that
/// fails stops it for good, and waiting for it never hangs.
/// </summary>
public sealed class JournalBurstWriterTests
{
    private static JournalEntry Record(long sequence) => new() { Kind = "fill", Venue = "kraken", Timestamp = sequence };

    [Test]
    public void Bursts_AreCommittedWhole_InTheOrderHanded()
    {
        var committed = new List<long[]>();
        using (var writer = new JournalBurstWriter(burst => committed.Add([.. burst.Select(e => e.Timestamp)])))
        {
            var burst = new List<JournalEntry>();
            var sequence = 0L;
            for (var n = 1; n <= 50; n++)
            {
                for (var i = 0; i < 1 + (n % 4); i++)
                {
                    burst.Add(Record(++sequence));
                }

                burst = writer.Hand(burst);
                Assert.That(burst, Is.Empty, "an emptied list back for the next burst");
            }

            writer.Flush();
            Assert.That(writer.IsCommitted(sequence), Is.True);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(committed, Has.Count.EqualTo(50), "one commit per burst");
            Assert.That(committed.Select(b => b.Length), Is.EqualTo(Enumerable.Range(1, 50).Select(n => 1 + (n % 4))));
            Assert.That(committed.SelectMany(b => b), Is.EqualTo(Enumerable.Range(1, committed.Sum(b => b.Length)).Select(i => (long)i)), "every record once, in order");
        }
    }

    [Test]
    public void ACommitThatFails_StopsTheWriter_LaterBurstsAreNotWritten_AndFlushAndDisposeReturn()
    {
        var attempts = new List<long>();
        var writer = new JournalBurstWriter(burst =>
        {
            attempts.Add(burst[0].Timestamp);
            if (burst[0].Timestamp == 3)
            {
                throw new IOException("disk full");
            }
        });

        for (var n = 1; n <= 6; n++)
        {
            writer.Hand([Record(n)]);
        }

        writer.Flush();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(writer.Failure, Is.InstanceOf<IOException>().With.Message.EqualTo("disk full"));
            Assert.That(writer.IsCommitted(2), Is.True, "the bursts before the failure stay committed");
            Assert.That(writer.IsCommitted(3), Is.False, "the failed burst is not");
        }

        writer.Dispose();
        Assert.That(attempts, Is.EqualTo(new long[] { 1, 2, 3 }), "nothing tried after the failure");
    }
}
