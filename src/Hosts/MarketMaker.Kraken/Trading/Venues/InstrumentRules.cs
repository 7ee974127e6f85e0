using MarketMaking.Adapters.Binance;
using MarketMaking.Adapters.Bybit;
using MarketMaking.Inventory;
using MarketMaking.Models;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>How a venue the host trades on reads the rules and assets of the instruments it is to trade, one by one.</summary>
internal static class InstrumentRules
{
    /// <summary>Reads each instrument's rules and assets; the first the venue does not list, or cannot give, stops the start.</summary>
    /// <param name="venue">The venue's name, for messages.</param>
    /// <param name="wanted">The instruments, in the venue's naming.</param>
    /// <param name="wantedBy">Who wants them, for the message when the venue does not list one.</param>
    /// <param name="read">Reads one instrument's rules and assets from the venue.</param>
    /// <param name="assets">Receives each instrument's assets.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The specs, in the order wanted.</returns>
    /// <exception cref="InvalidOperationException">The venue does not list one, or its rules could not be read.</exception>
    public static async Task<IReadOnlyList<InstrumentSpec>> ReadAsync(
        string venue,
        IReadOnlyList<InstrumentId> wanted,
        string wantedBy,
        Func<InstrumentId, CancellationToken, Task<VenueResult<(InstrumentSpec Spec, AssetPair Assets)>>> read,
        Dictionary<InstrumentId, AssetPair> assets,
        CancellationToken cancellationToken)
    {
        var specs = new List<InstrumentSpec>();
        foreach (var instrument in wanted)
        {
            var symbol = await read(instrument, cancellationToken).ConfigureAwait(false);
            if (!symbol.IsSuccess)
            {
                throw new InvalidOperationException(symbol.Error.Kind == VenueErrorKind.UnknownInstrument
                    ? $"{wantedBy} {instrument}, which {venue} does not list (symbols are named as the venue names them, such as BTCUSDT)"
                    : $"{venue}'s rules for {instrument} could not be read: {symbol.Error}");
            }

            specs.Add(symbol.Value.Spec);
            assets[instrument] = symbol.Value.Assets;
        }

        return specs;
    }

    /// <summary>Binance's answer for one symbol (its <c>exchangeInfo</c> entry) as its rules and assets.</summary>
    public static VenueResult<(InstrumentSpec Spec, AssetPair Assets)> Of(VenueResult<BinanceSymbol> symbol) =>
        symbol.IsSuccess
            ? VenueResult<(InstrumentSpec, AssetPair)>.Success((symbol.Value.Spec, new AssetPair(symbol.Value.BaseAsset, symbol.Value.QuoteAsset)))
            : symbol.WithoutValue<(InstrumentSpec, AssetPair)>();

    /// <summary>Bybit's answer for one symbol (its <c>instruments-info</c> entry) as its rules and assets.</summary>
    public static VenueResult<(InstrumentSpec Spec, AssetPair Assets)> Of(VenueResult<BybitSymbol> symbol) =>
        symbol.IsSuccess
            ? VenueResult<(InstrumentSpec, AssetPair)>.Success((symbol.Value.Spec, new AssetPair(symbol.Value.BaseAsset, symbol.Value.QuoteAsset)))
            : symbol.WithoutValue<(InstrumentSpec, AssetPair)>();
}
