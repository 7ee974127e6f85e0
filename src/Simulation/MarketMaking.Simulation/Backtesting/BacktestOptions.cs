using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMaking.Simulation.Backtesting;

/// <summary>What a backtest runs: the kernel's settings, the strategy, the venues, and where the results go.</summary>
public sealed class BacktestOptions
{
    /// <summary>
    /// Gets the settings, in the host's shape: the <c>Oms</c>, <c>Inventory</c> and <c>Risk</c> sections and the
    /// strategy's own (<c>MarketMaker</c>, <c>AvellanedaStoikov</c>, ...). <c>Oms:JournalPath</c> is set by the run.
    /// </summary>
    public required IConfiguration Configuration { get; init; }

    /// <summary>Gets what registers the strategy, such as <c>(services, configuration) =&gt; services.AddMarketMaking(configuration)</c>.</summary>
    public required Action<IServiceCollection, IConfiguration> AddStrategy { get; init; }

    /// <summary>Gets the venues; the first is the one quoted, the others (a hedge venue) follow the same clock.</summary>
    public required IReadOnlyList<BacktestVenue> Venues { get; init; }

    /// <summary>Gets the folder the results are written to: <c>journal.db</c>, <c>stats.json</c>, <c>fills.csv</c>, <c>orders.csv</c>, <c>equity.csv</c> and <c>report.html</c> (replaced when there).</summary>
    public required string OutputFolder { get; init; }

    /// <summary>
    /// Gets what is told, on the run's thread, after each step of simulated time (a progress line; keep it cheap, it
    /// is called up to once per recorded event time), or <see langword="null"/>.
    /// </summary>
    public Action<BacktestProgress>? Progress { get; init; }

    /// <summary>
    /// Gets when the run starts, in ns since the Unix epoch (a receive time), or <see langword="null"/> for the first
    /// recorded event. The events before it are replayed unseen, to build the venues' books.
    /// </summary>
    public long? FromNanoseconds { get; init; }

    /// <summary>Gets when the run stops replaying, in ns since the Unix epoch (a receive time, included), or <see langword="null"/> for the end of the recordings.</summary>
    public long? ToNanoseconds { get; init; }

    /// <summary>Gets the levels per side of each book the venues publish to the kernel. Default 10.</summary>
    public int BookDepth { get; init; } = 10;

    /// <summary>Gets how long, in simulated time after the last recorded event, the run waits for its cancels to be answered. Default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
