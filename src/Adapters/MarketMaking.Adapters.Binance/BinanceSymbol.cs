using MarketMaking.Models;

namespace MarketMaking.Adapters.Binance;

/// <summary>A symbol as Binance's <c>exchangeInfo</c> lists it: its trading rules and its two assets.</summary>
/// <param name="Spec">The rules: tick size (<c>PRICE_FILTER</c>), step size and minimum quantity (<c>LOT_SIZE</c>), minimum notional.</param>
/// <param name="BaseAsset">The asset bought and sold (<c>baseAsset</c>), such as <c>BTC</c>.</param>
/// <param name="QuoteAsset">The asset prices are in (<c>quoteAsset</c>), such as <c>USDT</c>.</param>
public sealed record BinanceSymbol(InstrumentSpec Spec, AssetId BaseAsset, AssetId QuoteAsset);
