namespace MarketMaking.Strategies.Tests;

/// <summary>The online σ and κ estimators on series whose answers are known by hand.</summary>
public sealed class OnlineEstimatorTests
{
    private const long Second = 1_000_000_000;

    [Test]
    public void Volatility_IsTheMidsChangePerRootSecond_SampledAtTheInterval()
    {
        var estimator = new MidVolatilityEstimator(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), warmUpSamples: 3);

        // A change of 0.2 every 4 s: (0.2)² / 4 = 0.01 per second, σ = 0.1; updates within the interval are not samples.
        for (var i = 0; i <= 4; i++)
        {
            estimator.Update(i % 2 == 0 ? 100.0 : 100.2, i * 4 * Second);
            estimator.Update(123.0, (i * 4 * Second) + (Second / 2));
        }

        Assert.Multiple(() =>
        {
            Assert.That(estimator.Samples, Is.EqualTo(4));
            Assert.That(estimator.IsReady, Is.True);
            Assert.That(estimator.Value, Is.EqualTo(0.1).Within(1e-9));
        });
    }

    [Test]
    public void Volatility_WeighsRecentSamplesByTheHalfLife()
    {
        var estimator = new MidVolatilityEstimator(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), warmUpSamples: 1);
        estimator.Update(100, 0);
        estimator.Update(101, Second);
        estimator.Update(101, 2 * Second);

        // λ = 2^(−1/1) = ½: σ² = ½·1 + ½·0.
        Assert.That(estimator.Value, Is.EqualTo(Math.Sqrt(0.5)).Within(1e-12));
    }

    [Test]
    public void ArrivalDecay_IsTheInverseMeanDistanceOfTradesFromTheMid_OverTheWindow()
    {
        var estimator = new ArrivalDecayEstimator(window: 3, warmUpTrades: 3);
        estimator.Update(100.01, 100.00, tickSize: 0.01);
        estimator.Update(99.98, 100.00, tickSize: 0.01);
        var beforeWarm = estimator.IsReady;
        estimator.Update(100.03, 100.00, tickSize: 0.01);
        var full = estimator.Value;

        // The oldest (0.01) leaves; a trade at the mid counts half a tick: (0.02 + 0.03 + 0.005) / 3.
        estimator.Update(100.00, 100.00, tickSize: 0.01);

        Assert.Multiple(() =>
        {
            Assert.That(beforeWarm, Is.False);
            Assert.That(full, Is.EqualTo(50).Within(1e-9), "3 / (0.01 + 0.02 + 0.03)");
            Assert.That(estimator.Value, Is.EqualTo(3 / 0.055).Within(1e-9));
        });
    }
}
