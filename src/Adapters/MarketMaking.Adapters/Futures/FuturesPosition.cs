using MarketMaking.Models;

namespace MarketMaking.Adapters;

/// <summary>A futures position as the venue reports it.</summary>
/// <param name="Instrument">The instrument.</param>
/// <param name="Quantity">The signed size: positive long, negative short; in base units, or contracts where the venue counts them (COIN-M).</param>
/// <param name="EntryPrice">The average entry price in quote currency per unit of base.</param>
/// <param name="MarkPrice">The venue's mark price, which its margin and liquidations use.</param>
/// <param name="LiquidationPrice">The price at which the venue would liquidate it; 0 when the venue gives none.</param>
/// <param name="UnrealizedPnl">The profit at the mark price, in the margin asset.</param>
public sealed record FuturesPosition(InstrumentId Instrument, decimal Quantity, decimal EntryPrice, decimal MarkPrice, decimal LiquidationPrice, decimal UnrealizedPnl);
