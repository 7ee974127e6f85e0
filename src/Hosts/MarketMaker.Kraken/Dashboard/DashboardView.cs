using MarketMaker.Kraken.Reporting;
using MarketMaking.Simulation.Reporting;

namespace MarketMaker.Kraken.Dashboard;

/// <summary>What one frame of the dashboard shows, read from the stack's published state; rendered by <see cref="DashboardRenderer"/>.</summary>
/// <param name="Title">The run: mode and strategy.</param>
/// <param name="Market">The instrument and venue quoted.</param>
/// <param name="Ladder">The best bid and ask and our quotes, highest price first.</param>
/// <param name="Orders">The OMS's order counts.</param>
/// <param name="Venues">PnL by venue, as the summary computes it.</param>
/// <param name="Totals">The venues added up, in USD.</param>
/// <param name="NetPosition">The net position over every venue and the largest one sampled.</param>
/// <param name="Hedges">What hedging did.</param>
/// <param name="Connections">The venues' connection states and reconnects.</param>
/// <param name="RateBudget">The quoted venue's rate budget.</param>
/// <param name="Risk">The trading state and the kill switch.</param>
/// <param name="Uptime">The quote uptime.</param>
/// <param name="Log">Where every log line goes and how many warnings and errors there were.</param>
internal sealed record DashboardView(
    string Title,
    string Market,
    IReadOnlyList<LadderRow> Ladder,
    string Orders,
    IReadOnlyList<VenuePnl> Venues,
    PnlTotals Totals,
    string NetPosition,
    string Hedges,
    string Connections,
    string RateBudget,
    string Risk,
    string Uptime,
    string Log);

/// <summary>One row of the book ladder.</summary>
/// <param name="Kind">Which row: the best bid or ask, or our bid or ask.</param>
/// <param name="Price">Its price.</param>
/// <param name="Quantity">Its quantity, in base units.</param>
/// <param name="Status">Our order's status; empty for the book's rows.</param>
internal sealed record LadderRow(LadderRowKind Kind, decimal Price, decimal Quantity, string Status);

/// <summary>What a ladder row is.</summary>
internal enum LadderRowKind
{
    /// <summary>The venue's best ask.</summary>
    BestAsk,

    /// <summary>One of our asks.</summary>
    OurAsk,

    /// <summary>One of our bids.</summary>
    OurBid,

    /// <summary>The venue's best bid.</summary>
    BestBid,
}
