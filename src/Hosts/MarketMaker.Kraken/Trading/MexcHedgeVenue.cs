using MarketMaker.Kraken.Configuration;
using MarketMaking.Adapters;
using MarketMaking.Adapters.Mexc;
using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaker.Kraken.Trading;

/// <summary>
/// MEXC Spot as the live hedge venue: the hedge symbol checked against MEXC's list (listed, and tradable through the
/// API), its book tracked and its assets declared, the venue registered with the OMS, then the WebSocket started with
/// the book (versioned depth from a REST snapshot) and the user stream (listen key) subscribed.
/// </summary>
internal sealed class MexcHedgeVenue(MexcSpotRestClient rest, MexcSpotWsClient ws, HedgingChoice hedging)
{
    /// <summary>Gets the REST client (the shutdown's last check of open orders).</summary>
    public ISpotRest Rest => rest;

    /// <summary>Gets the instrument hedged, in MEXC's naming.</summary>
    public MarketMaking.Models.InstrumentId Instrument => MarketMaking.Models.InstrumentId.Create(hedging.Symbol);

    /// <summary>Checks the symbol and registers the venue; before the engine loop starts.</summary>
    /// <exception cref="InvalidOperationException">MEXC's list could not be read, or it does not list the symbol, or the symbol cannot be traded through the API.</exception>
    public async Task RegisterAsync(OrderManager orders, BookKeeper books, InventoryManager inventory, int bookDepth, bool dryRun, CancellationToken cancellationToken)
    {
        var symbols = await rest.GetSymbolsAsync(cancellationToken).ConfigureAwait(false);
        if (!symbols.IsSuccess)
        {
            throw new InvalidOperationException($"MEXC's symbols could not be read: {symbols.Error}");
        }

        var hedged = rest.ListedSymbols.GetValueOrDefault(MarketMaking.Models.InstrumentId.Create(hedging.Symbol))
            ?? throw new InvalidOperationException($"Inventory:Hedging:Symbol names {hedging.Symbol}, which MEXC does not list");
        if (!hedged.IsTradable)
        {
            throw new InvalidOperationException($"MEXC lists {hedging.Symbol} but does not let API keys trade it now");
        }

        books.Track(MexcVenue.SpotId, hedged.Spec, bookDepth);
        inventory.Track(hedged.Spec.Instrument, new AssetPair(hedged.BaseAsset, hedged.QuoteAsset));
        orders.RegisterExchange(MexcVenue.SpotId, dryRun ? new DryRunOrderEntry(ws) : ws);
    }

    /// <summary>Connects and subscribes; once the engine loop runs.</summary>
    /// <exception cref="InvalidOperationException">MEXC refused a subscription.</exception>
    public async Task ConnectAsync(int bookDepth, CancellationToken cancellationToken)
    {
        var instrument = MarketMaking.Models.InstrumentId.Create(hedging.Symbol);
        await ws.StartAsync(cancellationToken).ConfigureAwait(false);
        await Subscribed(ws.SubscribeBookAsync(instrument, bookDepth, cancellationToken), "MEXC book").ConfigureAwait(false);
        await Subscribed(ws.SubscribeUserStreamAsync(cancellationToken), "MEXC user stream").ConfigureAwait(false);
    }

    /// <summary>Closes the connections and deletes the listen key.</summary>
    public Task StopAsync() => ws.StopAsync(CancellationToken.None);

    private static async Task Subscribed(Task<VenueResult<bool>> subscription, string what)
    {
        var answer = await subscription.ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            throw new InvalidOperationException($"The {what} could not be subscribed: {answer.Error}");
        }
    }
}
