using MarketMaker.Kraken.Configuration;
using MarketMaker.Kraken.Simulation;
using MarketMaker.Kraken.StrategyHosting;
using MarketMaker.Kraken.Trading.Venues;
using MarketMaking.Adapters;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Risk;
using MarketMaking.Strategies;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketMaker.Kraken.Trading;

/// <summary>
/// Brings the trading stack up and down. Up: the quoted venue's instruments and key checked, the books, the venues
/// registered with the OMS, the strategy engine (books → OMS → inventory → risk → strategies on the loop), then the
/// quoted venue's connections and subscriptions (<see cref="ITradingVenue"/>: Kraken Spot, MEXC Spot, Binance USD-M or
/// Bybit linear), and, when hedging live on MEXC Spot or Binance USD-M, that venue's; on Kraken, once the first reconciliation has run, the balances checked against
/// our fills (<see cref="BalanceCheck"/>). Down (end of the recording, <c>--duration</c>, SIGINT or
/// SIGTERM): trading halted; every open order canceled, a cancel the venue refused sent again, until the OMS shows none
/// open or the shutdown time-out passes; then each venue with a REST API asked which of our orders are still open, and
/// its cancel-all sent while any is (<see cref="VenueSweep"/>); Kraken's dead-man switch turned off only once Kraken
/// reports none; the connections closed, the loop drained.
/// </summary>
internal sealed partial class TradingService : IHostedService
{
    private readonly RunContext _run;
    private readonly RunOptions _options;
    private readonly ITradingVenue _venue;
    private readonly ITradingVenue? _hedge;
    private readonly OrderManager _orders;
    private readonly BookKeeper _books;
    private readonly StrategyEngine _engine;
    private readonly QuotedStrategy _strategy;
    private readonly TradingControl _control;
    private readonly InventoryManager _inventory;
    private readonly IVenueEventSink _loop;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _clock;
    private readonly ILogger<TradingService> _logger;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly string? _journalPath;
    private Task _balanceCheck = Task.CompletedTask;
    private bool _started;
    private IReadOnlyList<InstrumentSpec> _specs = [];
    private IReadOnlyList<InstrumentSpec> _hedgeSpecs = [];

    public TradingService(
        RunContext run,
        IOptions<RunOptions> options,
        ITradingVenue venue,
        OrderManager orders,
        BookKeeper books,
        StrategyEngine engine,
        QuotedStrategy strategy,
        TradingControl control,
        InventoryManager inventory,
        IVenueEventSink loop,
        IServiceProvider services,
        TimeProvider clock,
        ILogger<TradingService> logger)
    {
        _run = run;
        _options = options.Value;
        _venue = venue;
        _hedge = Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions.GetKeyedService<ITradingVenue>(services, ITradingVenue.HedgeKey);
        _orders = orders;
        _books = books;
        _engine = engine;
        _strategy = strategy;
        _control = control;
        _inventory = inventory;
        _loop = loop;
        _services = services;
        _clock = clock;
        _logger = logger;
        _journalPath = (services.GetService(typeof(IOptions<OmsOptions>)) as IOptions<OmsOptions>)?.Value.JournalPath is { Length: > 0 } journal ? journal : null;
    }

    /// <summary>Gets a task that completes once the stack is up and subscribed.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Gets the time the stack came up.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>Gets the orders the OMS still counted open at the end of the shutdown (0 when every cancel was confirmed).</summary>
    public int OpenAtShutdown { get; private set; }

    /// <summary>Gets what each venue with a REST API reported of our open orders at the end of the shutdown.</summary>
    public IReadOnlyList<VenueSweepResult> VenuesAtShutdown { get; private set; } = [];

    /// <summary>Gets whether an order of ours may still rest at a venue after the shutdown (the exit code says so).</summary>
    public bool MayHaveOrdersResting => VenuesAtShutdown.Any(v => v.MayBeResting);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var specs = await _venue.InstrumentsAsync([.. _strategy.Instruments], $"the strategy {_strategy.Name} quotes", cancellationToken).ConfigureAwait(false);
        _specs = specs;
        await _venue.CheckKeysAsync(cancellationToken).ConfigureAwait(false);
        Register(_venue, specs);
        if (_run.Markets is { } markets)
        {
            _books.Track(markets.Hedge.Id, markets.HedgeSpec, _options.BookDepth);
            _inventory.Track(markets.HedgeSpec.Instrument, markets.Assets);
            _orders.RegisterExchange(markets.Hedge.Id, markets.CreateHedgeVenue(_loop, _run.Format));
        }

        if (_hedge is not null)
        {
            await RegisterHedgeAsync(_hedge, cancellationToken).ConfigureAwait(false);
        }

        // Positions, fees and PnL of earlier runs, from the journal's fills, before anything trades on them.
        _inventory.Restore(_orders.RestoredFills);
        _inventory.RestoreFunding(_orders.RestoredFunding);
        if (_orders.RestoredFills.Count > 0)
        {
            LogRestored(_logger, _orders.RestoredFills.Count, _orders.Read(store => store.Count), string.Join(", ", _inventory.Positions.Select(p => $"{p.Quantity} {p.Instrument} on {p.Venue}")));
        }

        await _engine.StartAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
        try
        {
            await ConnectAsync(specs, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The loop is running and may hold orders: bring it down in order before the host disposes what it uses.
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        StartedAt = _clock.GetUtcNow();
        var hedging = _run.Markets is { } simulated ? $"hedges on the simulated {simulated.Hedge.Name} venue" : _hedge is not null ? $"hedges on {_hedge.Name}" : $"no hedge venue but {_venue.Name}";
        LogStarted(_logger, _run.Mode, string.Join(", ", specs.Select(s => s.Instrument.Value)), _venue.Name, hedging);

        // A counter reaches /metrics at its first measurement: zero is measured now, with the exporter listening, so
        // that every documented series is there from the start (a run without a denial still shows 0 denials).
        var metrics = _orders.Metrics;
        foreach (var counter in new[] { metrics.Submitted, metrics.Filled, metrics.Rejected, metrics.Canceled, metrics.Denied, metrics.Fills })
        {
            counter.Add(0);
        }

        metrics.FillVolume.Add(0);
        metrics.FillNotional.Add(0);
        _ready.TrySetResult();
        _balanceCheck = CheckBalancesAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _balanceCheck.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        _control.Set(TradingState.Halted, "shutting down");
        var deadline = _clock.GetUtcNow() + _options.ShutdownTimeout;
        await _engine.StopStrategiesAsync(CancellationToken.None).WaitAsync(_options.ShutdownTimeout, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var driver = _services.GetService(typeof(ReplayDriver)) as ReplayDriver;
        while (true)
        {
            // Every round: a cancel the venue refused (or that failed before it was sent) left its order open, and
            // CancelAll sends only for orders not already being canceled, so nothing in flight is sent twice.
            foreach (var venue in _orders.Venues)
            {
                await _orders.SendCancelAllAsync(venue).ConfigureAwait(false);
            }

            if (OpenOrders() == 0 || _clock.GetUtcNow() >= deadline)
            {
                break;
            }

            // The simulated hedge venue answers only as its clock moves.
            if (driver is not null)
            {
                await driver.AdvanceHedgeClockAsync().ConfigureAwait(false);
            }

            await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
        }

        OpenAtShutdown = OpenOrders();

        // The sweep is the last word on what rests: reconciliations started by its cancel-all's "unknown order"
        // answers would spend the REST budget its confirming read needs (a Starter account's lasts seconds).
        if (_services.GetService(typeof(IEnumerable<IEngineHandler>)) is IEnumerable<IEngineHandler> handlers)
        {
            var reconcilers = handlers.OfType<ReconcileOnReconnect>().ToArray();
            await ((IEngineLoop)_services.GetService(typeof(EngineLoop))!).InvokeAsync(() =>
            {
                Array.ForEach(reconcilers, r => r.Suspend());
                return true;
            }, CancellationToken.None).ConfigureAwait(false);
        }

        VenuesAtShutdown = await SweepVenuesAsync().ConfigureAwait(false);
        if (MayHaveOrdersResting)
        {
            foreach (var line in VenuesAtShutdown.SelectMany(v => v.Describe()))
            {
                LogStillResting(_logger, line);
            }
        }

        LogStopped(_logger, OpenAtShutdown, MayHaveOrdersResting ? "some may still rest at the venues (see above); a dead-man switch, where the venue has one armed, is left to cancel them" : "the venues report none of ours open");
        await _venue.StopAsync(MayHaveOrdersResting).ConfigureAwait(false);
        if (_hedge is not null)
        {
            await _hedge.StopAsync(MayHaveOrdersResting).ConfigureAwait(false);
        }

        await _engine.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Once the first reconciliation has recovered what the journal missed, compares Kraken's balances with our fills.</summary>
    private async Task CheckBalancesAsync(CancellationToken stopping)
    {
        if (_journalPath is null || _venue is not KrakenTradingVenue kraken || _services.GetService(typeof(IEnumerable<IEngineHandler>)) is not IEnumerable<IEngineHandler> handlers
            || handlers.OfType<ReconcileOnReconnect>().FirstOrDefault(r => r.Name == $"reconcile-{KrakenVenue.Id}") is not { } reconcile)
        {
            return;
        }

        try
        {
            var deadline = _clock.GetUtcNow() + TimeSpan.FromMinutes(1);
            while (reconcile.LastReport is null && _clock.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), _clock, stopping).ConfigureAwait(false);
            }

            var balances = await kraken.Rest.GetBalancesAsync(stopping).ConfigureAwait(false);
            if (reconcile.LastReport is null || !balances.IsSuccess)
            {
                LogBalanceCheckSkipped(_logger, reconcile.LastReport is null ? "no reconciliation within a minute" : balances.Error!.ToString());
                return;
            }

            var ours = _orders.Read(store => store.All.Where(o => o.Venue == KrakenVenue.Id && o.FilledQuantity.Value > 0).ToArray());
            var assets = _specs.SelectMany(spec => new[] { _inventory.AssetsOf(spec.Instrument).Base, _inventory.AssetsOf(spec.Instrument).Quote });
            new BalanceCheck(_journalPath, _logger).Run(balances.Value, ours, assets, instrument => (_inventory.AssetsOf(instrument).Base, _inventory.AssetsOf(instrument).Quote));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (IOException exception)
        {
            LogBalanceCheckSkipped(_logger, exception.Message);
        }
    }

    private async Task ConnectAsync(IReadOnlyList<InstrumentSpec> specs, CancellationToken cancellationToken)
    {
        await _venue.ConnectAsync(specs, _options.BookDepth, cancellationToken).ConfigureAwait(false);
        if (_hedge is not null)
        {
            await _hedge.ConnectAsync(_hedgeSpecs, _options.BookDepth, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<VenueSweepResult>> SweepVenuesAsync()
    {
        var sweeps = new List<Task<VenueSweepResult>>
        {
            new VenueSweep(_venue.Id, _venue.Queries, [.. _specs.Select(s => s.Instrument)], _clock, _logger).RunAsync(_options.ShutdownTimeout),
        };
        if (_hedge is not null)
        {
            sweeps.Add(new VenueSweep(_hedge.Id, _hedge.Queries, [.. _hedgeSpecs.Select(s => s.Instrument)], _clock, _logger).RunAsync(_options.ShutdownTimeout));
        }

        return await Task.WhenAll(sweeps).ConfigureAwait(false);
    }

    /// <summary>A hedge venue with an adapter of the kind the quoted venue has: the hedge symbol's rules and assets, the key checked, its book tracked, the venue registered; before the engine loop starts.</summary>
    private async Task RegisterHedgeAsync(ITradingVenue hedge, CancellationToken cancellationToken)
    {
        var hedging = (HedgingChoice)_services.GetService(typeof(HedgingChoice))!;
        _hedgeSpecs = await hedge.InstrumentsAsync([InstrumentId.Create(hedging.Symbol)], "Inventory:Hedging:Symbol names", cancellationToken).ConfigureAwait(false);
        await hedge.CheckKeysAsync(cancellationToken).ConfigureAwait(false);
        Register(hedge, _hedgeSpecs);
    }

    /// <summary>A venue's books tracked, its instruments' assets declared where the venue named them, and the venue registered with the OMS.</summary>
    private void Register(ITradingVenue venue, IReadOnlyList<InstrumentSpec> specs)
    {
        foreach (var spec in specs)
        {
            _books.Track(venue.Id, spec, _options.BookDepth);
            if (venue.AssetsOf(spec.Instrument) is { } assets)
            {
                _inventory.Track(spec.Instrument, assets);
            }
        }

        _orders.RegisterExchange(venue.Id, venue.OrderEntry);
    }

    private int OpenOrders() => _orders.Read(store => _orders.Venues.Sum(v => store.Open(v).Count()));

    [LoggerMessage(EventId = 9200, Level = LogLevel.Information, Message = "Trading up in {Mode} mode: quoting {Instruments} on {Venue}; {Hedging}")]
    private static partial void LogStarted(ILogger logger, string mode, string instruments, string venue, string hedging);

    [LoggerMessage(EventId = 9201, Level = LogLevel.Information, Message = "Trading down: {Open} orders left open in the OMS; {Venues}")]
    private static partial void LogStopped(ILogger logger, int open, string venues);

    [LoggerMessage(EventId = 9203, Level = LogLevel.Information, Message = "Journal: {Fills} fills of {Orders} orders restored; positions {Positions}")]
    private static partial void LogRestored(ILogger logger, int fills, int orders, string positions);

    [LoggerMessage(EventId = 9205, Level = LogLevel.Warning, Message = "Balance check skipped: {Reason}")]
    private static partial void LogBalanceCheckSkipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 9202, Level = LogLevel.Error, Message = "Shutdown: still resting: {Order}")]
    private static partial void LogStillResting(ILogger logger, string order);
}
