using System.Globalization;

namespace MarketMaking.Inventory;

/// <summary>
/// What hedging did and cost. Quantities in base units; notional, fees and slippage in the hedge instrument's quote
/// currency. Slippage is measured against the hedge venue's mid when the order was decided: positive is a cost.
/// </summary>
public sealed class HedgeStatistics
{
    /// <summary>Gets how many hedge orders were sent.</summary>
    public int Orders { get; internal set; }

    /// <summary>Gets how many hedge fills there were.</summary>
    public int Fills { get; internal set; }

    /// <summary>Gets the base quantity hedged.</summary>
    public decimal Volume { get; internal set; }

    /// <summary>Gets the notional hedged.</summary>
    public decimal Notional { get; internal set; }

    /// <summary>Gets the fees paid on hedges.</summary>
    public decimal Fees { get; internal set; }

    /// <summary>Gets Σ (fill price − decision mid) × quantity, signed so that paying up is positive.</summary>
    public decimal Slippage { get; internal set; }

    /// <summary>Gets fees plus slippage.</summary>
    public decimal Cost => Fees + Slippage;

    /// <summary>Gets the slippage in bps of the notional (0 before any fill).</summary>
    public double SlippageBps => Notional == 0 ? 0 : (double)(Slippage / Notional) * 10_000;

    /// <summary>Gets the position that open hedges would leave if they all filled, updated at each evaluation.</summary>
    public decimal Unhedged { get; internal set; }

    /// <summary>Gets the largest absolute net position seen.</summary>
    public decimal MaxAbsoluteNetPosition { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"hedges: {Orders} orders, {Fills} fills, volume {Volume:0.########}, notional {Notional:0.##}, fees {Fees:0.####}, slippage {Slippage:0.####} ({SlippageBps:0.##} bps), cost {Cost:0.####}, unhedged {Unhedged:0.########}, largest |net| {MaxAbsoluteNetPosition:0.########}");
}
