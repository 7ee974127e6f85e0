using System.Text.Json;
using MarketMaking.Simulation.Backtesting;
using MarketMaking.Simulation.Reporting.Html;

namespace MarketMaking.Simulation.Reporting;

/// <summary>
/// Writes a run's report folder from what the kernel recorded: <c>stats.json</c> (<see cref="BacktestSummary"/>),
/// <c>fills.csv</c>, <c>orders.csv</c>, <c>equity.csv</c> and <c>report.html</c> (<see cref="HtmlReport"/>). A backtest
/// writes it at its end, and the host's simulated and live runs can write the same at theirs.
/// </summary>
public static class RunReport
{
    /// <summary>Builds the summary and writes the folder (replacing the files of an earlier run there).</summary>
    /// <param name="folder">The folder; created when missing.</param>
    /// <param name="run">What the run did and the recorders that followed it; read once the engine loop has stopped.</param>
    /// <returns>The summary written as <c>stats.json</c>.</returns>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static BacktestSummary Write(string folder, RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(folder);

        // The page on a thread of its own, plotly.js first, while the files it shows are written here; then drawn from
        // what they were written from, beside orders.csv, which it does not show.
        var filesWritten = new TaskCompletionSource<ReportInputs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var page = Task.Run(() => HtmlReport.WriteAlongside(folder, filesWritten.Task));
        BacktestSummary summary;
        try
        {
            var fills = run.Fills.Records();
            var counts = OrderCounts.Of(run.Orders);
            var (venues, totals) = PnlBreakdown.Compute(run.Inventory, run.Books, fills, run.VenueName, run.VenueFees);
            summary = new BacktestSummary
            {
                Strategies = run.Strategies,
                QuotedVenue = run.QuotedVenue.Value,
                StartNanoseconds = run.StartNanoseconds,
                EndNanoseconds = run.EndNanoseconds,
                EventsReplayed = run.EventsReplayed,
                Orders = counts,
                Fills = fills.Count,
                Venues = venues,
                Totals = totals,
                OpenOrdersAtEnd = run.OpenOrdersAtEnd,
                KillSwitchTrips = run.KillSwitchTrips,
                Markouts = run.Markouts.Summaries(),
                Statistics = run.Equity.Statistics(counts.Placed, counts.Filled, fills.Sum(f => f.Fill.Quantity.Value), totals.Notional),
            };
            using (var fillsFile = ReportFile.CreateText(Path.Combine(folder, BacktestEngine.FillsFile)))
            {
                FillsCsv.WriteTo(fillsFile, fills);
            }

            EquityCsv.Write(Path.Combine(folder, BacktestEngine.EquityFile), run.Equity.Samples);
            ReportFile.WriteAllText(Path.Combine(folder, BacktestEngine.StatsFile), JsonSerializer.Serialize(summary, BacktestEngine.JsonOptions));
            filesWritten.SetResult(ReportInputs.FromRun(summary, (run.Equity.Samples, run.Equity.SampleCount), fills));
            using (var ordersFile = ReportFile.CreateText(Path.Combine(folder, BacktestEngine.OrdersFile)))
            {
                OrdersCsv.WriteTo(ordersFile, run.Orders);
            }
        }
        catch
        {
            // No page is drawn from files not written: it stops and deletes what it wrote; this error is the one thrown.
            filesWritten.TrySetCanceled();
            ((IAsyncResult)page).AsyncWaitHandle.WaitOne();
            throw;
        }

        page.GetAwaiter().GetResult();
        return summary;
    }
}
