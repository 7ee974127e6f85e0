using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc;

/// <summary>One MEXC Spot symbol as <c>exchangeInfo</c> describes it.</summary>
/// <param name="Spec">Its tick (10^−quotePrecision), lot (10^−baseAssetPrecision), minimum quantity (<c>baseSizePrecision</c>, when above zero) and minimum notional (<c>quoteAmountPrecision</c>).</param>
/// <param name="BaseAsset">The base asset.</param>
/// <param name="QuoteAsset">The quote asset.</param>
/// <param name="IsTradable">Online (status <c>1</c> or <c>ENABLED</c>) and spot trading allowed through the API.</param>
/// <param name="Sides">Which sides may trade: <c>1</c> both, <c>2</c> buy only, <c>3</c> sell only, <c>4</c> closed.</param>
/// <param name="OrderTypes">The order types allowed (<c>LIMIT</c>, <c>MARKET</c>, <c>LIMIT_MAKER</c>, ...).</param>
/// <param name="MaxNotional">The largest notional of a limit order (<c>maxQuoteAmount</c>), or <see langword="null"/>.</param>
public sealed record MexcSymbol(InstrumentSpec Spec, AssetId BaseAsset, AssetId QuoteAsset, bool IsTradable, int Sides, IReadOnlyList<string> OrderTypes, decimal? MaxNotional);
