using MarketMaking.Simulation.Reporting;

namespace MarketMaking.Simulation.Backtesting;

/// <summary>
/// What a backtest did, written as <c>stats.json</c>. Money per venue in its quote currency and in total in USD
/// (dollar stablecoins at 1), rounded to cents; quantities in base units; times in ns since the Unix epoch (simulated).
/// Nothing in it depends on the machine or the wall clock, so the same run gives the same file.
/// </summary>
public sealed record BacktestSummary
{
    /// <summary>Gets the strategies run, by name.</summary>
    public required IReadOnlyList<string> Strategies { get; init; }

    /// <summary>Gets the venue the strategies quote on (the first of the run's venues; the others are hedge venues).</summary>
    public required string QuotedVenue { get; init; }

    /// <summary>Gets the simulated time of the first recorded event.</summary>
    public required long StartNanoseconds { get; init; }

    /// <summary>Gets the simulated time the run ended (after the last recorded event and the cancels at the end).</summary>
    public required long EndNanoseconds { get; init; }

    /// <summary>Gets how many recorded events each venue replayed, by venue id.</summary>
    public required IReadOnlyDictionary<string, long> EventsReplayed { get; init; }

    /// <summary>Gets the orders, by how each ended.</summary>
    public required OrderCounts Orders { get; init; }

    /// <summary>Gets our fills on every venue (the rows of <c>fills.csv</c>).</summary>
    public required int Fills { get; init; }

    /// <summary>Gets each venue's result: position, volume, gross (spread capture + inventory), fees and net.</summary>
    public required IReadOnlyList<VenuePnl> Venues { get; init; }

    /// <summary>Gets the venues' results added up, in USD.</summary>
    public required PnlTotals Totals { get; init; }

    /// <summary>Gets the orders still open in the OMS at the end (0 when every cancel at the end was answered).</summary>
    public required int OpenOrdersAtEnd { get; init; }

    /// <summary>Gets the kill switch's trips, in order: trigger, action and reason.</summary>
    public required IReadOnlyList<string> KillSwitchTrips { get; init; }

    /// <summary>Gets our fills marked to the mid at the fill and 100 ms to 60 s after, by side (<see cref="MarkoutRecorder"/>).</summary>
    public required IReadOnlyList<MarkoutSummary> Markouts { get; init; }

    /// <summary>Gets the run's statistics: Sharpe, Sortino, drawdown, fill ratio, volume, quote uptime, position (<see cref="EquityRecorder"/>).</summary>
    public required RunStatistics Statistics { get; init; }
}
