using System.Globalization;

namespace MarketMaking.Simulation.Matching;

/// <summary>
/// The probabilistic queue model with <c>f(x) = xⁿ</c> (<see cref="ProbabilisticQueueModel"/>). <c>n = 1</c> splits a
/// cancellation in proportion to the quantities ahead and behind (as likely at any displayed unit: the default); a
/// larger <c>n</c> puts it more surely on the larger side, so that an order near the front moves less and one near the
/// back more.
/// </summary>
/// <remarks>Source: hftbacktest's <c>PowerProbQueueModel</c> (N. Kim,
/// <see href="https://hftbacktest.readthedocs.io/en/latest/reference/queue_models.html"/>).</remarks>
public sealed class PowerQueueModel : ProbabilisticQueueModel
{
    /// <summary>Initializes the model.</summary>
    /// <param name="exponent">The exponent <c>n</c>, positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exponent"/> is not a positive finite number.</exception>
    public PowerQueueModel(double exponent)
    {
        if (!double.IsFinite(exponent) || exponent <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "The exponent must be a positive number.");
        }

        Exponent = exponent;
    }

    /// <summary>Gets the model with <c>n = 1</c>, the simulator's default.</summary>
    public static PowerQueueModel Linear { get; } = new(1);

    /// <summary>Gets the exponent <c>n</c>.</summary>
    public double Exponent { get; }

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"power:{Exponent}");

    /// <inheritdoc/>
    protected override double Weight(double quantity) => Math.Pow(Math.Max(0, quantity), Exponent);
}
