using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>One entry of Kraken's REST <c>AssetPairs</c> result: the names a pair goes by and its trading rules.</summary>
/// <param name="Key">The result key, such as <c>XXBTZUSD</c>.</param>
/// <param name="AltName">The alternate name REST calls take as <c>pair</c>, such as <c>XBTUSD</c>.</param>
/// <param name="Instrument">The platform's instrument id, such as <c>BTC/USD</c>.</param>
/// <param name="Spec">The tick size, lot size, minimums and precisions.</param>
/// <param name="Status">The pair's trading status: <c>online</c>, <c>cancel_only</c>, <c>post_only</c>, <c>limit_only</c> or <c>reduce_only</c>.</param>
/// <remarks>Source: <see href="https://docs.kraken.com/api/docs/rest-api/get-tradable-asset-pairs"/>.</remarks>
public sealed record KrakenAssetPair(string Key, string AltName, InstrumentId Instrument, InstrumentSpec Spec, string Status)
{
    /// <summary>Gets the maker fee of the lowest volume tier in percent, when given.</summary>
    public decimal? MakerFeePercent { get; init; }

    /// <summary>Gets the taker fee of the lowest volume tier in percent, when given.</summary>
    public decimal? TakerFeePercent { get; init; }
}
