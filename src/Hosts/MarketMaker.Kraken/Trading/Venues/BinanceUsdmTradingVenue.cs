using MarketMaker.Kraken.Configuration;
using MarketMaking.Adapters;
using MarketMaking.Adapters.Binance;
using MarketMaking.Inventory;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>
/// Binance USD-M futures as the venue quoted or the hedge venue: the rules and order-count limits from <c>exchangeInfo</c>,
/// the clock offset read before the key is checked, the book kept from diff depth and REST snapshots, the trades, and the listen key's
/// user stream, each posting to the engine loop; orders over the WebSocket API (or REST, <see cref="BinanceUsdmSettings.OrderEntry"/>),
/// queries, batches and cancel-all over REST; the dead-man switch
/// (<c>countdownCancelAll</c>) armed once the user stream is up, renewed until the stop, and turned off at the end only
/// when nothing of ours may rest.
/// </summary>
internal sealed partial class BinanceUsdmTradingVenue : PerpetualTradingVenue
{
    private readonly BinanceUsdmSettings _settings;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stopping = new();
    private readonly BinanceOrderEntryClient _orders;
    private readonly BinanceWebSocketOrderEntryClient? _webSocketOrders;
    private readonly BinanceMarketDataClient _marketData;
    private readonly BinanceFuturesUserStreamClient _userStream;
    private readonly ILogger _logger;
    private Task _heartbeat = Task.CompletedTask;

    /// <param name="settings">The <c>BinanceUsdm</c> section.</param>
    /// <param name="symbols">The symbols traded: the ones quoted, or the one hedged.</param>
    /// <param name="sink">The engine loop.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="loggers">The logger factory.</param>
    public BinanceUsdmTradingVenue(BinanceUsdmSettings settings, IReadOnlyList<InstrumentId> symbols, IVenueEventSink sink, TimeProvider clock, ILoggerFactory loggers)
        : this(settings, Orders(settings, symbols, clock, loggers), sink, clock, loggers)
    {
    }

    private BinanceUsdmTradingVenue(BinanceUsdmSettings settings, (BinanceOrderEntryClient Orders, BinanceTradingOptions Options) trading, IVenueEventSink sink, TimeProvider clock, ILoggerFactory loggers)
        : base(settings, new BinanceFuturesAccountClient(trading.Orders, BinanceMarket.UsdM), loggers.CreateLogger<BinanceUsdmTradingVenue>())
    {
        _settings = settings;
        _clock = clock;
        _orders = trading.Orders;
        _marketData = new BinanceMarketDataClient(
            new BinanceMarketDataOptions { Market = BinanceMarket.UsdM, RestBaseUrl = settings.RestBaseUrl, StreamBaseUrl = settings.StreamBaseUrl }, sink, clock, loggerFactory: loggers);
        _userStream = new BinanceFuturesUserStreamClient(trading.Options, sink, clock, _orders, loggers);
        _webSocketOrders = settings.OrderEntry == OrderEntryTransport.WebSocket ? new BinanceWebSocketOrderEntryClient(trading.Options, _orders, sink, clock, loggers) : null;
        _logger = loggers.CreateLogger<BinanceUsdmTradingVenue>();
    }

    public override string Name => "Binance USD-M";

    public override string OrderUpdatesConnection => "user";

    public override ISpotOrderEntry OrderEntry => _webSocketOrders ?? (ISpotOrderEntry)_orders;

    public override IOrderQueries Queries => _orders;

    protected override string KeyVariables => "BINANCE_API_KEY and BINANCE_API_SECRET";

    public override async Task StopAsync(bool ordersMayRest)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!ordersMayRest && _settings.DeadManSwitchRefreshInterval > TimeSpan.Zero)
        {
            // Nothing of ours rests: the countdown is turned off. Else it is left to cancel what may rest.
            var off = await _orders.CancelAllAfterAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
            if (!off.IsSuccess)
            {
                LogDeadManSwitchFailed(_logger, "turned off", off.Error.ToString());
            }
        }

        if (_webSocketOrders is not null)
        {
            await _webSocketOrders.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _userStream.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _marketData.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
        if (_webSocketOrders is not null)
        {
            await _webSocketOrders.DisposeAsync().ConfigureAwait(false);
        }

        await _userStream.DisposeAsync().ConfigureAwait(false);
        await _marketData.DisposeAsync().ConfigureAwait(false);
        _orders.Dispose();
    }

    protected override async Task<VenueResult<(InstrumentSpec Spec, AssetPair Assets)>> ReadSymbolAsync(InstrumentId instrument, CancellationToken cancellationToken) =>
        InstrumentRules.Of(await _marketData.GetSymbolAsync(instrument, cancellationToken).ConfigureAwait(false));

    protected override async Task BeforeKeyCheckAsync(CancellationToken cancellationToken)
    {
        LogOrderLimits(_logger, await BinanceTrading.ReadClockAndOrderLimitsAsync(_orders, Name, cancellationToken).ConfigureAwait(false));
    }

    protected override async Task SubscribeAsync(IReadOnlyList<InstrumentSpec> specs, CancellationToken cancellationToken)
    {
        foreach (var spec in specs)
        {
            await Subscriptions.RequireAsync(_marketData.SubscribeBookAsync(spec.Instrument, cancellationToken), "book", spec.Instrument, _logger).ConfigureAwait(false);
            await Subscriptions.RequireAsync(_marketData.SubscribeTradesAsync(spec.Instrument, cancellationToken), "trades", spec.Instrument, _logger).ConfigureAwait(false);
        }

        var user = await _userStream.StartAsync(cancellationToken).ConfigureAwait(false);
        if (!user.IsSuccess)
        {
            throw new InvalidOperationException($"Binance USD-M's user data stream could not be opened: {user.Error}");
        }

        if (_webSocketOrders is not null)
        {
            await _webSocketOrders.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_settings.DeadManSwitchRefreshInterval > TimeSpan.Zero)
        {
            // Armed before the first order can rest; refused, the start stops (quoting without it is not what was asked).
            var armed = await _orders.CancelAllAfterAsync(_settings.DeadManSwitchTimeout, cancellationToken).ConfigureAwait(false);
            if (!armed.IsSuccess)
            {
                throw new InvalidOperationException($"Binance USD-M refused the dead-man switch (countdownCancelAll): {armed.Error}; set BinanceUsdm:DeadManSwitchRefreshInterval to 0 to quote without it");
            }

            LogDeadManSwitchArmed(_logger, _settings.DeadManSwitchTimeout.TotalSeconds, _settings.DeadManSwitchRefreshInterval.TotalSeconds);
            _heartbeat = RenewAsync(_stopping.Token);
        }
    }

    /// <summary>Renews the countdown until the stop; a failed renewal is logged and tried again at the next beat.</summary>
    private async Task RenewAsync(CancellationToken stopping)
    {
        using var beat = new PeriodicTimer(_settings.DeadManSwitchRefreshInterval, _clock);
        while (await beat.WaitForNextTickAsync(stopping).ConfigureAwait(false))
        {
            var renewed = await _orders.CancelAllAfterAsync(_settings.DeadManSwitchTimeout, stopping).ConfigureAwait(false);
            if (!renewed.IsSuccess && !stopping.IsCancellationRequested)
            {
                LogDeadManSwitchFailed(_logger, "renewed", renewed.Error.ToString());
            }
        }
    }

    [LoggerMessage(EventId = 9232, Level = LogLevel.Information, Message = "Binance USD-M dead-man switch armed: every open order canceled {TimeoutSeconds} s after the last renewal, renewed every {IntervalSeconds} s")]
    private static partial void LogDeadManSwitchArmed(ILogger logger, double timeoutSeconds, double intervalSeconds);

    [LoggerMessage(EventId = 9234, Level = LogLevel.Information, Message = "Binance USD-M order limits from exchangeInfo: {Limits} (nine tenths of each sent at most)")]
    private static partial void LogOrderLimits(ILogger logger, string limits);

    [LoggerMessage(EventId = 9233, Level = LogLevel.Warning, Message = "Binance USD-M dead-man switch could not be {What}: {Error}")]
    private static partial void LogDeadManSwitchFailed(ILogger logger, string what, string error);

    /// <summary>The order entry client, the symbols traded being the ones its open-order reads and cancel-all cover from the start.</summary>
    private static (BinanceOrderEntryClient, BinanceTradingOptions) Orders(BinanceUsdmSettings settings, IReadOnlyList<InstrumentId> symbols, TimeProvider clock, ILoggerFactory loggers)
    {
        var options = BinanceTrading.Options(
            BinanceMarket.UsdM, settings.RestBaseUrl, settings.StreamBaseUrl, settings.WebSocketApiUrl, settings.ApiKey, settings.ApiSecret, settings.PrivateKeyPem, symbols);
        return (new BinanceOrderEntryClient(options, clock, loggerFactory: loggers), options);
    }
}
