using MarketMaking.Simulation.Backtesting;
using MarketMaking.Simulation.Reporting;
using MarketMaking.Simulation.Reporting.Html;

namespace MarketMaking.Simulation.Tests;

/// <summary>The report page, drawn while its run's files are written or from a folder: when it cannot be, nothing of it is left.</summary>
public sealed class HtmlReportTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("mm-html-report-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void WrittenAlongside_WhenTheRunsFilesAreNeverWritten_StopsAndLeavesTheEarlierPageAlone()
    {
        var page = Path.Combine(_folder, HtmlReport.FileName);
        File.WriteAllText(page, "the earlier run's page");
        var filesWritten = new TaskCompletionSource<ReportInputs>();
        var writing = Task.Run(() => HtmlReport.WriteAlongside(_folder, filesWritten.Task));

        filesWritten.SetCanceled();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => writing.GetAwaiter().GetResult(), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(File.ReadAllText(page), Is.EqualTo("the earlier run's page"));
            Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { page }), "no half-written page beside it");
        }
    }

    [Test]
    public void WrittenFromAFolder_AFileThatDoesNotParse_IsNamedWithItsLine_AndNoPageIsLeft()
    {
        var equity = Path.Combine(_folder, "equity.csv");
        var stats = Path.Combine(_folder, BacktestEngine.StatsFile);
        File.WriteAllText(equity, "not,the,header\n");
        File.WriteAllText(stats, System.Text.Json.JsonSerializer.Serialize(new BacktestSummary
        {
            Strategies = ["market-maker"], QuotedVenue = "kraken", StartNanoseconds = 0, EndNanoseconds = 1, EventsReplayed = new Dictionary<string, long>(),
            Orders = new OrderCounts(0, 0, 0, 0, 0), Fills = 0, Venues = [], Totals = new PnlTotals(0, 0, 0, 0, 0, 0), OpenOrdersAtEnd = 0, KillSwitchTrips = [],
            Markouts = [], Statistics = new RunStatistics(1_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        }, BacktestEngine.JsonOptions));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => HtmlReport.Write(_folder), Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith(equity + ":1: expected the header"));
            Assert.That(Directory.GetFiles(_folder).Order(), Is.EqualTo(new[] { equity, stats }.Order()));
        }
    }
}
