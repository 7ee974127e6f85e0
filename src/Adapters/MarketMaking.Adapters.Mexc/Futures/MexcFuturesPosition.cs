using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc;

/// <summary>One MEXC futures position (<c>GET /api/v1/private/position/open_positions</c>, <c>push.personal.position</c>).</summary>
/// <param name="PositionId">MEXC's position id.</param>
/// <param name="Instrument">The contract, such as <c>BTC_USDT</c>.</param>
/// <param name="Side">Long (<c>positionType</c> 1) is <see cref="Side.Buy"/>, short (2) is <see cref="Side.Sell"/>.</param>
/// <param name="Contracts">The contracts held (<c>holdVol</c>).</param>
/// <param name="OpenAveragePrice">The average open price, quote per base unit.</param>
/// <param name="LiquidationPrice">The liquidation price, quote per base unit.</param>
/// <param name="Leverage">The leverage.</param>
/// <param name="RealizedPnl">The realized PnL, in the settle coin.</param>
/// <param name="State">1 holding, 2 system-held, 3 closed.</param>
public sealed record MexcFuturesPosition(long PositionId, InstrumentId Instrument, Side Side, decimal Contracts, decimal OpenAveragePrice, decimal LiquidationPrice, int Leverage, decimal RealizedPnl, int State);
