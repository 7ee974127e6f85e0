namespace MarketMaking.Strategies;

/// <summary>
/// The reservation price and optimal spread of Avellaneda and Stoikov's market-making model, finite horizon.
/// </summary>
/// <remarks>
/// <para>With mid <c>s</c>, inventory <c>q</c> (in units of the order size), risk aversion <c>γ</c>, volatility
/// <c>σ</c> (price units per √time), order-arrival decay <c>κ</c> and time left <c>τ = T − t</c>:</para>
/// <para>reservation price <c>r = s − q·γ·σ²·τ</c> (eq. 29), total spread
/// <c>δᵃ + δᵇ = γ·σ²·τ + (2/γ)·ln(1 + γ/κ)</c> (eq. 30); quotes at <c>r ± spread/2</c>.</para>
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
}
