using System.CommandLine;
using MarketMaking.Simulation.Reporting.Html;

namespace MarketMaking.Cli.Commands;

/// <summary>
/// <c>mm report FOLDER</c>: rebuilds a run's report page (<c>report.html</c>) from the files in its output folder
/// (<c>stats.json</c>, <c>equity.csv</c>, <c>fills.csv</c>), for example after editing them or with a newer <c>mm</c>.
/// </summary>
/// <remarks>Exit codes: 0 written; 1 a file is missing or does not parse (one line naming it and the line).</remarks>
internal static class ReportCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "The output folder of a backtest.", DefaultValueFactory = _ => "backtest" };
        var command = new Command("report", "Rebuild a backtest's report page from its output folder.") { folder };
        command.SetAction(parseResult => Run(parseResult.GetValue(folder)!, Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string folder, TextWriter output, TextWriter errorOutput)
    {
        try
        {
            output.WriteLine($"written: {HtmlReport.Write(folder)}");
            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            errorOutput.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
