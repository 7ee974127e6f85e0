using Microsoft.Extensions.Logging;

namespace MarketMaking.Oms;

/// <summary>
/// Logs the order manager's summary line (<c>Orders: 142 total, 2 open, 128 filled, …</c>) at a fixed interval on the
/// given clock, as the user's system does.
/// </summary>
public sealed class OmsSummaryReporter : IAsyncDisposable
{
    private readonly OrderManager _orders;
    private readonly ILogger _logger;
    private readonly ITimer _timer;

    /// <summary>Starts reporting.</summary>
    /// <param name="orders">The order manager.</param>
    /// <param name="interval">How often; at least one second.</param>
    /// <param name="timeProvider">The clock (simulated in a backtest).</param>
    /// <param name="logger">Where the line goes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is under one second.</exception>
    public OmsSummaryReporter(OrderManager orders, TimeSpan interval, TimeProvider timeProvider, ILogger<OmsSummaryReporter> logger)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.FromSeconds(1));
        _orders = orders;
        _logger = logger;
        _timer = timeProvider.CreateTimer(static state => ((OmsSummaryReporter)state!).Report(), this, interval, interval);
    }

    /// <summary>Logs the line now.</summary>
    public void Report() => Log.Summary(_logger, _orders.Summary());

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _timer.DisposeAsync();
}
