using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace MarketMaking.Benchmarks.Backtest;

/// <summary>
/// The grid backtest's job, as <c>mm backtest</c> runs (tiered compilation off): each operation a whole run, timed
/// once (monitoring), after two runs that warm the process up.
/// </summary>
internal sealed class BacktestJobConfig : HostRuntimeConfig
{
    public BacktestJobConfig()
        : base(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(10))
    {
    }
}
