using MarketMaker.Kraken.Configuration;
using MarketMaking.Adapters;
using MarketMaking.Adapters.Bybit;
using MarketMaking.Inventory;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>
/// Bybit's linear perpetuals as the venue quoted or the hedge venue: the rules and coins from <c>instruments-info</c>, the book from the
/// public stream's snapshot and deltas, its trades, and the private stream's orders and executions, each posting to the engine
/// loop; orders over the trade stream (or REST, <see cref="BybitLinearSettings.OrderEntry"/>), queries and cancel-all
/// over REST, paced under Bybit's per-endpoint rate.
/// </summary>
internal sealed class BybitLinearTradingVenue : PerpetualTradingVenue
{
    /// <summary>Bybit's depths are 1, 50, 200 and 1000: 50 levels cover every book the strategies read.</summary>
    private const int BookDepth = 50;

    private readonly BybitOrderEntryClient _orders;
    private readonly BybitWebSocketOrderEntryClient? _tradeStream;
    private readonly BybitMarketDataClient _marketData;
    private readonly BybitPrivateStreamClient _private;
    private readonly ILogger _logger;
    private readonly TimeSpan _disconnectCancelWindow;

    /// <param name="settings">The <c>BybitLinear</c> section.</param>
    /// <param name="symbols">The symbols traded: the ones quoted, or the one hedged.</param>
    /// <param name="sink">The engine loop.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="loggers">The logger factory.</param>
    public BybitLinearTradingVenue(BybitLinearSettings settings, IReadOnlyList<InstrumentId> symbols, IVenueEventSink sink, TimeProvider clock, ILoggerFactory loggers)
        : this(settings, Trading(settings, symbols), sink, clock, loggers)
    {
    }

    private BybitLinearTradingVenue(BybitLinearSettings settings, BybitTradingOptions trading, IVenueEventSink sink, TimeProvider clock, ILoggerFactory loggers)
        : this(settings, trading, new BybitOrderEntryClient(trading, clock, loggerFactory: loggers), sink, clock, loggers)
    {
    }

    private BybitLinearTradingVenue(BybitLinearSettings settings, BybitTradingOptions trading, BybitOrderEntryClient orders, IVenueEventSink sink, TimeProvider clock, ILoggerFactory loggers)
        : base(settings, new BybitFuturesAccountClient(orders), loggers.CreateLogger<BybitLinearTradingVenue>())
    {
        _orders = orders;
        _marketData = new BybitMarketDataClient(BybitCategory.Linear, sink, clock, settings.PublicWebSocketUrl, loggers);
        _private = new BybitPrivateStreamClient(trading, sink, clock, loggers, serverClock: orders);
        _disconnectCancelWindow = settings.DisconnectCancelWindow;
        _tradeStream = settings.OrderEntry == OrderEntryTransport.WebSocket ? new BybitWebSocketOrderEntryClient(trading, orders, sink, clock, loggers) : null;
        _logger = loggers.CreateLogger<BybitLinearTradingVenue>();
    }

    public override string Name => "Bybit linear";

    public override string OrderUpdatesConnection => "private";

    public override ISpotOrderEntry OrderEntry => _tradeStream ?? (ISpotOrderEntry)_orders;

    public override IOrderQueries Queries => _orders;

    protected override string KeyVariables => "BYBIT_API_KEY and BYBIT_API_SECRET";

    public override async Task StopAsync(bool ordersMayRest)
    {
        // Bybit's disconnection protection, when set, cannot be turned off by the API: it stays for the next run.
        if (_tradeStream is not null)
        {
            await _tradeStream.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _private.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _marketData.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_tradeStream is not null)
        {
            await _tradeStream.DisposeAsync().ConfigureAwait(false);
        }

        await _private.DisposeAsync().ConfigureAwait(false);
        await _marketData.DisposeAsync().ConfigureAwait(false);
        _orders.Dispose();
    }

    protected override async Task<VenueResult<(InstrumentSpec Spec, AssetPair Assets)>> ReadSymbolAsync(InstrumentId instrument, CancellationToken cancellationToken) =>
        InstrumentRules.Of(await _orders.GetSymbolAsync(instrument, cancellationToken).ConfigureAwait(false));

    protected override async Task SubscribeAsync(IReadOnlyList<InstrumentSpec> specs, CancellationToken cancellationToken)
    {
        foreach (var spec in specs)
        {
            await Subscriptions.RequireAsync(_marketData.SubscribeBookAsync(spec.Instrument, BookDepth, cancellationToken), "book", spec.Instrument, _logger).ConfigureAwait(false);
            await Subscriptions.RequireAsync(_marketData.SubscribeTradesAsync(spec.Instrument, cancellationToken), "trades", spec.Instrument, _logger).ConfigureAwait(false);
        }

        await BybitTrading.SetDisconnectProtectionAsync(_orders, _disconnectCancelWindow, Name, "BybitLinear:DisconnectCancelWindow", _logger, cancellationToken).ConfigureAwait(false);
        await _private.StartAsync(cancellationToken).ConfigureAwait(false);
        if (_tradeStream is not null)
        {
            await _tradeStream.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static BybitTradingOptions Trading(BybitLinearSettings settings, IReadOnlyList<InstrumentId> symbols) =>
        BybitTrading.Options(
            BybitCategory.Linear, settings.RestBaseUrl, settings.PrivateWebSocketUrl, settings.TradeWebSocketUrl, settings.ApiKey, settings.ApiSecret, settings.OrderRequestsPerSecond, symbols,
            disconnectProtection: settings.DisconnectCancelWindow > TimeSpan.Zero);
}
