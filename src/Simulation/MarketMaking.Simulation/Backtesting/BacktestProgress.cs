namespace MarketMaking.Simulation.Backtesting;

/// <summary>Where a running backtest is.</summary>
/// <param name="TimeNanoseconds">The simulated time reached, in ns since the Unix epoch.</param>
/// <param name="EventsReplayed">The recorded events replayed so far, over every venue.</param>
public readonly record struct BacktestProgress(long TimeNanoseconds, long EventsReplayed);
