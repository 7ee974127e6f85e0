using FsCheck;
using FsCheck.Fluent;

namespace MarketMaking.Adapters.Tests;

public sealed class ReconnectBackoffTests
{
    [Test]
    public void Ceiling_DoublesFromTheInitialDelayUpToTheMaximum()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

        var ceilings = Enumerable.Range(1, 9).Select(a => backoff.Ceiling(a).TotalSeconds).ToArray();

        Assert.That(ceilings, Is.EqualTo(new double[] { 1, 2, 4, 8, 16, 32, 60, 60, 60 }));
        Assert.That(backoff.Ceiling(int.MaxValue), Is.EqualTo(TimeSpan.FromSeconds(60)), "no overflow on long outages");
    }

    [FsCheck.NUnit.Property]
    public Property Delay_IsBetweenHalfAndAllOfTheCeiling(PositiveInt attempt, int seed)
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30), new Random(seed));
        var ceiling = backoff.Ceiling(attempt.Get);
        var delay = backoff.Delay(attempt.Get);
        return (delay >= ceiling / 2 && delay <= ceiling).Label($"{delay} within [{ceiling / 2}, {ceiling}]");
    }

    [Test]
    public void Delay_SpreadsClientsThatFailTogether()
    {
        var delays = Enumerable.Range(0, 20).Select(seed => new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new Random(seed)).Delay(3)).ToArray();

        Assert.That(delays.Distinct().Count(), Is.GreaterThan(15));
    }

    [Test]
    public void Constructor_InitialAboveMaximum_Throws() =>
        Assert.That(() => new ReconnectBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
}
