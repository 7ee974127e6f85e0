using MarketMaking.Testing;

namespace MarketMaking.Cli.Tests;

/// <summary>Runs the built <c>mm</c> as a process, as a user would, on the real recordings.</summary>
public sealed class BookVerifyCommandTests
{
    private static readonly string s_binance = RepoPaths.Data("hftbacktest-binance-2024-08");

    [Test]
    public void KrakenV2Sequence_Matches510Of510_ExitsZero()
    {
        var (exitCode, output, _) = RunMm("book", "verify", "--format", "kraken-v2", "--input", RepoPaths.Fixture("kraken/ws-book-sequence-btcusd.json"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(output, Does.Match(@"checksums matched\s+510 of 510"));
            Assert.That(output, Does.Contain("result: OK"));
            Assert.That(exitCode, Is.Zero);
        }
    }

    [Test]
    public void KrakenV2DocsMatic_VerifiesWithPrecisions4And8()
    {
        var (exitCode, output, _) = RunMm(
            "book", "verify", "--format", "kraken-v2",
            "--input", RepoPaths.Fixture("kraken/ws-book-docs-matic-snapshot.json"),
            "--input", RepoPaths.Fixture("kraken/ws-book-docs-matic-update.json"),
            "--price-precision", "4", "--qty-precision", "8");

        Assert.That(output, Does.Match(@"checksums matched\s+2 of 2"));
        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public void KrakenV1Capture_Matches4269Of4269()
    {
        var (exitCode, output, _) = RunMm("book", "verify", "--format", "kraken-v1", "--input", RepoPaths.Data("cryptofeed-kraken-v1-2021-04-17/KRAKEN.ws.50.0"));

        Assert.That(output, Does.Contain("all instruments: checksums matched 4,269 of 4,269"));
        Assert.That(exitCode, Is.Zero);
    }

    [TestCase("spot_btcusdt", true, "1,072 of 1,072")]
    [TestCase("spot_ethusdt", true, null)]
    [TestCase("cm_btcusd_perp", true, null)]
    [TestCase("cm_ethusd_perp", true, null)]
    [TestCase("usdm_btcusdt", false, null)]
    [TestCase("usdm_ethusdt", false, null)]
    public void BinanceRecordings_NoGapsNoCrossesAllTopsMatch(string stem, bool hasSecondDay, string? expectedTops)
    {
        var arguments = new List<string> { "book", "verify", "--format", "binance", "--input", Path.Combine(s_binance, stem + "_20240808.gz") };
        if (hasSecondDay)
        {
            arguments.AddRange(["--input", Path.Combine(s_binance, stem + "_20240809.gz")]);
        }

        var (exitCode, output, _) = RunMm([.. arguments]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(output, Does.Match(@"sequence gaps\s+0\n"));
            Assert.That(output, Does.Match(@"crossed books\s+0\n"));
            Assert.That(output, Does.Match(@"top of book mismatched\s+0\n"));
            Assert.That(output, Does.Not.Match(@"top of book matched\s+0 of"));
            if (expectedTops is not null)
            {
                Assert.That(output, Does.Contain("top of book matched          " + expectedTops));
            }

            Assert.That(exitCode, Is.Zero, output);
        }
    }

    [Test]
    public void TardisSamples_BookAndTradesTogether_Read_AndTheBooksStaySynced()
    {
        var (exitCode, output, errors) = RunMm(
            "book", "verify", "--format", "tardis",
            "--input", RepoPaths.Fixture("tardis/tardis_binance-futures_book_snapshot_25_BTCUSDT.csv"),
            "--input", RepoPaths.Fixture("tardis/tardis_deribit_incremental_book_L2_BTC-PERPETUAL.csv"),
            "--input", RepoPaths.Fixture("tardis/tardis_bitmex_trades_XBTUSD.csv"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(output, Does.Contain("mm book verify: tardis, 3 input file(s), 21 events, 3 instrument(s)"), "10 snapshots, 1 snapshot, 10 trades");
            Assert.That(output, Does.Match(@"BTCUSDT \(binance-futures, [^\n]*\n  messages read\s+10\n  snapshots applied\s+10\n"));
            Assert.That(output, Does.Match(@"crossed books\s+0\n"));
            Assert.That(output, Does.Contain("read errors: 0"));
            Assert.That(errors, Is.Empty);
            Assert.That(exitCode, Is.Zero, output);
        }
    }

    [Test]
    public void TardisMalformedRow_IsReportedWithFileAndLine_AndFails()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mm-tardis-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\nbitmex,XBTUSD,1,2,a,sell,8531.5,1\nbitmex,XBTUSD,1,2,b,sell,8531.5\n");
        try
        {
            var (exitCode, output, errors) = RunMm("book", "verify", "--format", "tardis", "--input", file);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(errors.Trim(), Is.EqualTo($"error: {file}:3: Expected 8 columns as in the header, found 7"));
                Assert.That(output, Does.Contain("read errors: 1").And.Contain("result: FAILED"));
                Assert.That(exitCode, Is.EqualTo(1));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void MissingFile_ReportsItAndFails()
    {
        var (exitCode, output, errors) = RunMm("book", "verify", "--format", "binance", "--input", "/nonexistent/file.gz");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Does.Contain("/nonexistent/file.gz: Cannot open"));
            Assert.That(output, Does.Contain("read errors: 1"));
            Assert.That(exitCode, Is.EqualTo(1));
        }
    }

    [Test]
    public void KrakenV2WithoutPrecision_ExplainsWhatToPass()
    {
        var (exitCode, output, _) = RunMm(
            "book", "verify", "--format", "kraken-v2", "--input", RepoPaths.Fixture("kraken/ws-book-docs-matic-snapshot.json"));

        Assert.That(output, Does.Contain("pass --price-precision and --qty-precision"));
        Assert.That(exitCode, Is.EqualTo(1));
    }

    private static (int ExitCode, string Output, string Errors) RunMm(params string[] arguments) => MmProcess.Run(null, arguments);
}
