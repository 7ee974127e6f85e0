using System.Globalization;
using System.Text;
using MarketMaking.Simulation.Reporting;

namespace MarketMaking.Cli.Sweeping;

/// <summary>
/// Writes a sweep's results as CSV, best first by the chosen statistic: <c>rank</c>, <c>id</c>, one column per varied
/// setting, then the run's PnL split (USD: <c>net</c>, <c>gross</c>, <c>spread_capture</c>, <c>inventory</c>,
/// <c>fees</c>), <c>sharpe</c>, <c>sortino</c>, <c>max_drawdown</c>, <c>return_over_drawdown</c>, <c>fill_ratio</c>,
/// <c>volume</c> (base units), <c>placed</c>, <c>fills</c>, <c>exit_code</c> and <c>error</c> (empty for a run with
/// statistics; such a run has no rank).
/// </summary>
internal static class SweepTable
{
    public const string File = "results.csv";

    public static void Write(string path, IReadOnlyList<string> keys, IReadOnlyList<SweepResult> ranked)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', ["rank", "id", .. keys.Select(CsvField.Quote), "net", "gross", "spread_capture", "inventory", "fees", "sharpe", "sortino", "max_drawdown", "return_over_drawdown", "fill_ratio", "volume", "placed", "fills", "exit_code", "error"]));
        var rank = 0;
        foreach (var r in ranked)
        {
            var settings = string.Join(',', keys.Select(k => CsvField.Quote(r.Settings[k])));
            var (t, st) = (r.Totals, r.Statistics);
            text.AppendLine(r.Succeeded
                ? string.Create(c, $"{++rank},{r.Id},{settings},{t!.Net},{t.Gross},{t.SpreadCapture},{t.Inventory},{t.Fees},{st!.Sharpe},{st.Sortino},{st.MaxDrawdown},{st.ReturnOverDrawdown},{st.FillRatio},{st.Volume},{r.Placed},{r.Fills},{r.ExitCode},")
                : string.Create(c, $",{r.Id},{settings},,,,,,,,,,,,,,{r.ExitCode},{CsvField.Quote(r.Error)}"));
        }

        System.IO.File.WriteAllText(path, text.ToString());
    }
}
