using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc;

/// <summary>One MEXC perpetual contract as <c>GET /api/v1/contract/detail</c> describes it.</summary>
/// <param name="Spec">The rules in contracts: tick (<c>priceUnit</c>, quote per base unit), lot (<c>volUnit</c> contracts), minimum and maximum (<c>minVol</c>, <c>maxVol</c>).</param>
/// <param name="BaseAsset">The base coin.</param>
/// <param name="QuoteAsset">The quote coin.</param>
/// <param name="ContractSize">Base units per contract (BTC_USDT: 0.0001).</param>
/// <param name="MakerFeeRate">The maker fee as a fraction of notional.</param>
/// <param name="TakerFeeRate">The taker fee as a fraction of notional.</param>
/// <param name="ApiAllowed">Whether MEXC lets API keys trade it (<c>apiAllowed</c>).</param>
/// <param name="State">MEXC's state: 0 enabled, 1 delivering, 2 delivered, 3 offline, 4 paused.</param>
public sealed record MexcContract(InstrumentSpec Spec, AssetId BaseAsset, AssetId QuoteAsset, decimal ContractSize, decimal MakerFeeRate, decimal TakerFeeRate, bool ApiAllowed, int State);
