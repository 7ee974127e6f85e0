namespace MarketMaking.Strategies.Tests;

/// <summary>The model's formulas against values computed by hand from the paper.</summary>
public sealed class AvellanedaStoikovModelTests
{
    [Test]
    public void ReservationPriceAndSpread_MatchThePapersFormulas()
    {
        // The paper's simulation parameters (§4): s = 100, σ = 2, T = 1, γ = 0.1, k = 1.5; at t = 0.5 with q = 3.
        var reservation = AvellanedaStoikovModel.ReservationPrice(mid: 100, inventory: 3, riskAversion: 0.1, volatility: 2, timeLeft: 0.5);
        var spread = AvellanedaStoikovModel.Spread(riskAversion: 0.1, volatility: 2, timeLeft: 0.5, arrivalDecay: 1.5);

        Assert.Multiple(() =>
        {
            Assert.That(reservation, Is.EqualTo(100 - (3 * 0.1 * 4 * 0.5)).Within(1e-12), "100 − 0.6 = 99.4");
            Assert.That(spread, Is.EqualTo((0.1 * 4 * 0.5) + (20 * Math.Log(1 + (0.1 / 1.5)))).Within(1e-12), "0.2 + 20·ln(16/15)");
            Assert.That(spread, Is.EqualTo(1.49077).Within(1e-5), "ln(16/15) = 0.0645385");
        });
    }

    [Test]
    public void ReservationPrice_FallsWhenLong_RisesWhenShort_AndEqualsTheMidAtTheHorizon()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AvellanedaStoikovModel.ReservationPrice(100, 2, 0.1, 2, 1), Is.LessThan(100));
            Assert.That(AvellanedaStoikovModel.ReservationPrice(100, -2, 0.1, 2, 1), Is.GreaterThan(100));
            Assert.That(AvellanedaStoikovModel.ReservationPrice(100, 5, 0.1, 2, 0), Is.EqualTo(100));
            Assert.That(() => AvellanedaStoikovModel.Spread(0, 2, 1, 1.5), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
