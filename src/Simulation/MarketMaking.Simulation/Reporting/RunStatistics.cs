namespace MarketMaking.Simulation.Reporting;

/// <summary>
/// A run's statistics, from its equity samples (one a second of simulated time) and its orders. PnL figures are in
/// USD; Sharpe and Sortino are of the PnL's change from one sample to the next (mean over standard deviation, or over
/// the deviation of the losses alone), per sample and not annualized: a few minutes of data say nothing of a year.
/// </summary>
/// <param name="SampleIntervalMilliseconds">The time between equity samples, in ms.</param>
/// <param name="Sharpe">Mean over standard deviation of the per-sample PnL change; 0 when it never changed.</param>
/// <param name="Sortino">Mean over downside deviation of the per-sample PnL change; 0 without a loss.</param>
/// <param name="MaxDrawdown">The largest fall of the net PnL from its running peak, in USD.</param>
/// <param name="ReturnOverDrawdown">The final net PnL over <paramref name="MaxDrawdown"/>; 0 without a drawdown.</param>
/// <param name="FillRatio">Orders filled (wholly or partly) over orders placed.</param>
/// <param name="Volume">Base units traded, over every venue.</param>
/// <param name="Turnover">Notional traded over every venue, in USD.</param>
/// <param name="BidUptime">The share of the run with at least one bid of ours resting on the quoted venue.</param>
/// <param name="AskUptime">The share of the run with at least one ask of ours resting on the quoted venue.</param>
/// <param name="TimeWeightedAbsolutePosition">The time-weighted mean of the absolute net position, in base units.</param>
/// <param name="MaxAbsolutePosition">The largest absolute net position, in base units.</param>
public sealed record RunStatistics(
    long SampleIntervalMilliseconds,
    double Sharpe,
    double Sortino,
    decimal MaxDrawdown,
    decimal ReturnOverDrawdown,
    decimal FillRatio,
    decimal Volume,
    decimal Turnover,
    decimal BidUptime,
    decimal AskUptime,
    decimal TimeWeightedAbsolutePosition,
    decimal MaxAbsolutePosition);
