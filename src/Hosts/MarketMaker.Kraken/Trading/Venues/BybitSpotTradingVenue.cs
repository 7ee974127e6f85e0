using MarketMaker.Kraken.Configuration;
using MarketMaking.Adapters;
using MarketMaking.Adapters.Bybit;
using MarketMaking.Inventory;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>
/// Bybit's spot market as the venue quoted or the hedge venue: each symbol's rules and coins from
/// <c>instruments-info</c>, the key checked by reading the open orders, the book from the public spot stream's snapshot
/// and deltas, its trades, and the private stream's orders and executions, each posting to the engine loop; orders over
/// the trade stream (or REST, <see cref="BybitSpotSettings.OrderEntry"/>), queries and cancel-all over REST, paced under
/// Bybit's per-endpoint rate; Bybit's disconnection protection set at start when
/// <see cref="BybitSpotSettings.DisconnectCancelWindow"/> asks for it.
/// </summary>
internal sealed class BybitSpotTradingVenue : ITradingVenue, IAsyncDisposable
{
    /// <summary>Bybit's spot depths are 1, 50 and 200: 50 levels cover every book the strategies read.</summary>
    private const int BookDepth = 50;

    private readonly Dictionary<InstrumentId, AssetPair> _assets = [];
    private readonly BybitOrderEntryClient _orders;
    private readonly BybitWebSocketOrderEntryClient? _tradeStream;
    private readonly BybitMarketDataClient _marketData;
    private readonly BybitPrivateStreamClient _private;
    private readonly ILogger _logger;
    private readonly TimeSpan _disconnectCancelWindow;

    /// <param name="settings">The <c>BybitSpot</c> section.</param>
    /// <param name="symbols">The symbols traded: the ones quoted, or the one hedged.</param>
    /// <param name="sink">The engine loop.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="loggers">The logger factory.</param>
    public BybitSpotTradingVenue(BybitSpotSettings settings, IReadOnlyList<InstrumentId> symbols, IVenueEventSink sink, TimeProvider clock, ILoggerFactory loggers)
    {
        var trading = BybitTrading.Options(BybitCategory.Spot, settings.RestBaseUrl, settings.PrivateWebSocketUrl, settings.TradeWebSocketUrl, settings.ApiKey, settings.ApiSecret, settings.OrderRequestsPerSecond, symbols,
            disconnectProtection: settings.DisconnectCancelWindow > TimeSpan.Zero);

        _orders = new BybitOrderEntryClient(trading, clock, loggerFactory: loggers);
        _marketData = new BybitMarketDataClient(BybitCategory.Spot, sink, clock, settings.PublicWebSocketUrl, loggers);
        _private = new BybitPrivateStreamClient(trading, sink, clock, loggers, serverClock: _orders);
        _tradeStream = settings.OrderEntry == OrderEntryTransport.WebSocket ? new BybitWebSocketOrderEntryClient(trading, _orders, sink, clock, loggers) : null;
        _disconnectCancelWindow = settings.DisconnectCancelWindow;
        _logger = loggers.CreateLogger<BybitSpotTradingVenue>();
    }

    public VenueId Id => BybitVenue.SpotId;

    public string Name => "Bybit Spot";

    public string OrderUpdatesConnection => "private";

    /// <remarks>Bybit has no validate-only order: live <c>--dry-run</c> is refused for this venue at start.</remarks>
    public ISpotOrderEntry OrderEntry => _tradeStream ?? (ISpotOrderEntry)_orders;

    public IOrderQueries Queries => _orders;

    public Task<IReadOnlyList<InstrumentSpec>> InstrumentsAsync(IReadOnlyList<InstrumentId> wanted, string wantedBy, CancellationToken cancellationToken) =>
        InstrumentRules.ReadAsync(Name, wanted, wantedBy, ReadSymbolAsync, _assets, cancellationToken);

    public AssetPair? AssetsOf(InstrumentId instrument) => _assets.GetValueOrDefault(instrument);

    public async Task CheckKeysAsync(CancellationToken cancellationToken)
    {
        // A signed read of the symbols traded: a key Bybit refuses stops the start here.
        var open = await _orders.GetOpenOrdersAsync(cancellationToken).ConfigureAwait(false);
        if (!open.IsSuccess)
        {
            throw KeyRefusal.Of(Name, open.Error, "BYBIT_API_KEY and BYBIT_API_SECRET", "read the account and trade spot");
        }
    }

    public async Task ConnectAsync(IReadOnlyList<InstrumentSpec> specs, int bookDepth, CancellationToken cancellationToken)
    {
        foreach (var spec in specs)
        {
            await Subscriptions.RequireAsync(_marketData.SubscribeBookAsync(spec.Instrument, BookDepth, cancellationToken), "book", spec.Instrument, _logger).ConfigureAwait(false);
            await Subscriptions.RequireAsync(_marketData.SubscribeTradesAsync(spec.Instrument, cancellationToken), "trades", spec.Instrument, _logger).ConfigureAwait(false);
        }

        await BybitTrading.SetDisconnectProtectionAsync(_orders, _disconnectCancelWindow, Name, "BybitSpot:DisconnectCancelWindow", _logger, cancellationToken).ConfigureAwait(false);
        await _private.StartAsync(cancellationToken).ConfigureAwait(false);
        if (_tradeStream is not null)
        {
            await _tradeStream.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(bool ordersMayRest)
    {
        // Bybit's disconnection protection, when set, cannot be turned off by the API: it stays for the next run.
        if (_tradeStream is not null)
        {
            await _tradeStream.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _private.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _marketData.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_tradeStream is not null)
        {
            await _tradeStream.DisposeAsync().ConfigureAwait(false);
        }

        await _private.DisposeAsync().ConfigureAwait(false);
        await _marketData.DisposeAsync().ConfigureAwait(false);
        _orders.Dispose();
    }

    private async Task<VenueResult<(InstrumentSpec Spec, AssetPair Assets)>> ReadSymbolAsync(InstrumentId instrument, CancellationToken cancellationToken) =>
        InstrumentRules.Of(await _orders.GetSymbolAsync(instrument, cancellationToken).ConfigureAwait(false));
}
