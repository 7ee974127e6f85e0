using MarketMaker.Kraken.Configuration;
using MarketMaking.Adapters.Mexc;
using MarketMaking.Inventory;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>
/// MEXC Spot, quoted (<c>--venue mexc</c>) or as the live hedge venue: each symbol checked against <c>exchangeInfo</c>
/// (listed, and tradable through the API) with its rules and assets, the key checked by reading the account, orders and
/// queries over REST (live <c>--dry-run</c>: MEXC's <c>/api/v3/order/test</c>), then the protobuf WebSocket with the
/// versioned depth and deals of each symbol and the user stream on a listen key, which is deleted at the end. MEXC Spot
/// has no dead-man switch: an order the shutdown's sweep could not confirm canceled is named in the summary.
/// </summary>
internal sealed class MexcSpotTradingVenue(MexcSpotRestClient rest, MexcSpotWsClient ws, RunContext run, IOptions<RunOptions> options, ILogger<MexcSpotTradingVenue> logger) : ITradingVenue
{
    private readonly Dictionary<InstrumentId, AssetPair> _assets = [];

    public VenueId Id => MexcVenue.SpotId;

    public string Name => "MEXC Spot";

    public string OrderUpdatesConnection => "private";

    public ISpotOrderEntry OrderEntry { get; } = options.Value.DryRun && !run.IsSim ? new DryRunOrderEntry(ws) : ws;

    public IOrderQueries Queries => rest;

    public async Task<IReadOnlyList<InstrumentSpec>> InstrumentsAsync(IReadOnlyList<InstrumentId> wanted, string wantedBy, CancellationToken cancellationToken)
    {
        var listed = await rest.GetSymbolsAsync(cancellationToken).ConfigureAwait(false);
        if (!listed.IsSuccess)
        {
            throw new InvalidOperationException($"MEXC's symbols could not be read: {listed.Error}");
        }

        var specs = new List<InstrumentSpec>();
        foreach (var instrument in wanted)
        {
            var symbol = rest.ListedSymbols.GetValueOrDefault(instrument)
                ?? throw new InvalidOperationException($"{wantedBy} {instrument}, which MEXC does not list (symbols are named as MEXC names them, such as BTCUSDT)");
            if (!symbol.IsTradable)
            {
                throw new InvalidOperationException($"MEXC lists {instrument} but does not let API keys trade it now");
            }

            specs.Add(symbol.Spec);
            _assets[instrument] = new AssetPair(symbol.BaseAsset, symbol.QuoteAsset);
        }

        return specs;
    }

    public AssetPair? AssetsOf(InstrumentId instrument) => _assets.GetValueOrDefault(instrument);

    public async Task CheckKeysAsync(CancellationToken cancellationToken)
    {
        var balances = await rest.GetBalancesAsync(cancellationToken).ConfigureAwait(false);
        if (!balances.IsSuccess)
        {
            throw KeyRefusal.Of("MEXC", balances.Error, "MEXC_API_KEY and MEXC_API_SECRET", "read the account and trade spot");
        }
    }

    public async Task ConnectAsync(IReadOnlyList<InstrumentSpec> specs, int bookDepth, CancellationToken cancellationToken)
    {
        await ws.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var spec in specs)
        {
            await Subscriptions.RequireAsync(ws.SubscribeBookAsync(spec.Instrument, bookDepth, cancellationToken), "book", spec.Instrument, logger).ConfigureAwait(false);
            await Subscriptions.RequireAsync(ws.SubscribeTradesAsync(spec.Instrument, cancellationToken), "trades", spec.Instrument, logger).ConfigureAwait(false);
        }

        var userStream = await ws.SubscribeUserStreamAsync(cancellationToken).ConfigureAwait(false);
        if (!userStream.IsSuccess)
        {
            throw new InvalidOperationException($"MEXC's user stream could not be subscribed: {userStream.Error}");
        }
    }

    /// <remarks>Closes the connections and deletes the listen key.</remarks>
    public Task StopAsync(bool ordersMayRest) => ws.StopAsync(CancellationToken.None);
}
