using MarketMaking.Models;
using MarketMaking.Oms;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Strategies;

/// <summary>
/// Runs one <see cref="IStrategy"/> on the engine loop: an in-loop handler, added after the books and the OMS, that
/// turns events into the strategy's callbacks, and the strategy's <see cref="IStrategyContext"/>. Only the strategy's
/// own orders and fills reach it, each fill once. Its timer posts ticks into the loop, so that <see cref="IStrategy.OnTimer"/>
/// also runs on the loop's thread, on the loop's clock.
/// </summary>
public sealed class StrategyRunner : IEngineHandler, IStrategyContext, IAsyncDisposable
{
    private static readonly VenueId s_engine = VenueId.Create("engine");
    private readonly IStrategy _strategy;
    private readonly BookKeeper _books;
    private readonly IVenueEventSink _loop;
    private readonly CancellationTokenSource _stop = new();
    private ITimer? _timer;
    private TimeSpan _timerInterval;
    private Task _run = Task.CompletedTask;

    /// <summary>Initializes a runner.</summary>
    /// <param name="strategy">The strategy.</param>
    /// <param name="books">The engine's books.</param>
    /// <param name="orders">The order manager.</param>
    /// <param name="loop">The engine loop's sink (for timer ticks).</param>
    /// <param name="clock">The clock.</param>
    /// <param name="logger">The strategy's logger.</param>
    /// <param name="portfolio">Positions and PnL across venues, or <see langword="null"/>.</param>
    public StrategyRunner(IStrategy strategy, BookKeeper books, OrderManager orders, IVenueEventSink loop, TimeProvider clock, ILogger logger, IPortfolio? portfolio = null)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(books);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        _strategy = strategy;
        _books = books;
        _loop = loop;
        Orders = orders;
        Clock = clock;
        Logger = logger;
        Portfolio = portfolio;
    }

    /// <inheritdoc/>
    public string Name => $"strategy-{_strategy.Name}";

    /// <inheritdoc/>
    public EngineStage Stage => EngineStage.Strategies;

    /// <inheritdoc/>
    public IReadOnlyDictionary<(VenueId Venue, InstrumentId Instrument), OrderBook> Books => _books.Books;

    /// <inheritdoc/>
    public OrderManager Orders { get; }

    /// <inheritdoc/>
    public IPortfolio? Portfolio { get; }

    /// <inheritdoc/>
    public TimeProvider Clock { get; }

    /// <inheritdoc/>
    public ILogger Logger { get; }

    /// <inheritdoc/>
    public TimeSpan TimerInterval
    {
        get => _timerInterval;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _timerInterval = value;
            _timer?.Dispose();
            _timer = value > TimeSpan.Zero
                ? Clock.CreateTimer(static state => ((StrategyRunner)state!).PostTick(), this, value, value)
                : null;
        }
    }

    /// <summary>Initializes the strategy and starts its background work.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>Completes when the strategy is ready.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _strategy.InitializeAsync(this, cancellationToken).ConfigureAwait(false);

        // The strategy's own fills of earlier runs, from the journal: its position carries over a restart.
        foreach (var fill in Orders.Read(store => Orders.RestoredFills.Select(f => (Fill: f, Order: Own(store.Find(f.Venue, f.VenueOrderId) ?? (f.ClientOrderId is { } id ? store.Find(f.Venue, id) : null)))).Where(p => p.Order is not null).ToArray()))
        {
            _strategy.OnFill(fill.Fill, fill.Order!);
        }

        _run = _strategy.RunAsync(_stop.Token);
    }

    /// <summary>Shuts the strategy down and stops its timer and background work.</summary>
    /// <param name="cancellationToken">Cancels the graceful part.</param>
    /// <returns>Completes when stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        TimerInterval = TimeSpan.Zero;
        await _strategy.ShutdownAsync(cancellationToken).ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _timer?.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    /// <inheritdoc/>
    public void OnEvent(VenueEvent venueEvent)
    {
        switch (venueEvent)
        {
            case BookSnapshot or BookDelta or BookSyncChanged when _books.LastChanged is { } book:
                _strategy.OnBook(venueEvent.Venue, book);
                break;
            case Trade trade:
                _strategy.OnTrade(trade);
                break;
            case FillEvent fill when ReferenceEquals(Orders.LastAppliedFill, fill) && Own(Orders.Store.Find(fill.Venue, fill.VenueOrderId)) is { } filled:
                _strategy.OnFill(fill, filled);
                break;
            case OrderUpdate update when Own(Orders.Store.Find(update.Venue, update.VenueOrderId)) is { } updated:
                _strategy.OnOrderEvent(updated);
                break;
            case OrderEntryResult result when Own(Orders.Store.Find(result.Venue, result.ClientOrderId)) is { } answered:
                _strategy.OnOrderEvent(answered);
                break;
            case OrderDenied denied when Own(Orders.Store.Find(denied.Venue, denied.ClientOrderId)) is { } refused:
                _strategy.OnOrderEvent(refused);
                break;
            case TimerTick tick when tick.Strategy == _strategy.Name:
                _strategy.OnTimer(tick.TsInit);
                break;
        }
    }

    private OmsOrder? Own(OmsOrder? order) => order?.Strategy == _strategy.Name ? order : null;

    private void PostTick() => _ = _loop.PostAsync(new TimerTick(s_engine, _strategy.Name, Clock.GetUnixNanoseconds())).AsTask();
}
