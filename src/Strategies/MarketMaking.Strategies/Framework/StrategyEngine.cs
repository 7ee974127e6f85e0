using MarketMaking.Models;
using MarketMaking.Oms;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Strategies;

/// <summary>
/// Puts the registered strategies on the engine loop and runs them. It builds the kernel's pipeline in one fixed order,
/// by each handler's <see cref="IEngineHandler.Stage"/> whatever order the services were registered in: the books, the
/// OMS, inventory, risk (the kill switch), observers, then one <see cref="StrategyRunner"/> per strategy, so that each
/// stage, and a strategy last, sees every event after the state it depends on has taken it. The registered pre-trade checks (<see cref="IOrderGate"/>)
/// are added to the OMS. Starting it starts the loop; stopping it shuts the
/// strategies down (their orders canceled) and drains the loop.
/// </summary>
/// <remarks>
/// Registered by <c>AddStrategies</c>; a host runs it with <c>AddHostedService(sp =&gt; sp.GetRequiredService&lt;StrategyEngine&gt;())</c>
/// after the services that connect the venues, or calls <see cref="StartAsync"/> and <see cref="StopAsync"/> itself.
/// </remarks>
public sealed class StrategyEngine : IHostedService, IAsyncDisposable
{
    private readonly EngineLoop _loop;
    private readonly BookKeeper _books;
    private readonly OrderManager _orders;
    private readonly IReadOnlyList<IEngineHandler> _handlers;
    private readonly IReadOnlyList<IOrderGate> _gates;
    private readonly List<StrategyRunner> _runners = [];
    private readonly IReadOnlyList<IStrategy> _strategies;
    private readonly TimeProvider _clock;
    private readonly ILoggerFactory _loggers;
    private readonly IPortfolio? _portfolio;
    private bool _started;

    /// <summary>Initializes the engine.</summary>
    /// <param name="loop">The engine loop (not started yet).</param>
    /// <param name="books">The books.</param>
    /// <param name="orders">The order manager.</param>
    /// <param name="strategies">The strategies, in the order their callbacks run.</param>
    /// <param name="handlers">Other in-loop handlers (inventory, risk), run after the OMS and before the strategies, in this order.</param>
    /// <param name="gates">Pre-trade checks added to the OMS at start.</param>
    /// <param name="clock">The loop's clock.</param>
    /// <param name="loggers">For each strategy's logger, or <see langword="null"/>.</param>
    /// <param name="portfolio">Positions and PnL for the strategies' context, or <see langword="null"/>.</param>
    public StrategyEngine(
        EngineLoop loop,
        BookKeeper books,
        OrderManager orders,
        IEnumerable<IStrategy> strategies,
        IEnumerable<IEngineHandler> handlers,
        IEnumerable<IOrderGate> gates,
        TimeProvider clock,
        ILoggerFactory? loggers = null,
        IPortfolio? portfolio = null)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(books);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(strategies);
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentNullException.ThrowIfNull(clock);
        _loop = loop;
        _books = books;
        _orders = orders;
        _strategies = [.. strategies];
        _handlers = [.. handlers];
        _gates = [.. gates];
        _clock = clock;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _portfolio = portfolio;
        var duplicate = _strategies.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two strategies are named '{duplicate.Key}'; a name tags a strategy's orders, so each must be unique.", nameof(strategies));
        }
    }

    /// <summary>Gets the strategies run.</summary>
    public IReadOnlyList<IStrategy> Strategies => _strategies;

    /// <summary>Adds the handlers and runners to the loop, starts it, and initializes every strategy.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>Completes when every strategy is initialized.</returns>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_started)
        {
            throw new InvalidOperationException("The strategy engine is already started");
        }

        _started = true;
        foreach (var gate in _gates)
        {
            _orders.AddGate(gate);
        }

        foreach (var strategy in _strategies)
        {
            _runners.Add(new StrategyRunner(strategy, _books, _orders, _loop.Sink, _clock, _loggers.CreateLogger($"MarketMaking.Strategies.{strategy.Name}"), _portfolio));
        }

        // The pipeline's order is fixed here, by stage, not by the order the services were registered in.
        foreach (var handler in Pipeline())
        {
            _loop.AddHandler(handler);
        }

        _loop.Start();
        foreach (var runner in _runners)
        {
            await runner.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The in-loop handlers in the kernel's order: by <see cref="IEngineHandler.Stage"/> (books, the OMS, inventory,
    /// risk, observers, strategies), each stage's handlers in the order registered. The strategies' runners are in it
    /// once the engine has started.
    /// </summary>
    /// <returns>The handlers, in the order the loop runs them.</returns>
    public IReadOnlyList<IEngineHandler> Pipeline() =>
        [.. new IEngineHandler[] { _books, _orders }.Concat(_handlers).Concat(_runners).OrderBy(h => h.Stage)];

    /// <summary>Stops every strategy's timer and shuts it down (each cancels its orders); the loop keeps running, so that the answers arrive.</summary>
    /// <param name="cancellationToken">Cancels the graceful part.</param>
    /// <returns>Completes when every strategy has shut down.</returns>
    public async Task StopStrategiesAsync(CancellationToken cancellationToken)
    {
        foreach (var runner in _runners)
        {
            await runner.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Shuts every strategy down (each cancels its orders), then drains the loop.</summary>
    /// <param name="cancellationToken">Cancels the graceful part.</param>
    /// <returns>Completes when stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await StopStrategiesAsync(cancellationToken).ConfigureAwait(false);
        await _loop.CompleteAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var runner in _runners)
        {
            await runner.DisposeAsync().ConfigureAwait(false);
        }
    }
}
