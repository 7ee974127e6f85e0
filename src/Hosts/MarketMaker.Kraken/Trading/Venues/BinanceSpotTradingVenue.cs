using MarketMaker.Kraken.Configuration;
using MarketMaking.Adapters;
using MarketMaking.Adapters.Binance;
using MarketMaking.Inventory;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>
/// Binance Spot as the venue quoted or the hedge venue: each symbol's rules and assets from <c>exchangeInfo</c>, the
/// clock offset and the order-count limits read before the key is checked (by reading the open orders), the book kept
/// from diff depth and REST snapshots, the trades, and the account's user data stream on the WebSocket API, each posting
/// to the engine loop; orders over the WebSocket API (or REST, <see cref="BinanceSpotSettings.OrderEntry"/>), queries
/// and cancel-all over REST. Binance Spot has no dead-man switch: an order the shutdown's sweep could not confirm
/// canceled is named in the summary.
/// </summary>
internal sealed partial class BinanceSpotTradingVenue : ITradingVenue, IAsyncDisposable
{
    private readonly Dictionary<InstrumentId, AssetPair> _assets = [];
    private readonly BinanceOrderEntryClient _orders;
    private readonly BinanceWebSocketOrderEntryClient? _webSocketOrders;
    private readonly BinanceMarketDataClient _marketData;
    private readonly BinanceUserStreamClient _userStream;
    private readonly ILogger _logger;

    /// <param name="settings">The <c>BinanceSpot</c> section.</param>
    /// <param name="symbols">The symbols traded: the ones quoted, or the one hedged.</param>
    /// <param name="sink">The engine loop.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="loggers">The logger factory.</param>
    public BinanceSpotTradingVenue(BinanceSpotSettings settings, IReadOnlyList<InstrumentId> symbols, IVenueEventSink sink, TimeProvider clock, ILoggerFactory loggers)
    {
        var options = BinanceTrading.Options(
            BinanceMarket.Spot, settings.RestBaseUrl, settings.StreamBaseUrl, settings.WebSocketApiUrl, settings.ApiKey, settings.ApiSecret, settings.PrivateKeyPem, symbols);
        _orders = new BinanceOrderEntryClient(options, clock, loggerFactory: loggers);
        _marketData = new BinanceMarketDataClient(
            new BinanceMarketDataOptions { Market = BinanceMarket.Spot, RestBaseUrl = settings.RestBaseUrl, StreamBaseUrl = settings.StreamBaseUrl }, sink, clock, loggerFactory: loggers);
        _userStream = new BinanceUserStreamClient(options, sink, clock, loggers);
        _webSocketOrders = settings.OrderEntry == OrderEntryTransport.WebSocket ? new BinanceWebSocketOrderEntryClient(options, _orders, sink, clock, loggers) : null;
        _logger = loggers.CreateLogger<BinanceSpotTradingVenue>();
    }

    public VenueId Id => BinanceVenue.SpotId;

    public string Name => "Binance Spot";

    public string OrderUpdatesConnection => "user";

    /// <remarks>Binance's order test endpoint books nothing and sends no update: live <c>--dry-run</c> is refused for this venue at start.</remarks>
    public ISpotOrderEntry OrderEntry => _webSocketOrders ?? (ISpotOrderEntry)_orders;

    public IOrderQueries Queries => _orders;

    public Task<IReadOnlyList<InstrumentSpec>> InstrumentsAsync(IReadOnlyList<InstrumentId> wanted, string wantedBy, CancellationToken cancellationToken) =>
        InstrumentRules.ReadAsync(Name, wanted, wantedBy, ReadSymbolAsync, _assets, cancellationToken);

    public AssetPair? AssetsOf(InstrumentId instrument) => _assets.GetValueOrDefault(instrument);

    public async Task CheckKeysAsync(CancellationToken cancellationToken)
    {
        LogOrderLimits(_logger, await BinanceTrading.ReadClockAndOrderLimitsAsync(_orders, Name, cancellationToken).ConfigureAwait(false));

        // A signed read (USER_DATA) of the symbols traded: a key Binance refuses stops the start here.
        var open = await _orders.GetOpenOrdersAsync(cancellationToken).ConfigureAwait(false);
        if (!open.IsSuccess)
        {
            throw KeyRefusal.Of(Name, open.Error, "BINANCE_API_KEY and BINANCE_API_SECRET (or BINANCE_PRIVATE_KEY)", "read the account and trade spot");
        }
    }

    public async Task ConnectAsync(IReadOnlyList<InstrumentSpec> specs, int bookDepth, CancellationToken cancellationToken)
    {
        foreach (var spec in specs)
        {
            await Subscriptions.RequireAsync(_marketData.SubscribeBookAsync(spec.Instrument, cancellationToken), "book", spec.Instrument, _logger).ConfigureAwait(false);
            await Subscriptions.RequireAsync(_marketData.SubscribeTradesAsync(spec.Instrument, cancellationToken), "trades", spec.Instrument, _logger).ConfigureAwait(false);
        }

        await _userStream.StartAsync(cancellationToken).ConfigureAwait(false);
        if (_webSocketOrders is not null)
        {
            await _webSocketOrders.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(bool ordersMayRest)
    {
        if (_webSocketOrders is not null)
        {
            await _webSocketOrders.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _userStream.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _marketData.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_webSocketOrders is not null)
        {
            await _webSocketOrders.DisposeAsync().ConfigureAwait(false);
        }

        await _userStream.DisposeAsync().ConfigureAwait(false);
        await _marketData.DisposeAsync().ConfigureAwait(false);
        _orders.Dispose();
    }

    private async Task<VenueResult<(InstrumentSpec Spec, AssetPair Assets)>> ReadSymbolAsync(InstrumentId instrument, CancellationToken cancellationToken) =>
        InstrumentRules.Of(await _marketData.GetSymbolAsync(instrument, cancellationToken).ConfigureAwait(false));

    [LoggerMessage(EventId = 9236, Level = LogLevel.Information, Message = "Binance Spot order limits from exchangeInfo: {Limits} (nine tenths of each sent at most)")]
    private static partial void LogOrderLimits(ILogger logger, string limits);
}
