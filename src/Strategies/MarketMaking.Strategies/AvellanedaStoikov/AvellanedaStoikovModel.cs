namespace MarketMaking.Strategies;

/// <summary>
/// The reservation prices and optimal quotes of Avellaneda and Stoikov's market-making model, with a finite or an
/// infinite horizon.
/// </summary>
/// <remarks>
/// <para>With mid <c>s</c>, inventory <c>q</c> (in units of the order size), risk aversion <c>γ</c>, volatility
/// <c>σ</c> (price units per √time), order-arrival decay <c>κ</c> and time left <c>τ = T − t</c>:</para>
/// <para><b>Finite horizon:</b> reservation price <c>r = s − q·γ·σ²·τ</c> (eq. 29), total spread
/// <c>δᵃ + δᵇ = γ·σ²·τ + (2/γ)·ln(1 + γ/κ)</c> (eq. 30); quotes at <c>r ± spread/2</c>.</para>
/// <para><b>Infinite horizon</b> (§2.3, discount <c>ω</c>, bounded inventory |q| ≤ q_max with
/// <c>ω = ½·γ²·σ²·(q_max + 1)²</c>): reservation ask <c>rᵃ = s + (1/γ)·ln(1 + (1 − 2q)·γ²σ² / (2ω − γ²q²σ²))</c> and
/// reservation bid <c>rᵇ = s + (1/γ)·ln(1 + (−1 − 2q)·γ²σ² / (2ω − γ²q²σ²))</c> (the limits of the finite-horizon
/// <c>rᵃ = s + (1 − 2q)·γσ²τ/2</c> and <c>rᵇ = s + (−1 − 2q)·γσ²τ/2</c>, eqs. 6–7); the quotes lie
/// <c>(1/γ)·ln(1 + γ/κ)</c> beyond them (eqs. 12–14): bid <c>rᵇ − (1/γ)·ln(1 + γ/κ)</c>, ask <c>rᵃ + (1/γ)·ln(1 + γ/κ)</c>.</para>
/// <para>Source: M. Avellaneda and S. Stoikov, "High-frequency trading in a limit order book", Quantitative Finance
/// 8(3), 2008, §3.</para>
/// </remarks>
public static class AvellanedaStoikovModel
{
    /// <summary>The reservation price <c>r = s − q·γ·σ²·τ</c>.</summary>
    /// <param name="mid">The mid price s.</param>
    /// <param name="inventory">The inventory q, in units of the order size (positive when long).</param>
    /// <param name="riskAversion">γ, positive.</param>
    /// <param name="volatility">σ, in price units per √(time unit of τ).</param>
    /// <param name="timeLeft">τ = T − t, in the time unit of σ.</param>
    /// <returns>The reservation price.</returns>
    public static double ReservationPrice(double mid, double inventory, double riskAversion, double volatility, double timeLeft) =>
        mid - (inventory * riskAversion * volatility * volatility * timeLeft);

    /// <summary>The optimal total spread <c>γ·σ²·τ + (2/γ)·ln(1 + γ/κ)</c>.</summary>
    /// <param name="riskAversion">γ, positive.</param>
    /// <param name="volatility">σ.</param>
    /// <param name="timeLeft">τ.</param>
    /// <param name="arrivalDecay">κ, positive: how fast the chance of a fill falls with the distance from the mid.</param>
    /// <returns>The total spread, in price units.</returns>
    /// <exception cref="ArgumentOutOfRangeException">γ or κ is not positive.</exception>
    public static double Spread(double riskAversion, double volatility, double timeLeft, double arrivalDecay)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(riskAversion);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(arrivalDecay);
        return (riskAversion * volatility * volatility * timeLeft) + ((2 / riskAversion) * Math.Log(1 + (riskAversion / arrivalDecay)));
    }

    /// <summary>The infinite-horizon discount <c>ω = ½·γ²·σ²·(q_max + 1)²</c> that keeps the reservation prices finite for |q| ≤ q_max.</summary>
    /// <param name="riskAversion">γ.</param>
    /// <param name="volatility">σ.</param>
    /// <param name="maxInventory">q_max, in units of the order size.</param>
    /// <returns>ω.</returns>
    public static double Omega(double riskAversion, double volatility, double maxInventory)
    {
        var factor = riskAversion * volatility * (maxInventory + 1);
        return 0.5 * factor * factor;
    }

    /// <summary>The infinite-horizon reservation bid <c>rᵇ = s + (1/γ)·ln(1 + (−1 − 2q)·γ²σ² / (2ω − γ²q²σ²))</c>; −∞ at q = q_max with the smallest ω.</summary>
    /// <param name="mid">s.</param>
    /// <param name="inventory">q, with |q| ≤ q_max.</param>
    /// <param name="riskAversion">γ, positive.</param>
    /// <param name="volatility">σ.</param>
    /// <param name="omega">ω (see <see cref="Omega"/>).</param>
    /// <returns>The price at which the market maker is indifferent to buying one more unit.</returns>
    public static double ReservationBid(double mid, double inventory, double riskAversion, double volatility, double omega) =>
        InfiniteHorizonReservation(mid, inventory, riskAversion, volatility, omega, -1 - (2 * inventory));

    /// <summary>The infinite-horizon reservation ask <c>rᵃ = s + (1/γ)·ln(1 + (1 − 2q)·γ²σ² / (2ω − γ²q²σ²))</c>.</summary>
    /// <param name="mid">s.</param>
    /// <param name="inventory">q, with |q| ≤ q_max.</param>
    /// <param name="riskAversion">γ, positive.</param>
    /// <param name="volatility">σ.</param>
    /// <param name="omega">ω (see <see cref="Omega"/>).</param>
    /// <returns>The price at which the market maker is indifferent to selling one more unit.</returns>
    public static double ReservationAsk(double mid, double inventory, double riskAversion, double volatility, double omega) =>
        InfiniteHorizonReservation(mid, inventory, riskAversion, volatility, omega, 1 - (2 * inventory));

    /// <summary>How far each quote lies beyond its reservation price: <c>(1/γ)·ln(1 + γ/κ)</c> (half the second term of eq. 30).</summary>
    /// <param name="riskAversion">γ, positive.</param>
    /// <param name="arrivalDecay">κ, positive.</param>
    /// <returns>The distance, in price units.</returns>
    /// <exception cref="ArgumentOutOfRangeException">γ or κ is not positive.</exception>
    public static double QuoteDistance(double riskAversion, double arrivalDecay)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(riskAversion);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(arrivalDecay);
        return Math.Log(1 + (riskAversion / arrivalDecay)) / riskAversion;
    }

    private static double InfiniteHorizonReservation(double mid, double inventory, double riskAversion, double volatility, double omega, double factor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(riskAversion);
        var g2s2 = riskAversion * riskAversion * volatility * volatility;
        var denominator = (2 * omega) - (g2s2 * inventory * inventory);
        if (denominator <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inventory), inventory, "The inventory is beyond the bound ω was set for (2ω ≤ γ²q²σ²)");
        }

        return mid + (Math.Log(1 + (factor * g2s2 / denominator)) / riskAversion);
    }
}
