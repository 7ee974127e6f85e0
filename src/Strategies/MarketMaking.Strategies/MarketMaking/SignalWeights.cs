using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Strategies;

/// <summary>
/// How much each feature counts in the market-making strategy's signal (the <c>MarketMaker:SignalWeights</c> section).
/// The signal is Σ wᵢ·fᵢ / Σ wᵢ over the features in use, each fᵢ in [−1, 1]; a weight of 0 leaves a feature out.
/// </summary>
public sealed class SignalWeights
{
    /// <summary>Gets or sets the weight of the book imbalance over <see cref="MarketMakerConfig.ImbalanceDepths"/>.</summary>
    [Range(0.0, 100.0)]
    public double BookImbalance { get; set; } = 1;

    /// <summary>Gets or sets the weight of the trade-flow imbalance over <see cref="MarketMakerConfig.TradeWindow"/> trades.</summary>
    [Range(0.0, 100.0)]
    public double TradeFlow { get; set; } = 1;

    /// <summary>Gets or sets the weight of the microprice offset, as tanh(offset / half the base spread).</summary>
    [Range(0.0, 100.0)]
    public double Microprice { get; set; } = 1;

    /// <summary>Gets or sets the weight of the volume order imbalance (net over gross flow in <see cref="MarketMakerConfig.FlowWindow"/> updates).</summary>
    [Range(0.0, 100.0)]
    public double VolumeOrderImbalance { get; set; } = 1;

    /// <summary>Gets or sets the weight of the order-flow imbalance (net over gross flow in <see cref="MarketMakerConfig.FlowWindow"/> updates).</summary>
    [Range(0.0, 100.0)]
    public double OrderFlowImbalance { get; set; } = 1;

    /// <summary>
    /// Gets or sets the weight of the reference venue's mid against ours, as tanh(difference / half the base spread);
    /// used only when <see cref="MarketMakerConfig.ReferenceVenue"/> is set.
    /// </summary>
    [Range(0.0, 100.0)]
    public double ReferenceMid { get; set; } = 1;
}
