using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Adapters.Kraken.Tests;

public sealed class KrakenNonceSourceTests
{
    [Test]
    public void Next_FrozenClockAndManyThreads_NeverRepeatsAndAlwaysIncreasesPerThread()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var sut = new KrakenNonceSource(clock);
        var perThread = new long[4][];

        Parallel.For(0, perThread.Length, thread =>
        {
            var nonces = new long[10_000];
            for (var i = 0; i < nonces.Length; i++)
            {
                nonces[i] = sut.Next();
            }

            perThread[thread] = nonces;
        });

        var all = perThread.SelectMany(n => n).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(all.Distinct().Count(), Is.EqualTo(all.Length), "unique across threads");
            Assert.That(perThread.All(n => n.Zip(n.Skip(1)).All(p => p.Second > p.First)), Is.True, "increasing within each thread");
            Assert.That(all.Min(), Is.EqualTo(1_700_000_000L * 1_000_000_000L), "nanoseconds since the epoch");
        }
    }

    [Test]
    public void Next_ClockSteppedBack_StillIncreases()
    {
        // FakeTimeProvider cannot go back in time; a wall clock corrected by NTP can.
        var clock = new SettableClock { UtcNow = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) };
        var sut = new KrakenNonceSource(clock);
        var first = sut.Next();

        clock.UtcNow = clock.UtcNow.AddSeconds(-5);

        Assert.That(sut.Next(), Is.EqualTo(first + 1));
    }

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset UtcNow { get; set; }

        public override DateTimeOffset GetUtcNow() => UtcNow;
    }
}
