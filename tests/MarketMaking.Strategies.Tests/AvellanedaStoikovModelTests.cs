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

    [Test]
    public void InfiniteHorizon_ReservationPricesAndQuoteDistance_MatchThePapersFormulas()
    {
        // §2.3 with s = 100, σ = 2, γ = 0.1, q_max = 10: ω = ½·(0.1·2·11)² = 2.42, so 2ω − γ²q²σ² = 0.04·(121 − q²).
        var omega = AvellanedaStoikovModel.Omega(riskAversion: 0.1, volatility: 2, maxInventory: 10);

        Assert.Multiple(() =>
        {
            Assert.That(omega, Is.EqualTo(2.42).Within(1e-12));
            Assert.That(AvellanedaStoikovModel.ReservationAsk(100, 0, 0.1, 2, omega), Is.EqualTo(100 + (10 * Math.Log(1 + (1.0 / 121)))).Within(1e-9), "q = 0: ask reservation above the mid");
            Assert.That(AvellanedaStoikovModel.ReservationBid(100, 0, 0.1, 2, omega), Is.EqualTo(100 + (10 * Math.Log(1 - (1.0 / 121)))).Within(1e-9), "and the bid's below");
            Assert.That(AvellanedaStoikovModel.ReservationAsk(100, 3, 0.1, 2, omega), Is.EqualTo(99.5433).Within(1e-4), "q = 3: 100 + 10·ln(1 − 5/112)");
            Assert.That(AvellanedaStoikovModel.ReservationBid(100, 3, 0.1, 2, omega), Is.EqualTo(99.3546).Within(1e-4), "q = 3: 100 + 10·ln(1 − 7/112) = 100 + 10·ln(15/16)");
            Assert.That(AvellanedaStoikovModel.ReservationBid(100, 10, 0.1, 2, omega), Is.LessThan(0), "at q_max the reservation bid falls without bound (−∞ in exact arithmetic)");
            Assert.That(AvellanedaStoikovModel.QuoteDistance(0.1, 1.5), Is.EqualTo(10 * Math.Log(16.0 / 15)).Within(1e-12), "half the spread's second term");
            Assert.That(() => AvellanedaStoikovModel.ReservationAsk(100, 12, 0.1, 2, omega), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("beyond the bound"));
        });
    }
}
