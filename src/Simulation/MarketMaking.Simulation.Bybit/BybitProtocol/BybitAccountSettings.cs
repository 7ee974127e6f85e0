using MarketMaking.Models;

namespace MarketMaking.Simulation.BybitProtocol;

/// <summary>The simulated linear account's settings, as clients set them.</summary>
/// <param name="Leverage">The leverage per symbol.</param>
/// <param name="HedgeMode">Whether positions are in hedge mode (3) rather than one-way (0).</param>
/// <param name="MarginMode">The account's margin mode: <c>REGULAR_MARGIN</c> (cross) or <c>ISOLATED_MARGIN</c>.</param>
public sealed record BybitAccountSettings(IReadOnlyDictionary<InstrumentId, int> Leverage, bool HedgeMode, string MarginMode);
