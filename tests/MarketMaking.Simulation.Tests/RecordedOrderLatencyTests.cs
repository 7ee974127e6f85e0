using MarketMaking.Simulation.Latency;

namespace MarketMaking.Simulation.Tests;

/// <summary>Order latency read from measured round trips: interpolated between rows, held beyond them, and a bad file named by line.</summary>
public sealed class RecordedOrderLatencyTests
{
    [Test]
    public void TheLegs_AreInterpolatedBetweenTheRoundTripsAroundTheTime_AndHeldBeforeTheFirstAndAfterTheLast()
    {
        // Out of order on purpose: the rows are sorted by request time. Legs 10/20 at 1,000 and 30/60 at 3,000.
        var latency = RecordedOrderLatency.Parse(new StringReader("request_ns,exchange_ns,response_ns\n3000,3030,3090\n1000,1010,1030\n"), "test.csv");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(latency.Count, Is.EqualTo(2));
            Assert.That((latency.EntryNanoseconds(2_000), latency.ResponseNanoseconds(2_000)), Is.EqualTo((20L, 40L)), "half way");
            Assert.That((latency.EntryNanoseconds(1_500), latency.ResponseNanoseconds(2_500)), Is.EqualTo((15L, 50L)));
            Assert.That((latency.EntryNanoseconds(1_000), latency.ResponseNanoseconds(3_000)), Is.EqualTo((10L, 60L)), "on a row");
            Assert.That((latency.EntryNanoseconds(0), latency.ResponseNanoseconds(0)), Is.EqualTo((10L, 20L)), "before the first row");
            Assert.That((latency.EntryNanoseconds(9_000), latency.ResponseNanoseconds(9_000)), Is.EqualTo((30L, 60L)), "after the last row");
        }
    }

    [TestCase("time,a,b\n1,2,3\n", "test.csv:1: expected the header request_ns,exchange_ns,response_ns")]
    [TestCase("request_ns,exchange_ns,response_ns\n1,2,3\n4,5\n", "test.csv:3: expected three times in ns since the Unix epoch, found '4,5'")]
    [TestCase("request_ns,exchange_ns,response_ns\n10,5,20\n", "test.csv:2: the times must not go back (request 10, exchange 5, response 20)")]
    [TestCase("request_ns,exchange_ns,response_ns\n", "test.csv: no round trip after the header")]
    public void ABadFile_IsRefusedWithItsLine(string text, string message)
    {
        var exception = Assert.Throws<InvalidDataException>(() => RecordedOrderLatency.Parse(new StringReader(text), "test.csv"));
        Assert.That(exception!.Message, Is.EqualTo(message));
    }
}
