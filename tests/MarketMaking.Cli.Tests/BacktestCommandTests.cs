using System.IO.Compression;
using System.Text.Json;
using MarketMaking.Testing;

namespace MarketMaking.Cli.Tests;

/// <summary><c>mm backtest</c> run as a process in a bare folder: its default run, the same three times, and bad input.</summary>
public sealed class BacktestCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("mm-backtest-cli-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void TheDefaultRun_QuotesAndHedgesTheBundledRecording_AndThreeTimesGivesIdenticalStatsAndFills()
    {
        var first = MmProcess.Run(_folder, "backtest", "--output", "run1");
        var others = new[] { "run2", "run3" }.Select(run => (Run: run, Result: MmProcess.Run(_folder, "backtest", "--output", run))).ToArray();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.ExitCode, Is.Zero, first.Output + first.Errors);
            Assert.That(first.Errors, Is.Empty);
            Assert.That(first.Output, Does.Match(@"events replayed kraken 41,249, mexc 93,954"), "both bundled recordings, whole");
            Assert.That(first.Output, Does.Match(@"orders: [1-9][0-9,]* placed"));
            Assert.That(first.Output, Does.Contain($"written: {Path.Combine(_folder, "run1", "report.html")}, stats.json, fills.csv, orders.csv, equity.csv, journal.db"));
            foreach (var file in new[] { "stats.json", "fills.csv", "orders.csv", "equity.csv" })
            {
                var bytes = File.ReadAllBytes(Path.Combine(_folder, "run1", file));
                Assert.That(bytes, Is.Not.Empty, file);
                foreach (var (run, _) in others)
                {
                    Assert.That(File.ReadAllBytes(Path.Combine(_folder, run, file)), Is.EqualTo(bytes), $"{file}: {run} differs");
                }
            }

            foreach (var (run, result) in others)
            {
                Assert.That(result.Output, Is.EqualTo(first.Output.Replace("run1", run, StringComparison.Ordinal)));
            }
        }

        // The markouts at the fill are the spread captured: their totals add up to the summary's spread capture.
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "run1", "stats.json")));
        var root = summary.RootElement;
        var atFill = root.GetProperty("markouts").EnumerateArray().Where(m => m.GetProperty("horizonMilliseconds").GetInt64() == 0).ToArray();
        var fillsCsvRows = File.ReadAllLines(Path.Combine(_folder, "run1", "fills.csv")).Length - 1;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(atFill.Select(m => m.GetProperty("side").GetString()), Is.EqualTo(new[] { "Buy", "Sell" }));
            Assert.That(atFill.Sum(m => m.GetProperty("fills").GetInt32()), Is.EqualTo(fillsCsvRows), "every fill marked at the fill");
            Assert.That(atFill.Sum(m => m.GetProperty("total").GetDecimal()), Is.EqualTo(root.GetProperty("totals").GetProperty("spreadCapture").GetDecimal()).Within(0.01m), "spread capture, to the cent on each of the two venues (the summary rounds each)");
            Assert.That(root.GetProperty("markouts").GetArrayLength(), Is.EqualTo(12), "two sides, six horizons");

            // One equity row a second of the run, ending near the summary's net PnL (the summary marks the end itself).
            var equity = File.ReadAllLines(Path.Combine(_folder, "run1", "equity.csv"));
            var seconds = (root.GetProperty("endNanoseconds").GetInt64() - root.GetProperty("startNanoseconds").GetInt64()) / 1_000_000_000.0;
            Assert.That(equity[0], Is.EqualTo("ts_ns,net_pnl,gross_pnl,net_position,mid,best_bid,best_ask,our_bid,our_ask"));
            Assert.That(equity.Length - 1, Is.InRange((int)seconds - 1, (int)seconds + 2), "a row a second");
            Assert.That(decimal.Parse(equity[^1].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(root.GetProperty("totals").GetProperty("net").GetDecimal()).Within(0.02m));
            var statistics = root.GetProperty("statistics");
            Assert.That(statistics.GetProperty("fillRatio").GetDecimal(), Is.EqualTo((decimal)root.GetProperty("orders").GetProperty("filled").GetInt32() / root.GetProperty("orders").GetProperty("placed").GetInt32()).Within(0.0001m));
            Assert.That(statistics.GetProperty("turnover").GetDecimal(), Is.EqualTo(root.GetProperty("totals").GetProperty("notional").GetDecimal()));
            Assert.That(statistics.GetProperty("bidUptime").GetDecimal(), Is.InRange(0.5m, 1m), "the market maker quoted most of the run");
            Assert.That(statistics.GetProperty("maxDrawdown").GetDecimal(), Is.GreaterThanOrEqualTo(0m));
            Assert.That(first.Output, Does.Match(@"markouts, buys \(bps, mid after the fill\): fill [+-]\d+\.\d\d, 100 ms [+-]?\d+\.\d\d, 1 s .*, 60 s "));
        }
    }

    [Test]
    public void AMakerRebate_IsPaidOnEachMakerFill_AndAddsToTheNet()
    {
        var (exitCode, output, errors) = MmProcess.Run(_folder, "backtest", "--maker-fee-bps", "-1", "--output", "out");

        Assert.That(exitCode, Is.Zero, output + errors);
        var fills = File.ReadAllLines(Path.Combine(_folder, "out", "fills.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var quoted = fills.Where(f => f[1] == "kraken").ToArray();
        using var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "out", "stats.json")));
        var kraken = stats.RootElement.GetProperty("venues").EnumerateArray().Single(v => v.GetProperty("venue").GetString() == "kraken");
        var totals = stats.RootElement.GetProperty("totals");
        static decimal Number(string text) => decimal.Parse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(quoted.Where(f => f[7] == "maker"), Is.Not.Empty);
            foreach (var fill in quoted.Where(f => f[7] == "maker"))
            {
                Assert.That(Number(fill[6]), Is.EqualTo(-Number(fill[4]) * Number(fill[5]) / 10_000m), "1 bp of the notional paid to us");
            }

            Assert.That(kraken.GetProperty("fees").GetDecimal(), Is.LessThan(0m), "a rebate on the quoted venue");
            Assert.That(kraken.GetProperty("feeSchedule").GetString(), Is.EqualTo("kraken-spot-10m as set (maker -0.01 %, taker 0.10 %)"));
            Assert.That(totals.GetProperty("net").GetDecimal(), Is.EqualTo(totals.GetProperty("gross").GetDecimal() - totals.GetProperty("fees").GetDecimal()));
            Assert.That(totals.GetProperty("spreadCapture").GetDecimal() + totals.GetProperty("inventory").GetDecimal() - totals.GetProperty("fees").GetDecimal(), Is.EqualTo(totals.GetProperty("net").GetDecimal()));
        }

        var refused = MmProcess.Run(_folder, "backtest", "--maker-fee-bps", "-200", "--output", "bad");
        Assert.That((refused.ExitCode, refused.Errors.Trim(), refused.Output), Is.EqualTo((2, "error: --maker-fee-bps must be -100 to 1000 (negative: a rebate) and --taker-fee-bps 0 to 1000.", string.Empty)));
    }

    [Test]
    public void OnATerminal_AProgressLineShowsTheSimulatedTime_ThenGivesWayToTheSummary()
    {
        // script(1) gives mm a pseudo-terminal, as a user's shell would; with its output piped (the other tests) mm prints no progress.
        var mm = $"dotnet {Path.Combine(AppContext.BaseDirectory, "mm.dll")} backtest --output out";
        var start = new System.Diagnostics.ProcessStartInfo("script", ["-qec", mm, "/dev/null"]) { RedirectStandardOutput = true, RedirectStandardInput = true, WorkingDirectory = _folder };
        using var script = System.Diagnostics.Process.Start(start)!;
        var terminal = script.StandardOutput.ReadToEnd();
        script.WaitForExit();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(script.ExitCode, Is.Zero, terminal);
            Assert.That(terminal, Does.Match(@"\rmm backtest: 2024-08-0[89] \d\d:\d\d:\d\d UTC simulated, [\d,]+ events replayed"), "the progress line, rewritten in place");
            Assert.That(terminal, Does.Contain("mm backtest: market-maker over 346.1 s of recorded time"), "then the summary");
        }
    }

    [Test]
    public void ATruncatedRecording_IsReportedWithItsFile_TheRunEndsOnWhatWasRead_AndExits1()
    {
        var recording = File.ReadAllBytes(RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz"));
        var truncated = Path.Combine(_folder, "truncated.gz");
        File.WriteAllBytes(truncated, recording[..(recording.Length / 3)]);

        var (exitCode, output, errors) = MmProcess.Run(_folder, "backtest", "--input", truncated, "--output", "out");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Does.StartWith($"error: {truncated}:"), "the cut line, with its number, then the file");
            Assert.That(errors, Does.Contain($"error: {truncated}: Stopped reading after line "));
            Assert.That(errors, Does.Contain("(truncated or corrupt file)"));
            Assert.That(errors, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(output, Does.Contain("mm backtest: market-maker"), "the run went on with what was read");
            Assert.That(File.Exists(Path.Combine(_folder, "out", "stats.json")), Is.True);
            Assert.That(exitCode, Is.EqualTo(1));
        }
    }

    [Test]
    public void MalformedLines_AreReportedOnceWithFileAndLine_AndExits1()
    {
        var lines = ReadLines(RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz"), 3_000);
        lines[0] = "{oops";
        lines[1_500] = "1723161278526306911 {not json";
        var recording = Path.Combine(_folder, "malformed.gz");
        using (var gzip = new GZipStream(File.Create(recording), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(gzip))
        {
            writer.Write(string.Join('\n', lines) + "\n");
        }

        var (exitCode, _, errors) = MmProcess.Run(_folder, "backtest", "--input", recording, "--output", "out");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Does.StartWith($"error: {recording}:1: Expected '<receive ts"));
            Assert.That(errors, Does.Contain($"error: {recording}:1501: Not valid JSON"));
            Assert.That(errors.Trim().Split('\n'), Has.Length.EqualTo(2), "each bad line once (the line before the first event too)");
            Assert.That(exitCode, Is.EqualTo(1));
        }
    }

    [TestCase("tardis_binance-futures_book_snapshot_25_BTCUSDT.csv", 10)]
    [TestCase("tardis_deribit_incremental_book_L2_BTC-PERPETUAL.csv", 1)]
    [TestCase("tardis_bitmex_trades_XBTUSD.csv", 10)]
    public void EachTardisSample_IsBacktestedOnBothVenues_AndWritesTheReport(string sample, int events)
    {
        var file = RepoPaths.Fixture($"tardis/{sample}");

        var (exitCode, output, errors) = MmProcess.Run(_folder, "backtest", "--format", "tardis", "--input", file, "--hedge-input", file, "--output", "out");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Zero, output + errors);
            Assert.That(errors, Is.Empty);
            Assert.That(output, Does.Contain($"events replayed kraken {events}, mexc {events}"), "every row read, as one venue's events");
            foreach (var written in new[] { "report.html", "stats.json", "fills.csv", "orders.csv", "equity.csv" })
            {
                Assert.That(File.Exists(Path.Combine(_folder, "out", written)), Is.True, written);
            }
        }
    }

    [Test]
    public void AMalformedTardisRow_IsReportedWithFileAndLine_AndExits1()
    {
        var lines = File.ReadAllLines(RepoPaths.Fixture("tardis/tardis_bitmex_trades_XBTUSD.csv"));
        lines[4] = string.Join(',', lines[4].Split(',')[..^1]);
        var file = Path.Combine(_folder, "trades.csv");
        File.WriteAllLines(file, lines);

        var (exitCode, output, errors) = MmProcess.Run(_folder, "backtest", "--format", "tardis", "--input", file, "--hedge-input", file, "--output", "out");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Trim().Split('\n'), Is.All.EqualTo($"error: {file}:5: Expected 8 columns as in the header, found 7"), "the bad row, once per venue that read it");
            Assert.That(output, Does.Contain("events replayed kraken 9, mexc 9"), "the run went on with the other rows");
            Assert.That(exitCode, Is.EqualTo(1));
        }
    }

    [Test]
    public void RecordingsOfDifferentTimes_AreRefusedWithOneLine_Exits2()
    {
        var (exitCode, output, errors) = MmProcess.Run(_folder, "backtest", "--format", "tardis",
            "--input", RepoPaths.Fixture("tardis/tardis_binance-futures_book_snapshot_25_BTCUSDT.csv"),
            "--hedge-input", RepoPaths.Fixture("tardis/tardis_bitmex_trades_XBTUSD.csv"), "--output", "out");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Trim(), Is.EqualTo("error: The venues' recordings start more than an hour apart (kraken at 2020-09-01 00:00:03 UTC, mexc at 2020-03-01 00:00:03 UTC): give recordings of the same time."));
            Assert.That(output, Is.Empty);
            Assert.That(exitCode, Is.EqualTo(2));
        }
    }

    [TestCase("{ \"MarketMaker\": { \"Venue\": \"kraken\", \"Symbols\": [\"BTC/USDT\"], \"SpreadBps\": -5 } }", "error: a setting is invalid: ")]
    [TestCase("{ \"MarketMaker\": { } }", "error: the settings need MarketMaker:Venue and MarketMaker:Symbols")]
    [TestCase("{ not json", "error: --config ")]
    [TestCase("{ }", "error: --set MarketMaker:SpreadBps: expected KEY=VALUE, such as MarketMaker:SpreadBps=12", "MarketMaker:SpreadBps")]
    [TestCase("{ \"MarketMaker\": { \"Venue\": \"kraken\", \"Symbols\": [\"BTC/USDT\"] } }", "error: a setting is invalid: ", "MarketMaker:SpreadBps=-5")]
    public void BadSettings_OneMessage_NothingRun_Exits2(string json, string message, string? set = null)
    {
        File.WriteAllText(Path.Combine(_folder, "settings.json"), json);

        var (exitCode, output, errors) = MmProcess.Run(_folder, ["backtest", "--config", "settings.json", "--output", "out", .. set is null ? Array.Empty<string>() : ["--set", set]]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors, Does.StartWith(message));
            Assert.That(errors.Trim().Split('\n'), Has.Length.EqualTo(1), errors);
            Assert.That(output, Is.Empty);
            Assert.That(File.Exists(Path.Combine(_folder, "out", "stats.json")), Is.False);
            Assert.That(exitCode, Is.EqualTo(2));
        }
    }

    [TestCase(new[] { "--set", "MarketMaker:SpreadBps=abc" }, "error: a setting is invalid: MarketMaker:SpreadBps 'abc' is not a number (invariant culture: 2.5)")]
    [TestCase(new[] { "--set", "MarketMaker:SpredBps=5" }, "error: a setting is invalid: MarketMaker:SpredBps is not a setting; did you mean SpreadBps?")]
    [TestCase(new[] { "--set", "MarketMakr:SpreadBps=5" }, "error: a setting is invalid: --set MarketMakr:SpreadBps: MarketMakr is not a section a backtest reads; did you mean MarketMaker?")]
    [TestCase(new[] { "--set", "Risk:Limit:MaxPosition=1", "--set", "Inventory:Hedging:Threshold=lots" }, "error: 2 settings are invalid: Risk:Limit is not a setting; did you mean Limits?; Inventory:Hedging:Threshold 'lots' is not a number (invariant culture: 2.5)")]
    [TestCase(new[] { "--strategy", "avellaneda-stoikov", "--set", "AvellanedaStoikov:Gamma=0.1" }, "error: a setting is invalid: AvellanedaStoikov:Gamma is not a setting")]
    public void AMisspelledOrUnreadableSetting_IsNamed_NotRunOnItsDefault_Exits2(string[] arguments, string message)
    {
        // Without the check, a misspelled key ran on the default (a sweep over it ranked identical runs) and an
        // unreadable value escaped the binder as a stack trace with exit 1.
        var (exitCode, output, errors) = MmProcess.Run(_folder, ["backtest", "--output", "out", .. arguments]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Trim(), Is.EqualTo(message));
            Assert.That(output, Is.Empty);
            Assert.That(Directory.Exists(Path.Combine(_folder, "out")), Is.False, "nothing run, nothing written");
            Assert.That(exitCode, Is.EqualTo(2));
        }
    }

    [TestCase(new[] { "backtest", "--seed", "x" }, "error: Cannot parse argument 'x' for option '--seed' as a whole number.")]
    [TestCase(new[] { "backtest", "--bogus" }, "error: Unrecognized command or argument '--bogus'.")]
    public void AnOptionMistypedOrUnknown_IsABadArgument_Exits2(string[] arguments, string message)
    {
        var (exitCode, output, errors) = MmProcess.Run(_folder, arguments);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Trim().Split('\n'), Is.EqualTo(new[] { message, "Run mm --help, or mm COMMAND --help, for the usage." }));
            Assert.That(output, Is.Empty);
            Assert.That(exitCode, Is.EqualTo(2), "as every bad argument (System.CommandLine's own code is 1)");
        }
    }

    [TestCase("power:0")]
    [TestCase("fifo")]
    public void ABadQueueModel_OneMessage_Exits2(string model)
    {
        var (exitCode, output, errors) = MmProcess.Run(_folder, "backtest", "--queue-model", model, "--output", "out");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Trim(), Is.EqualTo($"error: --queue-model {model}: expected risk-averse, power:N (N a positive number) or log."));
            Assert.That(output, Is.Empty);
            Assert.That(exitCode, Is.EqualTo(2));
        }
    }

    [Test]
    public void TheOrderLatency_AsConstantsOrFromAFileOfRoundTrips_IsEveryOrdersRoundTrip_AndIsNamedInTheStats()
    {
        // One measured round trip: 70 ms to the venue, 30 ms back, whatever the time.
        File.WriteAllText(Path.Combine(_folder, "latency.csv"), "request_ns,exchange_ns,response_ns\n1723161300000000000,1723161300070000000,1723161300100000000\n");
        var runs = new[]
        {
            (Folder: "default", Arguments: Array.Empty<string>(), Named: "order entry 1 ms–2 ms, response 1 ms–2 ms, feed as recorded"),
            (Folder: "constant", Arguments: new[] { "--order-latency", "40ms", "--response-latency", "60ms" }, Named: "order entry 40 ms, response 60 ms, feed as recorded"),
            (Folder: "file", Arguments: new[] { "--order-latency-file", "latency.csv", "--feed-latency", "none" }, Named: "order latency from 1 recorded round trips, feed without latency"),
        };

        foreach (var (folder, arguments, named) in runs)
        {
            var (exitCode, _, errors) = MmProcess.Run(_folder, ["backtest", "--output", folder, .. arguments]);
            Assert.That(exitCode, Is.Zero, errors);

            using var stats = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, folder, "stats.json")));
            var quoted = stats.RootElement.GetProperty("venues").EnumerateArray().First(v => v.GetProperty("venue").GetString() == "kraken").GetProperty("venueName").GetString();
            var roundTrips = PlaceRoundTrips(Path.Combine(_folder, folder, "journal.db"), "kraken");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(quoted, Does.EndWith($"({named})"), folder);
                Assert.That(roundTrips, Is.Not.Empty, folder);
                if (folder == "default")
                {
                    Assert.That(roundTrips, Has.All.InRange(2_000_000L, 99_000_000L), "1-2 ms each way, a request never overtaking the one before");
                }
                else
                {
                    Assert.That(roundTrips, Has.All.EqualTo(100_000_000L), $"{folder}: 100 ms from sending each order to its answer");
                }
            }
        }
    }

    [TestCase("--order-latency", "5xs")]
    [TestCase("--response-latency", "1ms+2ms+3ms")]
    [TestCase("--order-latency", "61s")]
    public void ABadLatency_OneMessage_Exits2(string flag, string value)
    {
        var (exitCode, output, errors) = MmProcess.Run(_folder, "backtest", flag, value, "--output", "out");

        AssertRefused((exitCode, output, errors), $"error: {flag} {value}: expected a time such as 5ms, or a time and the largest jitter such as 5ms+2ms (units ns, us, ms, s; at most 60 s).");
    }

    [Test]
    public void ABadLatencyFile_IsNamedWithItsLine_NothingRun_Exits2()
    {
        File.WriteAllText(Path.Combine(_folder, "latency.csv"), "request_ns,exchange_ns,response_ns\n1,2,3\n4,5\n");
        var (exitCode, output, errors) = MmProcess.Run(_folder, "backtest", "--order-latency-file", "latency.csv", "--output", "out");

        AssertRefused((exitCode, output, errors), "error: --order-latency-file: latency.csv:3: expected three times in ns since the Unix epoch, found '4,5'");
    }

    [Test]
    public void AvellanedaStoikov_ByName_TradesTheBundledRecording()
    {
        var (exitCode, output, errors) = MmProcess.Run(_folder, "backtest", "--strategy", "avellaneda-stoikov", "--output", "out");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Zero, errors);
            Assert.That(output, Does.StartWith("mm backtest: avellaneda-stoikov over "));
            Assert.That(output, Does.Match(@"orders: [1-9][0-9,]* placed, [1-9][0-9,]* filled"), "its arrival estimator saw the recorded trades and it quoted");
        }
    }

    [Test]
    public void AUsersStrategy_FromItsBuiltAssembly_IsBacktestedWithItsSettings_AndDeterministic()
    {
        string[] arguments = ["backtest", "--strategy-assembly", RepoPaths.JoinTheTouchAssembly(), "--set", "StrategySettings:quoteSize=0.001", "--set", "StrategySettings:inventoryCap=0.003"];
        var first = MmProcess.Run(_folder, [.. arguments, "--output", "first"]);
        var second = MmProcess.Run(_folder, [.. arguments, "--output", "second"]);
        using var stats = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "first", "stats.json")));
        var quoted = stats.RootElement.GetProperty("venues").EnumerateArray().Single(v => v.GetProperty("venue").GetString() == "kraken");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.ExitCode, Is.Zero, first.Errors);
            Assert.That(first.Output, Does.StartWith("mm backtest: join-the-touch over "), "the strategy's own name");
            Assert.That(stats.RootElement.GetProperty("fills").GetInt32(), Is.GreaterThan(0));
            Assert.That(Math.Abs(quoted.GetProperty("position").GetDecimal()), Is.LessThanOrEqualTo(0.003m), "its inventory cap, read from StrategySettings, held");
            Assert.That(File.ReadAllBytes(Path.Combine(_folder, "second", "fills.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(_folder, "first", "fills.csv"))));
        }
    }

    [TestCase(new[] { "--set", "StrategySettings:quoteSize=abc", "--set", "StrategySettings:inventoryCap=0.003" }, "error: StrategySettings:quoteSize 'abc' is not a number (invariant culture: 2.5)")]
    [TestCase(new[] { "--set", "StrategySettings:inventoryCap=0.003" }, "error: JoinTheTouch.JoinTheTouchStrategy needs StrategySettings:quoteSize (a number (invariant culture: 2.5))")]
    [TestCase(new[] { "--strategy", "Nope" }, "error: --strategy 'Nope' is not a public IStrategy class of JoinTheTouch.dll (it has: JoinTheTouch.JoinTheTouchStrategy)")]
    public void AUsersStrategyThatCannotBeBuilt_OneMessage_Exits2(string[] arguments, string message)
    {
        var (exitCode, output, errors) = MmProcess.Run(_folder, ["backtest", "--strategy-assembly", RepoPaths.JoinTheTouchAssembly(), "--output", "out", .. arguments]);

        AssertRefused((exitCode, output, errors), message);
    }

    [Test]
    public void ARunRefusedAsTheKernelIsBuilt_LeavesTheEarlierRunsFilesAsTheyWere()
    {
        var earlier = MmProcess.Run(_folder, "backtest", "--output", "out");
        Assert.That(earlier.ExitCode, Is.Zero, earlier.Errors);
        var before = Directory.GetFiles(Path.Combine(_folder, "out")).Order(StringComparer.Ordinal).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

        var (exitCode, _, errors) = MmProcess.Run(_folder, "backtest", "--strategy-assembly", RepoPaths.JoinTheTouchAssembly(), "--output", "out");
        var after = Directory.GetFiles(Path.Combine(_folder, "out")).Order(StringComparer.Ordinal).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(2), errors);
            Assert.That(errors, Does.StartWith("error: JoinTheTouch.JoinTheTouchStrategy needs StrategySettings:quoteSize"));
            Assert.That(after.Keys, Is.EqualTo(before.Keys), "no file added or removed (the journal, the report)");
            Assert.That(after, Is.EqualTo(before), "every file as the earlier run left it");
        }
    }

    [Test]
    public void ATimeSpan_StartsOnTheBookBuiltBeforeIt_AndTradesOnlyWithinIt()
    {
        // The bundled spot recording's first event was received at 1723161253937085768 ns (2024-08-08 23:54:13.937).
        const long First = 1_723_161_253_937_085_768;
        var (exitCode, output, errors) = MmProcess.Run(_folder, "backtest", "--from", "+60s", "--to", "2024-08-08T23:57:13.937085768Z", "--output", "span");
        using var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "span", "stats.json")));
        var equity = File.ReadAllLines(Path.Combine(_folder, "span", "equity.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var fillTimes = File.ReadAllLines(Path.Combine(_folder, "span", "fills.csv")).Skip(1).Select(l => long.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var (from, to) = (First + 60_000_000_000, First + 180_000_000_000);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Zero, errors);
            Assert.That(output, Does.StartWith("mm backtest: market-maker over 1"), "about two minutes (and the cancels at the end)");
            Assert.That(stats.RootElement.GetProperty("startNanoseconds").GetInt64(), Is.EqualTo(from));
            Assert.That(long.Parse(equity[0][0], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(from).Within(100), "the first sample at the start (the clock's 100 ns ticks)");
            Assert.That(equity[0][4], Is.Not.Empty, "a mid from the first sample on: the book was built on the minute before");
            Assert.That(fillTimes, Is.Not.Empty);
            Assert.That(fillTimes, Has.All.InRange(from, to + 10_000_000_000), "fills within the span (and the cancels after it)");
        }
    }

    [TestCase("--from", "yesterday", "error: --from yesterday: expected a UTC time such as 2024-08-08T23:56:00Z, or a time after the recording's first event such as +90s (units ms, s, m, h).")]
    [TestCase("--to", "+5x", "error: --to +5x: expected a UTC time such as 2024-08-08T23:56:00Z, or a time after the recording's first event such as +90s (units ms, s, m, h).")]
    [TestCase("--from", "+10m", "error: The recordings hold no event after the start given.")]
    public void ABadTimeSpan_OneMessage_Exits2(string flag, string value, string message)
    {
        var (exitCode, output, errors) = MmProcess.Run(_folder, "backtest", flag, value, "--output", "out");

        AssertRefused((exitCode, output, errors), message);
    }

    [Test]
    public void WithoutPartialFills_EveryOrderIsFilledByOneFill_WhereByDefaultSomeTakeSeveral()
    {
        int[] FillsPerOrder(string folder, params string[] arguments)
        {
            var (exitCode, _, errors) = MmProcess.Run(_folder, ["backtest", "--output", folder, .. arguments]);
            Assert.That(exitCode, Is.Zero, errors);
            return [.. File.ReadAllLines(Path.Combine(_folder, folder, "fills.csv")).Skip(1).Select(l => l.Split(',')).Where(f => f[1] == "kraken").GroupBy(f => f[8]).Select(g => g.Count())];
        }

        var partial = FillsPerOrder("partial");
        var whole = FillsPerOrder("whole", "--no-partial-fills");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(partial, Has.Some.GreaterThan(1), "by default a trade smaller than what is left fills an order in part");
            Assert.That(whole, Is.Not.Empty.And.All.EqualTo(1), "each quoted order filled whole by the trade that reached it");
        }
    }

    [Test]
    public void TheFeeSchedule_IsTheQuotedVenues_AndItsFeesAreInTheFills()
    {
        var (exitCode, output, errors) = MmProcess.Run(_folder, "backtest", "--fees", "kraken-spot-0", "--output", "out");
        var makerFees = File.ReadAllLines(Path.Combine(_folder, "out", "fills.csv")).Skip(1).Select(line => line.Split(','))
            .Where(row => row[1] == "kraken" && row[7] == "maker").Select(row => (Price: decimal.Parse(row[4], System.Globalization.CultureInfo.InvariantCulture), Quantity: decimal.Parse(row[5], System.Globalization.CultureInfo.InvariantCulture), Fee: decimal.Parse(row[6], System.Globalization.CultureInfo.InvariantCulture))).ToArray();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Zero, errors);
            Assert.That(makerFees, Is.Not.Empty);
            Assert.That(makerFees.Select(f => f.Fee), Is.EqualTo(makerFees.Select(f => f.Price * f.Quantity * 0.0025m)), "Kraken's 0-volume maker fee, 0.25 %");
            Assert.That(output, Does.Match(@"fees [1-9]"));
        }
    }

    [Test]
    public void EachQueueModel_Runs_AndIsDeterministic()
    {
        foreach (var model in new[] { "risk-averse", "power:2", "log" })
        {
            var first = MmProcess.Run(_folder, "backtest", "--queue-model", model, "--output", $"{model}-1");
            var second = MmProcess.Run(_folder, "backtest", "--queue-model", model, "--output", $"{model}-2");
            Assert.That(first.ExitCode, Is.Zero, first.Errors);
            Assert.That(File.ReadAllBytes(Path.Combine(_folder, $"{model}-2", "fills.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(_folder, $"{model}-1", "fills.csv"))), model);
        }
    }

    /// <summary>From the run's journal: for each order of a venue, ns from its intent (sent) to the first answer received.</summary>
    private static long[] PlaceRoundTrips(string journal, string venue)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={journal};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT MIN(CASE WHEN kind = 'result' THEN ts END) - MIN(CASE WHEN kind = 'intent' THEN ts END)
            FROM journal WHERE venue = $venue GROUP BY client_order_id
            HAVING COUNT(CASE WHEN kind = 'result' THEN 1 END) > 0
            """;
        command.Parameters.AddWithValue("$venue", venue);
        using var reader = command.ExecuteReader();
        var roundTrips = new List<long>();
        while (reader.Read())
        {
            roundTrips.Add(reader.GetInt64(0));
        }

        return [.. roundTrips];
    }

    /// <summary>A run refused before it ran: one line on standard error, nothing on standard output, no report, exit 2.</summary>
    private void AssertRefused((int ExitCode, string Output, string Errors) run, string message)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Errors.Trim(), Is.EqualTo(message));
            Assert.That(run.Output, Is.Empty);
            Assert.That(File.Exists(Path.Combine(_folder, "out", "stats.json")), Is.False, "no report written");
            Assert.That(run.ExitCode, Is.EqualTo(2));
        }
    }

    private static string[] ReadLines(string gzipPath, int count)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(gzipPath), CompressionMode.Decompress));
        var lines = new List<string>(count);
        while (lines.Count < count && reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return [.. lines];
    }
}
