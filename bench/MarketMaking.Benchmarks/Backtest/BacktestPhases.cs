using System.Diagnostics;
using System.Globalization;
using MarketMaking.Simulation.Backtesting;

namespace MarketMaking.Benchmarks.Backtest;

/// <summary>
/// Listens to a backtest's phases (<see cref="BacktestEngine.ActivitySourceName"/>) and gives each run's as one line:
/// where the wall time goes besides the replay (the first events awaited, the kernel built, the report written).
/// </summary>
internal sealed class BacktestPhases : IDisposable
{
    private static readonly string[] s_order = ["backtest.open", "backtest.start", "backtest.replay", "backtest.finish", "backtest.report", "backtest"];

    private readonly ActivityListener _listener;
    private readonly Dictionary<string, double> _milliseconds = [];

    public BacktestPhases()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BacktestEngine.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                lock (_milliseconds)
                {
                    _milliseconds[activity.OperationName] = activity.Duration.TotalMilliseconds;
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The phases of the run since the last call, in ms: "; open 3.1, start 1.2, …, whole 98.0".</summary>
    public string TakeLine()
    {
        lock (_milliseconds)
        {
            var line = "; " + string.Join(", ", s_order.Where(_milliseconds.ContainsKey).Select(name =>
                string.Create(CultureInfo.InvariantCulture, $"{(name == "backtest" ? "whole" : name["backtest.".Length..])} {_milliseconds[name]:F1}")));
            _milliseconds.Clear();
            return line + " ms";
        }
    }

    public void Dispose() => _listener.Dispose();
}
