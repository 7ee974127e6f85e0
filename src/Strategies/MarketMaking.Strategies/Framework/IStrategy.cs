using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Strategies;

/// <summary>
/// A trading strategy. Callbacks arrive on the engine loop's one thread, after the books and the OMS have taken the
/// event, so a strategy needs no locks and sees a consistent state. The same strategy runs live, on the simulator and
/// in a backtest: only the adapters and the clock differ.
/// </summary>
public interface IStrategy
{
    /// <summary>Gets the strategy's name (for logs, metrics and its orders' <see cref="OmsOrder.Strategy"/>).</summary>
    string Name { get; }

    /// <summary>Prepares the strategy before any event (subscriptions, state from the context).</summary>
    /// <param name="context">What the strategy can see and do.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>Completes when ready.</returns>
    Task InitializeAsync(IStrategyContext context, CancellationToken cancellationToken);

    /// <summary>Optional background work alongside the callbacks (most strategies return at once).</summary>
    /// <param name="cancellationToken">Canceled at shutdown.</param>
    /// <returns>Completes when the work ends.</returns>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Stops quoting (cancel what rests, flatten if the strategy wants) before the engine stops.</summary>
    /// <param name="cancellationToken">Cancels the graceful part.</param>
    /// <returns>Completes when done.</returns>
    Task ShutdownAsync(CancellationToken cancellationToken);

    /// <summary>A book changed (after a snapshot or delta was applied).</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="book">The book, valid during the call.</param>
    void OnBook(VenueId venue, OrderBook book);

    /// <summary>A public trade printed.</summary>
    /// <param name="trade">The trade.</param>
    void OnTrade(Trade trade);

    /// <summary>One of the strategy's orders changed state (after the OMS applied the change).</summary>
    /// <param name="order">The order.</param>
    void OnOrderEvent(OmsOrder order);

    /// <summary>One of the strategy's orders was filled (once per trade id).</summary>
    /// <param name="fill">The fill.</param>
    /// <param name="order">The order, after the fill.</param>
    void OnFill(FillEvent fill, OmsOrder order);

    /// <summary>The strategy's timer fired (every <see cref="IStrategyContext.TimerInterval"/>, on the loop).</summary>
    /// <param name="nowNanoseconds">The loop's time in ns since the Unix epoch.</param>
    void OnTimer(long nowNanoseconds);
}
