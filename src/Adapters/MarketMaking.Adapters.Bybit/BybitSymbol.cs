using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit;

/// <summary>A symbol as Bybit's <c>instruments-info</c> lists it: its trading rules and its two coins.</summary>
/// <param name="Spec">The rules: tick size (<c>priceFilter.tickSize</c>), quantity step (<c>qtyStep</c>, spot <c>basePrecision</c>), minimum quantity and notional.</param>
/// <param name="BaseAsset">The coin bought and sold (<c>baseCoin</c>), such as <c>BTC</c>.</param>
/// <param name="QuoteAsset">The coin prices are in (<c>quoteCoin</c>), such as <c>USDT</c>.</param>
public sealed record BybitSymbol(InstrumentSpec Spec, AssetId BaseAsset, AssetId QuoteAsset);
