using System.Globalization;
using System.Text.RegularExpressions;
using MarketMaking.Testing;

namespace MarketMaking.Cli.Tests;

/// <summary><c>mm sweep</c> run as a process in a bare folder: two settings × three values, in parallel, killed half-way and resumed.</summary>
public sealed partial class SweepCommandTests
{
    private static readonly string[] s_sweep =
    [
        "sweep", "--param", "MarketMaker:SpreadBps=2,5,10", "--param", "MarketMaker:InventorySkewFactor=0.2,0.63,1", "--parallel", "2", "--output", "sweep",
    ];

    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("mm-sweep-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task TwoSettingsTimesThreeValues_RunInParallel_AreRankedWithAHeatmap_AndResumeAfterASigkill()
    {
        // Killed (SIGKILL, with the backtests it runs) once three runs are done.
        using (var first = MmProcess.Start(_folder, s_sweep))
        {
            var done = 0;
            while (done < 3 && await first.StandardOutput.ReadLineAsync() is { } line)
            {
                done += line.StartsWith('[') ? 1 : 0;
            }

            Assert.That(done, Is.EqualTo(3), "three runs reported before the kill");
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        var runs = Path.Combine(_folder, "sweep", "runs");
        var before = Directory.GetDirectories(runs).Select(d => Path.Combine(d, "result.json")).Where(File.Exists).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Assert.That(before, Has.Count.InRange(3, 8), "half-way");

        var (exitCode, output, errors) = MmProcess.Run(_folder, s_sweep);

        var results = File.ReadAllLines(Path.Combine(_folder, "sweep", "results.csv"));
        var rows = results.Skip(1).Select(l => l.Split(',')).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Zero, output + errors);
            Assert.That(output, Does.StartWith($"mm sweep: 9 runs (3 MarketMaker:SpreadBps × 3 MarketMaker:InventorySkewFactor), 2 at a time; {before.Count} done before"));
            Assert.That(RunLine().Matches(output), Has.Count.EqualTo(9 - before.Count), "only the runs not done before");
            foreach (var (file, written) in before)
            {
                Assert.That(File.GetLastWriteTimeUtc(file), Is.EqualTo(written), $"{file}: done before, not run again");
            }

            Assert.That(results[0], Does.StartWith("rank,id,MarketMaker:SpreadBps,MarketMaker:InventorySkewFactor,net,gross,spread_capture,inventory,fees,sharpe"));
            Assert.That(rows.Select(r => r[0]), Is.EqualTo(Enumerable.Range(1, 9).Select(i => i.ToString(CultureInfo.InvariantCulture))), "every run ranked");
            Assert.That(rows.Select(r => (r[2], r[3])).Distinct().Count(), Is.EqualTo(9), "each combination once");
            Assert.That(rows.Select(r => Number(r[4])), Is.Ordered.Descending, "best net first");
            foreach (var row in rows)
            {
                using var stats = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, row[1], "stats.json")));
                Assert.That(stats.RootElement.GetProperty("totals").GetProperty("net").GetDecimal(), Is.EqualTo(Number(row[4])), $"{row[1]}: the table's net is the run's");
                Assert.That(File.Exists(Path.Combine(runs, row[1], "report.html")), Is.True);
            }

            // The defaults (SpreadBps 2, skew 0.63) give the default backtest's own result.
            var defaults = rows.Single(r => r[2] == "2" && r[3] == "0.63");
            var single = MmProcess.Run(_folder, "backtest", "--output", "single");
            Assert.That(single.Output, Does.Contain($"net {Number(defaults[4]).ToString("N2", CultureInfo.InvariantCulture)};"));
        }

        // Two backtests at once: some runs' lives (job written to result written) overlap.
        var lives = Directory.GetDirectories(runs).Select(d => (Start: File.GetLastWriteTimeUtc(Path.Combine(d, "job.json")), End: File.GetLastWriteTimeUtc(Path.Combine(d, "result.json")))).ToArray();
        Assert.That(lives.Any(a => lives.Any(b => a != b && a.Start < b.End && b.Start < a.End)), Is.True, "runs in parallel");

        var heatmap = await Chromium.OpenAsync(Path.Combine(_folder, "sweep", "heatmap.html"), ["chart-heatmap"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(heatmap.ChartsState, Is.EqualTo("rendered"));
            Assert.That(heatmap.Errors, Is.Empty);
            Assert.That(heatmap.Requests, Is.Empty);
            Assert.That(heatmap.Charts["chart-heatmap"].Marks, Is.GreaterThan(0), "the heatmap drawn");
        }
    }

    [Test]
    public void ARunWhoseSettingTheBacktestRefuses_IsListedUnrankedWithItsError_AndTheSweepExits1()
    {
        var (exitCode, output, _) = MmProcess.Run(_folder, "sweep", "--param", "MarketMaker:SpreadBps=-5,10", "--parallel", "2");

        var rows = File.ReadAllLines(Path.Combine(_folder, "sweep", "results.csv")).Skip(1).Select(l => l.Split(',', 21)).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(output, Does.Contain("run-0001 MarketMaker:SpreadBps=-5: failed (exit 2): error: a setting is invalid: "));
            Assert.That(rows, Has.Length.EqualTo(2));
            Assert.That((rows[0][0], rows[0][1], rows[0][2]), Is.EqualTo(("1", "run-0002", "10")), "the run with statistics ranked first");
            Assert.That((rows[1][0], rows[1][1], rows[1][^2]), Is.EqualTo((string.Empty, "run-0001", "2")), "the refused run unranked, with the backtest's exit code");
            Assert.That(rows[1][^1], Is.EqualTo("error: a setting is invalid: MarketMaker:SpreadBps: The field SpreadBps must be between 0.1 and 10000."), "and its error");
        }
    }

    [TestCase("MarketMaker:SpreadBps", "error: --param MarketMaker:SpreadBps: expected KEY=V1,V2,... or KEY=LOW..HIGH, such as MarketMaker:SpreadBps=5,10,20")]
    [TestCase("MarketMaker:SpreadBps=5..20", "error: --param MarketMaker:SpreadBps: a range needs --random N (a grid needs listed values)")]
    [TestCase("MarketMaker:SpredBps=2,5", "error: the first run's settings: MarketMaker:SpredBps is not a setting; did you mean SpreadBps? (no run started)")]
    [TestCase("MarketMakr:SpreadBps=2,5", "error: the first run's settings: --set MarketMakr:SpreadBps: MarketMakr is not a section a backtest reads; did you mean MarketMaker? (no run started)")]
    public void ABadParameter_OneLine_NothingRun_Exits2(string parameter, string message)
    {
        var (exitCode, output, errors) = MmProcess.Run(_folder, "sweep", "--param", parameter);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Trim(), Is.EqualTo(message));
            Assert.That(output, Is.Empty);
            Assert.That(Directory.Exists(Path.Combine(_folder, "sweep")), Is.False);
            Assert.That(exitCode, Is.EqualTo(2));
        }
    }

    private static decimal Number(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\[\d/9\] run-\d{4} ", RegexOptions.Multiline)]
    private static partial Regex RunLine();
}
