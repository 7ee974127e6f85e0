using MarketMaking.Simulation.Backtesting;

namespace MarketMaking.Simulation.Tests;

/// <summary>The backtest's clock: still until moved, its timers fired in due order at their due times.</summary>
public sealed class SimulatedClockTests
{
    private const long Start = 1_723_161_253_000_000_000;

    [Test]
    public void Timers_FireInDueOrder_AtTheirDueTimes_AndPeriodicOnesAgain()
    {
        var clock = new SimulatedClock(Start);
        var fired = new List<(string Timer, long At)>();
        using var fast = clock.CreateTimer(_ => fired.Add(("fast", clock.Now)), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        using var once = clock.CreateTimer(_ => fired.Add(("once", clock.Now)), null, TimeSpan.FromMilliseconds(150), Timeout.InfiniteTimeSpan);

        Assert.That(clock.NextDue, Is.EqualTo(Start + 100_000_000));
        clock.AdvanceTo(Start + 250_000_000);

        Assert.That(fired, Is.EqualTo(new[] { ("fast", Start + 100_000_000), ("once", Start + 150_000_000), ("fast", Start + 200_000_000) }));
        Assert.That(clock.Now, Is.EqualTo(Start + 250_000_000));
        Assert.That(clock.GetUtcNow(), Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(Start / 1_000_000 + 250)));
        Assert.That(clock.NextDue, Is.EqualTo(Start + 300_000_000), "only the periodic timer is left");
    }

    [Test]
    public void AChangedOrDisposedTimer_FiresOnlyAsLastSet()
    {
        var clock = new SimulatedClock(Start);
        var fired = new List<long>();
        var timer = clock.CreateTimer(_ => fired.Add(clock.Now), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Change(TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        clock.AdvanceTo(Start + 3_000_000_000);
        timer.Change(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        timer.Dispose();
        clock.AdvanceTo(Start + 10_000_000_000);

        Assert.That(fired, Is.EqualTo(new[] { Start + 2_000_000_000 }));
        Assert.That(clock.NextDue, Is.Null);
    }

    [Test]
    public void MovingBack_LeavesTheTimeWhereItIs()
    {
        var clock = new SimulatedClock(Start);
        clock.AdvanceTo(Start - 1);
        Assert.That(clock.Now, Is.EqualTo(Start));
    }
}
