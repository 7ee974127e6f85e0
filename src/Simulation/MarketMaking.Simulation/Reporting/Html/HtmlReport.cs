using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarketMaking.Models;
using MarketMaking.Simulation.Backtesting;

namespace MarketMaking.Simulation.Reporting.Html;

/// <summary>
/// Writes a run's report page, <c>report.html</c>, from the files in its output folder (<c>stats.json</c>,
/// <c>equity.csv</c>, <c>fills.csv</c>): the PnL split into spread capture, inventory and fees, the statistics, orders,
/// markouts and venues as tables, and six interactive charts (equity with and without fees over the mid, position, our
/// quotes against the top of book, drawdown, markouts by side, fills by distance from the mid). The page embeds
/// plotly.js and its data, and opens with no network.
/// </summary>
public static class HtmlReport
{
    /// <summary>The page's file name in the output folder.</summary>
    public const string FileName = "report.html";

    /// <summary>Reads a run's output folder and writes its report page there.</summary>
    /// <param name="folder">The folder a backtest wrote.</param>
    /// <returns>The page's path.</returns>
    /// <exception cref="InvalidDataException">A file the report needs is missing or does not parse; the message names it, and the line.</exception>
    public static string Write(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var inputs = ReportInputs.Load(folder);
        return Write(folder, page => Render(inputs, page));
    }

    /// <summary>
    /// Writes the page while its run's files are still being written: plotly.js first, which needs nothing of the run,
    /// then, once <paramref name="filesWritten"/> completes, the rest from what it gives: what the files hold
    /// (<see cref="ReportInputs.FromRun"/>), so that the page is the one <see cref="Write(string)"/> draws from them.
    /// </summary>
    /// <param name="folder">The folder the run writes.</param>
    /// <param name="filesWritten">Completes when <c>stats.json</c>, <c>equity.csv</c> and <c>fills.csv</c> are written,
    /// with what they were written from; faults or is canceled when they will not be.</param>
    /// <returns>The page's path.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="filesWritten"/> was canceled: no page is written.</exception>
    internal static string WriteAlongside(string folder, Task<ReportInputs> filesWritten) => Write(folder, page =>
    {
        WriteLibrary(page);
        RenderRun(filesWritten.GetAwaiter().GetResult(), page);
    });

    /// <summary>Writes a page beside, then moves it where the last page was: a page is whole or not there.</summary>
    private static string Write(string folder, Action<StreamWriter> render)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            using var page = ReportFile.CreateText(path + ".tmp");
            render(page);
        }
        catch
        {
            File.Delete(path + ".tmp");
            throw;
        }

        ReportFile.MoveTo(path + ".tmp", path);
        return path;
    }

    private static void Render(ReportInputs inputs, StreamWriter writer)
    {
        WriteLibrary(writer);
        RenderRun(inputs, writer);
    }

    /// <summary>The page's start and plotly.js, which the head holds before the run's title and style.</summary>
    private static void WriteLibrary(StreamWriter writer)
    {
        writer.Write("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">

            """);
        PlotlyScript.WriteTo(writer);
    }

    /// <summary>The rest of the page: the run's title, the style, the tables and the charts.</summary>
    private static void RenderRun(ReportInputs inputs, StreamWriter writer)
    {
        var stats = inputs.Stats;
        var charts = ReportCharts.Build(inputs);
        var page = new StringBuilder();
        var title = $"Backtest of {string.Join(", ", stats.Strategies)}";
        page.Append(CultureInfo.InvariantCulture, $$"""
            <title>{{Encode(title)}}</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 1200px; color: #222; }
            table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
            th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.75rem; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            .total td { font-weight: bold; border-top: 2px solid #444; }
            .chart { min-height: 380px; }
            </style>
            </head>
            <body>
            <h1>{{Encode(title)}}</h1>
            <p>{{Encode(ReportCharts.Time(stats.StartNanoseconds))}} to {{Encode(ReportCharts.Time(stats.EndNanoseconds))}} UTC (simulated),
            quoting on {{Encode(stats.QuotedVenue)}}; {{stats.EventsReplayed.Values.Sum():N0}} recorded events replayed.</p>

            """);
        Pnl(page, stats);
        Statistics(page, stats);
        Markouts(page, stats);
        Venues(page, stats);
        var figures = new JsonObject();
        foreach (var (id, chartTitle, figure) in charts)
        {
            page.Append(CultureInfo.InvariantCulture, $"<h2>{Encode(chartTitle)}</h2>\n<div class=\"chart\" id=\"{id}\"></div>\n");
            figures[id] = figure;
        }

        writer.Write(page);
        PlotlyScript.WriteFigures(writer, figures);
        page.Clear().Append("</body>\n</html>\n");
        writer.Write(page);
    }

    private static void Pnl(StringBuilder page, BacktestSummary stats)
    {
        var t = stats.Totals;
        page.Append("<h2>PnL, USD</h2>\n<table>\n<tr><th>part</th><th>USD</th><th>what it is</th></tr>\n");
        Row(page, "spread capture", t.SpreadCapture, "what our fills earned against the mid at each fill");
        Row(page, "inventory", t.Inventory, "what holding the position earned as the mid moved (marked to the mid at the end)");
        Row(page, "fees and rebates", -t.Fees, "fees paid (negative) and rebates earned (positive)");
        page.Append(CultureInfo.InvariantCulture, $"<tr class=\"total\"><td>net</td><td>{t.Net:0.00}</td><td>spread capture + inventory + fees and rebates</td></tr>\n</table>\n");
    }

    private static void Row(StringBuilder page, string name, decimal amount, string meaning) =>
        page.Append(CultureInfo.InvariantCulture, $"<tr><td>{name}</td><td>{amount:0.00}</td><td style=\"text-align:left\">{Encode(meaning)}</td></tr>\n");

    private static void Statistics(StringBuilder page, BacktestSummary stats)
    {
        var s = stats.Statistics;
        var o = stats.Orders;
        page.Append("<h2>Statistics</h2>\n<table>\n");
        foreach (var (name, value) in new (string, string)[]
        {
            ("orders placed / filled / canceled / rejected / denied", $"{o.Placed} / {o.Filled} / {o.Canceled} / {o.Rejected} / {o.Denied}"),
            ("fills", $"{stats.Fills}"),
            ("fill ratio", $"{s.FillRatio:P1}"),
            ("volume (base units)", $"{s.Volume}"),
            ("turnover (USD)", $"{s.Turnover:N2}"),
            ($"Sharpe / Sortino (per {s.SampleIntervalMilliseconds} ms sample, not annualized)", $"{s.Sharpe:0.000} / {s.Sortino:0.000}"),
            ("max drawdown (USD)", $"{s.MaxDrawdown:0.00}"),
            ("return over drawdown", $"{s.ReturnOverDrawdown:0.00}"),
            ("quote uptime, bid / ask", $"{s.BidUptime:P1} / {s.AskUptime:P1}"),
            ("position, time-weighted |mean| / max |position| (base units)", $"{s.TimeWeightedAbsolutePosition:0.########} / {s.MaxAbsolutePosition}"),
            ("kill switch trips", stats.KillSwitchTrips.Count == 0 ? "none" : string.Join("; ", stats.KillSwitchTrips)),
        })
        {
            page.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(name)}</td><td>{Encode(value)}</td></tr>\n");
        }

        page.Append("</table>\n");
    }

    private static void Markouts(StringBuilder page, BacktestSummary stats)
    {
        var horizons = stats.Markouts.Select(m => m.HorizonMilliseconds).Distinct().Order().ToArray();
        page.Append("<h2>Markouts, bps (quantity-weighted mean; at 0 the spread captured, later the realized spread)</h2>\n<table>\n<tr><th>side</th>");
        foreach (var horizon in horizons)
        {
            page.Append(CultureInfo.InvariantCulture, $"<th>{MarkoutSummary.HorizonLabel(horizon)}</th>");
        }

        page.Append("</tr>\n");
        foreach (var side in new[] { Side.Buy, Side.Sell })
        {
            page.Append(CultureInfo.InvariantCulture, $"<tr><td>{(side == Side.Buy ? "buys" : "sells")}</td>");
            foreach (var horizon in horizons)
            {
                var m = stats.Markouts.FirstOrDefault(x => x.Side == side && x.HorizonMilliseconds == horizon);
                page.Append(CultureInfo.InvariantCulture, $"<td>{(m is { Fills: > 0 } ? $"{m.MeanBps:0.00} ({m.Fills})" : "–")}</td>");
            }

            page.Append("</tr>\n");
        }

        page.Append("</table>\n");
    }

    private static void Venues(StringBuilder page, BacktestSummary stats)
    {
        page.Append("<h2>Venues (money in each instrument's quote currency)</h2>\n<table>\n<tr><th>venue</th><th>instrument</th><th>fees</th><th>position</th><th>fills</th><th>volume</th><th>spread capture</th><th>inventory</th><th>fees paid</th><th>net</th></tr>\n");
        foreach (var v in stats.Venues)
        {
            page.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(v.VenueName)}</td><td>{Encode(v.Instrument)}</td><td>{Encode(v.FeeSchedule)}</td><td>{v.Position}</td><td>{v.Fills}</td><td>{v.Volume}</td><td>{v.SpreadCapture:0.00}</td><td>{v.Inventory:0.00}</td><td>{v.Fees:0.00}</td><td>{v.Net:0.00}</td></tr>\n");
        }

        page.Append("</table>\n");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
