using MarketMaker.Kraken.Configuration;
using MarketMaking.Adapters;
using MarketMaking.Adapters.Binance;
using MarketMaking.Inventory;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>
/// Binance USD-M futures as the venue quoted or the hedge venue: the rules from <c>exchangeInfo</c>; the key checked by reading the
/// positions; at start the clock offset read, then the position mode, margin mode and leverage set
/// (<see cref="FuturesAccountSettings"/> from <c>BinanceUsdm</c>); the book kept from diff depth and REST snapshots, the
/// trades, and the listen key's user stream, each posting to the engine loop; orders over REST.
/// </summary>
internal sealed partial class BinanceUsdmTradingVenue : ITradingVenue, IAsyncDisposable
{
    private readonly BinanceUsdmSettings _settings;
    private readonly BinanceOrderEntryClient _orders;
    private readonly BinanceMarketDataClient _marketData;
    private readonly BinanceFuturesUserStreamClient _userStream;
    private readonly BinanceFuturesAccountClient _account;
    private readonly ILogger<BinanceUsdmTradingVenue> _logger;
    private readonly Dictionary<InstrumentId, AssetPair> _assets = [];

    /// <param name="settings">The <c>BinanceUsdm</c> section.</param>
    /// <param name="symbols">The symbols traded: the ones quoted, or the one hedged.</param>
    /// <param name="sink">The engine loop.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="loggers">The logger factory.</param>
    public BinanceUsdmTradingVenue(BinanceUsdmSettings settings, IReadOnlyList<InstrumentId> symbols, IVenueEventSink sink, TimeProvider clock, ILoggerFactory loggers)
    {
        _settings = settings;
        var trading = new BinanceTradingOptions
        {
            Market = BinanceMarket.UsdM,
            RestBaseUrl = _settings.RestBaseUrl,
            StreamBaseUrl = _settings.StreamBaseUrl,
            ApiKey = _settings.ApiKey,
            ApiSecret = _settings.ApiSecret,
        };

        // The symbols traded are the ones the open-order reads and cancel-all cover from the start, before any order.
        foreach (var instrument in symbols)
        {
            trading.Symbols.Add(instrument.Value);
        }

        _orders = new BinanceOrderEntryClient(trading, clock, loggerFactory: loggers);
        _marketData = new BinanceMarketDataClient(
            new BinanceMarketDataOptions { Market = BinanceMarket.UsdM, RestBaseUrl = _settings.RestBaseUrl, StreamBaseUrl = _settings.StreamBaseUrl }, sink, clock, loggerFactory: loggers);
        _userStream = new BinanceFuturesUserStreamClient(trading, sink, clock, _orders, loggers);
        _account = new BinanceFuturesAccountClient(_orders, BinanceMarket.UsdM);
        _logger = loggers.CreateLogger<BinanceUsdmTradingVenue>();
    }

    public VenueId Id => BinanceVenue.UsdMId;

    public string Name => "Binance USD-M";

    public string OrderUpdatesConnection => "user";

    /// <remarks>Binance has no validate-only order: live <c>--dry-run</c> is refused for this venue at start.</remarks>
    public ISpotOrderEntry OrderEntry => _orders;

    public IOrderQueries Queries => _orders;

    public async Task<IReadOnlyList<InstrumentSpec>> InstrumentsAsync(IReadOnlyList<InstrumentId> wanted, string wantedBy, CancellationToken cancellationToken)
    {
        var specs = new List<InstrumentSpec>();
        foreach (var instrument in wanted)
        {
            var symbol = await _marketData.GetSymbolAsync(instrument, cancellationToken).ConfigureAwait(false);
            if (!symbol.IsSuccess)
            {
                throw new InvalidOperationException(symbol.Error.Kind == VenueErrorKind.UnknownInstrument
                    ? $"{wantedBy} {instrument}, which Binance USD-M does not list (symbols are named as Binance names them, such as BTCUSDT)"
                    : $"Binance USD-M's rules for {instrument} could not be read: {symbol.Error}");
            }

            specs.Add(symbol.Value.Spec);
            _assets[instrument] = new AssetPair(symbol.Value.BaseAsset, symbol.Value.QuoteAsset);
        }

        return specs;
    }

    public AssetPair? AssetsOf(InstrumentId instrument) => _assets.GetValueOrDefault(instrument);

    public async Task CheckKeysAsync(CancellationToken cancellationToken)
    {
        var clock = await _orders.SynchronizeClockAsync(cancellationToken).ConfigureAwait(false);
        if (!clock.IsSuccess)
        {
            throw new InvalidOperationException($"Binance USD-M's server time could not be read ({clock.Error}); no order was sent.");
        }

        var positions = await _account.GetPositionsAsync(cancellationToken).ConfigureAwait(false);
        if (!positions.IsSuccess)
        {
            throw new InvalidOperationException(positions.Error.Kind is VenueErrorKind.AuthenticationFailed or VenueErrorKind.PermissionDenied
                ? $"Binance USD-M refused the API key ({positions.Error}). Check BINANCE_API_KEY and BINANCE_API_SECRET, and that the key may trade futures; no order was sent."
                : $"Binance USD-M's account could not be read ({positions.Error}); no order was sent.");
        }

        foreach (var position in positions.Value.Where(p => p.Quantity != 0))
        {
            // Inventory starts from the journal's fills; a position opened elsewhere is not ours to hedge, but is said.
            LogOpenPosition(_logger, position.Instrument.Value, position.Quantity, position.EntryPrice);
        }
    }

    public async Task ConnectAsync(IReadOnlyList<InstrumentSpec> specs, int bookDepth, CancellationToken cancellationToken)
    {
        var account = new FuturesAccountSettings { PositionMode = _settings.PositionMode, MarginMode = _settings.MarginMode, Leverage = _settings.Leverage };
        foreach (var spec in specs)
        {
            account.Instruments.Add(spec.Instrument);
        }

        var applied = await account.ApplyAsync(_account, cancellationToken).ConfigureAwait(false);
        if (!applied.IsSuccess)
        {
            throw new InvalidOperationException($"Binance USD-M refused the account's settings: {applied.Error}; no order was sent.");
        }

        LogAccountSet(_logger, _settings.PositionMode, _settings.MarginMode, _settings.Leverage, string.Join(", ", specs.Select(s => s.Instrument.Value)));
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
    }

    /// <remarks>Binance USD-M has a per-symbol countdown cancel-all, not used yet: an order the sweep could not confirm canceled is named in the summary.</remarks>
    public async Task StopAsync(bool ordersMayRest)
    {
        await _userStream.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _marketData.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _userStream.DisposeAsync().ConfigureAwait(false);
        await _marketData.DisposeAsync().ConfigureAwait(false);
        _orders.Dispose();
    }

    [LoggerMessage(EventId = 9210, Level = LogLevel.Information, Message = "Binance USD-M account set: {PositionMode} positions, {MarginMode} margin, leverage {Leverage} on {Instruments}")]
    private static partial void LogAccountSet(ILogger logger, PositionMode positionMode, MarginMode marginMode, int leverage, string instruments);

    [LoggerMessage(EventId = 9211, Level = LogLevel.Warning, Message = "Binance USD-M holds a position of {Quantity} {Instrument} (entry {EntryPrice}) at start, opened outside this run's journal: inventory does not count it")]
    private static partial void LogOpenPosition(ILogger logger, string instrument, decimal quantity, decimal entryPrice);
}
