using MarketMaking.Testing;

namespace MarketMaking.Cli.Tests;

/// <summary><c>mm convert</c> run as a process: the bundled recordings as binary event files, backtested to the same results.</summary>
public sealed class ConvertCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("mm-convert-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void TheBundledRecordingsConverted_BacktestToTheSameFilesAsTheirGzipJson()
    {
        var spot = MmProcess.Run(_folder, "convert", "--input", RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz"), "--output", "spot.mmev");
        var usdm = MmProcess.Run(_folder, "convert", "--input", RepoPaths.Data("hftbacktest-binance-2024-08/usdm_btcusdt_20240808.gz"), "--output", "usdm.mmev");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((spot.ExitCode, spot.Errors), Is.EqualTo((0, string.Empty)));
            Assert.That(usdm.Output.Trim(), Does.Match(@"^mm convert: 93,954 events read from 1 file\(s\), 93,954 written to usdm\.mmev \([\d,]+ bytes\); 466,834 price-level changes and trades$"));
        }

        var binary = MmProcess.Run(_folder, "backtest", "--format", "mmev", "--input", "spot.mmev", "--hedge-input", "usdm.mmev", "--output", "binary");
        var json = MmProcess.Run(_folder, "backtest", "--output", "json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(binary.ExitCode, Is.Zero, binary.Errors);
            Assert.That(binary.Output, Is.EqualTo(json.Output.Replace($"{Path.DirectorySeparatorChar}json{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}binary{Path.DirectorySeparatorChar}", StringComparison.Ordinal)));
            foreach (var file in new[] { "stats.json", "fills.csv", "orders.csv", "equity.csv", "report.html" })
            {
                Assert.That(File.ReadAllBytes(Path.Combine(_folder, "binary", file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(_folder, "json", file))), file);
            }
        }

        var verify = MmProcess.Run(_folder, "book", "verify", "--format", "mmev", "--input", "usdm.mmev");
        Assert.That(verify.Output, Does.Contain("top of book matched            629 of 629").And.Contain("result: OK"));
    }

    [Test]
    public void ABadLine_IsReportedWithFileAndLine_TheRestConverted_Exit1()
    {
        var lines = File.ReadAllLines(RepoPaths.Fixture("tardis/tardis_bitmex_trades_XBTUSD.csv"));
        lines[3] = "bitmex,XBTUSD,not-a-time,1,x,sell,1,1";
        File.WriteAllLines(Path.Combine(_folder, "trades.csv"), lines);

        var (exitCode, output, errors) = MmProcess.Run(_folder, "convert", "--format", "tardis", "--input", "trades.csv", "--output", "trades.mmev");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Trim(), Does.StartWith("error: trades.csv:4: "));
            Assert.That(output, Does.Contain("9 events read from 1 file(s), 9 written to trades.mmev"));
            Assert.That(exitCode, Is.EqualTo(1));
        }
    }
}
