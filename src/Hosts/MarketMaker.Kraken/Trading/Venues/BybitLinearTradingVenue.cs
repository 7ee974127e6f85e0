using MarketMaker.Kraken.Configuration;
using MarketMaking.Adapters;
using MarketMaking.Adapters.Bybit;
using MarketMaking.Inventory;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>
/// Bybit's linear perpetuals as the venue quoted: the rules and coins from <c>instruments-info</c>; the key checked by
/// reading the positions; at start the position mode, margin mode and leverage set (<see cref="FuturesAccountSettings"/>
/// from <c>BybitLinear</c>); the book from the public stream's snapshot and deltas and the private stream's orders and
/// executions, each posting to the engine loop; orders over REST.
/// </summary>
internal sealed partial class BybitLinearTradingVenue : ITradingVenue, IAsyncDisposable
{
    private const int BookDepth = 50;
    private readonly BybitLinearSettings _settings;
    private readonly BybitOrderEntryClient _orders;
    private readonly BybitMarketDataClient _marketData;
    private readonly BybitPrivateStreamClient _private;
    private readonly BybitFuturesAccountClient _account;
    private readonly ILogger<BybitLinearTradingVenue> _logger;
    private readonly Dictionary<InstrumentId, AssetPair> _assets = [];

    /// <param name="settings">The <c>BybitLinear</c> section.</param>
    /// <param name="symbols">The symbols traded.</param>
    /// <param name="sink">The engine loop.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="loggers">The logger factory.</param>
    public BybitLinearTradingVenue(BybitLinearSettings settings, IReadOnlyList<InstrumentId> symbols, IVenueEventSink sink, TimeProvider clock, ILoggerFactory loggers)
    {
        _settings = settings;
        var trading = new BybitTradingOptions
        {
            Category = BybitCategory.Linear,
            RestBaseUrl = settings.RestBaseUrl,
            PrivateWebSocketUrl = settings.PrivateWebSocketUrl,
            ApiKey = settings.ApiKey,
            ApiSecret = settings.ApiSecret,
        };
        foreach (var instrument in symbols)
        {
            trading.Symbols.Add(instrument.Value);
        }

        _orders = new BybitOrderEntryClient(trading, clock, loggerFactory: loggers);
        _marketData = new BybitMarketDataClient(BybitCategory.Linear, sink, clock, settings.PublicWebSocketUrl, loggers);
        _private = new BybitPrivateStreamClient(trading, sink, clock, loggers);
        _account = new BybitFuturesAccountClient(_orders);
        _logger = loggers.CreateLogger<BybitLinearTradingVenue>();
    }

    public VenueId Id => BybitVenue.LinearId;

    public string Name => "Bybit linear";

    public string OrderUpdatesConnection => "private";

    /// <remarks>Bybit has no validate-only order: live <c>--dry-run</c> is refused for this venue at start.</remarks>
    public ISpotOrderEntry OrderEntry => _orders;

    public IOrderQueries Queries => _orders;

    public async Task<IReadOnlyList<InstrumentSpec>> InstrumentsAsync(IReadOnlyList<InstrumentId> wanted, string wantedBy, CancellationToken cancellationToken)
    {
        var specs = new List<InstrumentSpec>();
        foreach (var instrument in wanted)
        {
            var symbol = await _orders.GetSymbolAsync(instrument, cancellationToken).ConfigureAwait(false);
            if (!symbol.IsSuccess)
            {
                throw new InvalidOperationException(symbol.Error.Kind == VenueErrorKind.UnknownInstrument
                    ? $"{wantedBy} {instrument}, which Bybit linear does not list (symbols are named as Bybit names them, such as BTCUSDT)"
                    : $"Bybit linear's rules for {instrument} could not be read: {symbol.Error}");
            }

            specs.Add(symbol.Value.Spec);
            _assets[instrument] = new AssetPair(symbol.Value.BaseAsset, symbol.Value.QuoteAsset);
        }

        return specs;
    }

    public AssetPair? AssetsOf(InstrumentId instrument) => _assets.GetValueOrDefault(instrument);

    public async Task CheckKeysAsync(CancellationToken cancellationToken)
    {
        var positions = await _account.GetPositionsAsync(cancellationToken).ConfigureAwait(false);
        if (!positions.IsSuccess)
        {
            throw new InvalidOperationException(positions.Error.Kind is VenueErrorKind.AuthenticationFailed or VenueErrorKind.PermissionDenied or VenueErrorKind.InvalidNonce
                ? $"Bybit refused the API key ({positions.Error}). Check BYBIT_API_KEY and BYBIT_API_SECRET, and that the key may trade derivatives; no order was sent."
                : $"Bybit's account could not be read ({positions.Error}); no order was sent.");
        }

        foreach (var position in positions.Value.Where(p => p.Quantity != 0))
        {
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
            throw new InvalidOperationException($"Bybit refused the account's settings: {applied.Error}; no order was sent.");
        }

        LogAccountSet(_logger, _settings.PositionMode, _settings.MarginMode, _settings.Leverage, string.Join(", ", specs.Select(s => s.Instrument.Value)));
        foreach (var spec in specs)
        {
            // Bybit's depths are 1, 50, 200 and 1000: 50 levels cover every book the strategies read.
            await Subscriptions.RequireAsync(_marketData.SubscribeBookAsync(spec.Instrument, BookDepth, cancellationToken), "book", spec.Instrument, _logger).ConfigureAwait(false);
        }

        await _private.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <remarks>Bybit's <c>disconnected-cancel-all</c> is not armed yet: an order the sweep could not confirm canceled is named in the summary.</remarks>
    public async Task StopAsync(bool ordersMayRest)
    {
        await _private.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _marketData.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _private.DisposeAsync().ConfigureAwait(false);
        await _marketData.DisposeAsync().ConfigureAwait(false);
        _orders.Dispose();
    }

    [LoggerMessage(EventId = 9212, Level = LogLevel.Information, Message = "Bybit linear account set: {PositionMode} positions, {MarginMode} margin, leverage {Leverage} on {Instruments}")]
    private static partial void LogAccountSet(ILogger logger, PositionMode positionMode, MarginMode marginMode, int leverage, string instruments);

    [LoggerMessage(EventId = 9213, Level = LogLevel.Warning, Message = "Bybit linear holds a position of {Quantity} {Instrument} (entry {EntryPrice}) at start, opened outside this run's journal: inventory does not count it")]
    private static partial void LogOpenPosition(ILogger logger, string instrument, decimal quantity, decimal entryPrice);
}
