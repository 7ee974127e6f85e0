using MarketMaking.Testing;

namespace MarketMaking.Cli.Tests;

/// <summary>The path a command writes to (<c>--output</c>), where it cannot be a folder or a file: a bad argument, nothing touched.</summary>
public sealed class OutputArgumentTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("mm-output-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [TestCase("convert", "--input", "IN", "--output", "taken/out.mmev")]
    [TestCase("backtest", "--output", "taken")]
    [TestCase("backtest", "--output", "taken/run")]
    [TestCase("sweep", "--param", "MarketMaker:SpreadBps=2,5", "--output", "taken")]
    public void AnOutputWhereAFileStands_IsABadArgument_Exit2_AndTheFileIsKept(params string[] arguments)
    {
        File.WriteAllText(Path.Combine(_folder, "taken"), "a file of the user's");
        var given = arguments.Select(a => a == "IN" ? RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz") : a).ToArray();

        var (exitCode, output, errors) = MmProcess.Run(_folder, given);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Trim().Split('\n'), Has.Length.EqualTo(1).And.All.StartsWith($"error: {(given[0] == "convert" ? "taken/out.mmev" : "--output " + given[^1])}: "), "one line, no stack trace");
            Assert.That(output, Does.Not.Contain("written"));
            Assert.That(File.ReadAllText(Path.Combine(_folder, "taken")), Is.EqualTo("a file of the user's"));
            Assert.That(exitCode, Is.EqualTo(2));
        }
    }
}
