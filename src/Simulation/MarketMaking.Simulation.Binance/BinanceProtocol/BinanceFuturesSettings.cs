using MarketMaking.Models;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>The simulated futures account's settings, as clients set them.</summary>
/// <param name="Leverage">Each symbol's leverage (20 until set, Binance's default for a new symbol).</param>
/// <param name="MarginType">Each symbol's margin type, <c>CROSSED</c> until set.</param>
/// <param name="HedgeMode">Whether the account holds long and short positions apart (<c>dualSidePosition</c>).</param>
public sealed record BinanceFuturesSettings(IReadOnlyDictionary<InstrumentId, int> Leverage, IReadOnlyDictionary<InstrumentId, string> MarginType, bool HedgeMode);
