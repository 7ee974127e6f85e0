using MarketMaking.Testing;

namespace MarketMaking.Cli.Tests;

/// <summary>
/// <c>mm backtest</c>'s report, as a user opens it: the page in a real headless Chromium (the system's, installed by
/// <c>eng/scripts/install-chromium.sh</c>) with every chart drawn and nothing fetched from the network, and the
/// statistics and CSVs adding up; <c>mm report</c> rebuilding it, and refusing a corrupt folder with one line.
/// </summary>
public sealed class ReportPageTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("mm-report-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task TheDefaultBacktestsReport_OpensInChromiumWithEveryChartDrawn_AndItsFiguresAddUp()
    {
        var (exitCode, output, errors) = MmProcess.Run(_folder, "backtest", "--output", "run");
        Assert.That(exitCode, Is.Zero, output + errors);
        var run = Path.Combine(_folder, "run");

        var page = await ReportChecks.AssertPageDrawnAsync(run);
        ReportChecks.AssertFiguresAddUp(run, page);
    }

    [Test]
    public async Task MmReport_RebuildsThePageFromTheFolder_AndACorruptFileIsOneLineAndExit1()
    {
        Assert.That(MmProcess.Run(_folder, "backtest", "--output", "run").ExitCode, Is.Zero);
        var run = Path.Combine(_folder, "run");
        var page = Path.Combine(run, "report.html");
        var original = File.ReadAllText(page);
        File.Delete(page);

        var rebuilt = MmProcess.Run(_folder, "report", "run");
        Assert.That(rebuilt.ExitCode, Is.Zero, rebuilt.Errors);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rebuilt.Output.Trim(), Is.EqualTo($"written: {Path.Combine("run", "report.html")}"));
            Assert.That(File.ReadAllText(page), Is.EqualTo(original), "the same page the backtest wrote");
        }

        var equity = Path.Combine(run, "equity.csv");
        var lines = File.ReadAllLines(equity);
        lines[5] = lines[5].Replace(',', ';');
        File.WriteAllLines(equity, lines);
        var corrupt = MmProcess.Run(_folder, "report", "run");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(corrupt.ExitCode, Is.EqualTo(1));
            Assert.That(corrupt.Errors.Trim(), Is.EqualTo($"error: {Path.Combine("run", "equity.csv")}:6: 1 fields, expected 9"), "one line: the file and the line");
            Assert.That(corrupt.Output, Is.Empty);
            Assert.That(File.ReadAllText(page), Is.EqualTo(original), "the last good page is kept");
        }

        var missing = MmProcess.Run(_folder, "report", "nowhere");
        Assert.That((missing.ExitCode, missing.Errors.Trim()), Is.EqualTo((1, $"error: {Path.Combine("nowhere", "stats.json")}: missing (is this a backtest's output folder?)")));
    }

}
