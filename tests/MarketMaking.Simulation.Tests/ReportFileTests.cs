using System.Text;
using MarketMaking.Simulation.Reporting;

namespace MarketMaking.Simulation.Tests;

/// <summary>A report's files written where an earlier run's are: the new contents, whole, and nothing of the old.</summary>
public sealed class ReportFileTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("mm-report-file-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void WriteAllText_OverALongerEarlierFile_LeavesTheNewTextAlone_InUtf8WithoutAByteOrderMark()
    {
        var path = Path.Combine(_folder, "fills.csv");
        File.WriteAllText(path, new string('x', 100_000));

        ReportFile.WriteAllText(path, "ts_event_ns,price\n1,99.5 €\n");

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(Encoding.UTF8.GetBytes("ts_event_ns,price\n1,99.5 €\n")));
    }

    [Test]
    public void MoveTo_ReplacesTheEarlierFile_AndLeavesNothingBeside()
    {
        var path = Path.Combine(_folder, "report.html");
        File.WriteAllText(path, "the earlier page, longer than the new one");
        using (var page = new StreamWriter(ReportFile.Create(path + ".tmp"), ReportFile.Utf8))
        {
            page.Write("<html>new</html>");
        }

        ReportFile.MoveTo(path + ".tmp", path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllText(path), Is.EqualTo("<html>new</html>"));
            Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));
        }
    }

    [Test]
    public void Create_WhereAFolderHasThePath_ThrowsAndLeavesTheFolder()
    {
        var path = Path.Combine(_folder, "stats.json");
        Directory.CreateDirectory(path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => ReportFile.Create(path), Throws.InstanceOf<IOException>().Or.InstanceOf<UnauthorizedAccessException>());
            Assert.That(Directory.Exists(path), Is.True);
        }
    }
}
