using MarketMaking.Simulation.Reporting.Html;

namespace MarketMaking.Simulation.Tests;

/// <summary>The report page drawn while its run's files are written: when they never are, nothing of it is left.</summary>
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
        var filesWritten = new TaskCompletionSource();
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
    public void WrittenAlongside_AFileThatDoesNotParse_IsNamedWithItsLine_AndNoPageIsLeft()
    {
        File.WriteAllText(Path.Combine(_folder, "stats.json"), "{ not json");

        var writing = Task.Run(() => HtmlReport.WriteAlongside(_folder, Task.CompletedTask));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => writing.GetAwaiter().GetResult(), Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith(Path.Combine(_folder, "stats.json") + ":1:"));
            Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { Path.Combine(_folder, "stats.json") }));
        }
    }
}
