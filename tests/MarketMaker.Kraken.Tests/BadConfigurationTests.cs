namespace MarketMaker.Kraken.Tests;

/// <summary>Bad settings stop the host before anything connects, with one message listing every problem.</summary>
public sealed class BadConfigurationTests
{
    [TestCase("sim")]
    [TestCase("live")]
    public async Task EveryProblem_IsListedInOneMessage_WithANonZeroExit_AndNothingStarted(string mode)
    {
        var directory = Directory.CreateTempSubdirectory("mm-bad-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, ".env"), "# settings\nKRAKEN_API_SECRET_ONLY=x\nTHIS LINE IS NOT A SETTING\n");
            using var host = HostProcess.Start(
                directory,
                new Dictionary<string, string>
                {
                    ["MarketMaker__SpreadBps"] = "-3",
                    ["MarketMaker__Symbols__0"] = "FOO/BAR",
                },
                "--mode", mode, "--metrics-port", "-1");
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(2));
                Assert.That(host.Errors, Does.Contain("market-maker-kraken cannot start"));
                Assert.That(host.Errors, Does.Contain(".env line 3 is not KEY=VALUE"), "a malformed .env line, by number");
                Assert.That(host.Errors, Does.Not.Contain("THIS LINE"), "the line itself is never echoed: it might hold a secret");
                Assert.That(host.Errors, Does.Contain("MarketMaker:SpreadBps"), "the negative spread");
                if (mode == "live")
                {
                    // Whether Kraken lists a symbol is known only from Kraken: LiveModeTests checks that refusal.
                    Assert.That(host.Errors, Does.Contain("live mode needs KRAKEN_API_KEY and KRAKEN_API_SECRET"));
                    Assert.That(host.Errors, Does.Contain("hedging on MEXC Spot in live mode needs MEXC_API_KEY and MEXC_API_SECRET"), "the default hedge venue is MEXC Spot");
                }
                else
                {
                    Assert.That(host.Errors, Does.Contain("MarketMaker:Symbols names FOO/BAR, which the simulator does not serve"), "the unknown symbol");
                }

                Assert.That(host.Output, Does.Not.Contain("Trading up"), "nothing started, no order sent");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task UnreadableValues_UnknownKeys_AndInvalidOnes_AreAllListed_NoneCrashes()
    {
        var (exitCode, output, errors) = await RunAsync(
            new Dictionary<string, string>
            {
                ["MarketMaker__SpreadBps"] = "abc",
                ["MarketMaker__QuoteSize"] = "3",
                ["MarketMaker__MaxPositon"] = "0.1",
                ["Kraken__Tier"] = "Gold",
                ["Inventory__Hedging__Policy"] = "CrossExchnage",
                ["Risk__Limits__MaxOrderNotional"] = "-5",
            });

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(errors, Does.Contain("fix these 6 problems"), errors);
            Assert.That(errors, Does.Contain("MarketMaker:SpreadBps 'abc' is not a number"));
            Assert.That(errors, Does.Contain("MarketMaker:QuoteSize is not a setting"));
            Assert.That(errors, Does.Contain("MarketMaker:MaxPositon is not a setting; did you mean MaxPosition?"));
            Assert.That(errors, Does.Contain("Kraken:Tier 'Gold' is not one of Unspecified, Starter, Intermediate, Pro"));
            Assert.That(errors, Does.Contain("Inventory:Hedging:Policy must be None, Immediate, Twap, Opportunistic or CrossExchange"));
            Assert.That(errors, Does.Contain("MaxOrderNotional"));
            Assert.That(errors + output, Does.Not.Contain("   at ").And.Not.Contain("Unhandled exception"), "no stack trace");
            Assert.That(output, Does.Not.Contain("Trading up"), "nothing started, no order sent");
        });
    }

    [TestCase("--duration", "-1", "--duration must be more than 0 seconds")]
    [TestCase("--env-file", "no-such.env", "--env-file no-such.env does not exist")]
    [TestCase("--venue", "okx", "--venue 'okx' must be one of kraken, mexc, binance, binance-usdm, bybit, bybit-linear")]
    public async Task ABadFlag_IsAProblem_WithExit2(string flag, string value, string message)
    {
        var (exitCode, output, errors) = await RunAsync(new Dictionary<string, string>(), flag, value);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(errors, Does.Contain(message));
            Assert.That(output, Does.Not.Contain("Trading up").And.Not.Contain("summary"), "nothing started, no summary of a run that did not happen");
        });
    }

    [Test]
    public async Task OnMexcSpot_LiveWithoutItsKeys_OrSimHedgingOnAVenueTheSimHasNot_IsRefusedWithEachProblem()
    {
        var live = await RunAsync(new Dictionary<string, string> { ["KRAKEN_API_KEY"] = "a-kraken-key", ["KRAKEN_API_SECRET"] = "c2VjcmV0" }, "--mode", "live", "--venue", "mexc");
        var sim = await RunAsync(new Dictionary<string, string> { ["Inventory__Hedging__Venue"] = "kraken" }, "--venue", "mexc");

        Assert.Multiple(() =>
        {
            Assert.That(live.ExitCode, Is.EqualTo(2));
            Assert.That(live.Errors, Does.Contain("live mode on MEXC Spot needs MEXC_API_KEY and MEXC_API_SECRET (in the environment or .env)"));
            Assert.That(sim.ExitCode, Is.EqualTo(2));
            Assert.That(sim.Errors, Does.Contain("Inventory:Hedging:Venue 'kraken' does not exist in sim mode: hedge on binance-usdm (the simulated Binance USD-M venue) or the venue quoted (mexc)"));
            Assert.That(live.Output + sim.Output, Does.Not.Contain("Trading up"), "nothing started");
        });
    }

    [Test]
    public async Task LiveHedging_OnAVenueWithoutItsKeys_OrOnNoVenueTheHostTradesOn_IsRefusedWithEachProblem()
    {
        var keys = new Dictionary<string, string> { ["KRAKEN_API_KEY"] = "a-kraken-key", ["KRAKEN_API_SECRET"] = "c2VjcmV0", ["Inventory__Hedging__Symbol"] = "BTCUSDT" };
        var onBybit = await RunAsync(new Dictionary<string, string>(keys) { ["Inventory__Hedging__Venue"] = "bybit-linear" }, "--mode", "live", "--yes");
        var nowhere = await RunAsync(new Dictionary<string, string>(keys) { ["Inventory__Hedging__Venue"] = "okx" }, "--mode", "live", "--yes");

        Assert.Multiple(() =>
        {
            Assert.That(onBybit.ExitCode, Is.EqualTo(2));
            Assert.That(onBybit.Errors, Does.Contain("hedging on Bybit linear in live mode needs BYBIT_API_KEY and BYBIT_API_SECRET (in the environment or .env), or set Inventory__Hedging__Policy=None"));
            Assert.That(nowhere.ExitCode, Is.EqualTo(2));
            Assert.That(nowhere.Errors, Does.Contain("Inventory:Hedging:Venue 'okx' is not available in live mode: hedge on kraken, mexc, binance, binance-usdm, bybit, bybit-linear (the venue quoted among them)"));
            Assert.That(onBybit.Output + nowhere.Output, Does.Not.Contain("Trading up"), "nothing started");
        });
    }

    [Test]
    public async Task LiveOnBinanceUsdm_WithoutItsKeys_OrWithDryRun_OrWithTheStrategyOnAnotherVenue_OrHedgingThereWithoutKeys_IsRefusedWithEachProblem()
    {
        var (exitCode, output, errors) = await RunAsync(
            new Dictionary<string, string> { ["MarketMaker__Venue"] = "kraken", ["KRAKEN_API_KEY"] = "a-kraken-key", ["KRAKEN_API_SECRET"] = "c2VjcmV0" },
            "--mode", "live", "--venue", "binance-usdm", "--dry-run");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(errors, Does.Contain("live mode on Binance USD-M needs BINANCE_API_KEY and BINANCE_API_SECRET"), "Kraken's keys are not Binance's");
            Assert.That(errors, Does.Contain("Binance USD-M has no such flag"));
            Assert.That(errors, Does.Contain("the strategy quotes on 'kraken' but the host connects to 'binance-usdm' (--venue)"));
            Assert.That(output, Does.Not.Contain("LIVE TRADING").And.Not.Contain("Trading up"), "nothing asked, nothing connected");
        });

        var (hedgeExit, _, hedgeErrors) = await RunAsync(
            new Dictionary<string, string> { ["KRAKEN_API_KEY"] = "a-kraken-key", ["KRAKEN_API_SECRET"] = "c2VjcmV0", ["Inventory__Hedging__Venue"] = "binance-usdm" },
            "--mode", "live");
        Assert.Multiple(() =>
        {
            Assert.That(hedgeExit, Is.EqualTo(2));
            Assert.That(hedgeErrors, Does.Contain("hedging on Binance USD-M in live mode needs BINANCE_API_KEY and BINANCE_API_SECRET"), "quoting Kraken, hedging on Binance USD-M");
        });
    }

    [Test]
    public async Task LiveOnBybitLinear_WithoutItsKeys_OrWithDryRun_IsRefusedWithEachProblem()
    {
        var (exitCode, output, errors) = await RunAsync(
            new Dictionary<string, string> { ["KRAKEN_API_KEY"] = "a-kraken-key", ["KRAKEN_API_SECRET"] = "c2VjcmV0", ["Inventory__Hedging__Policy"] = "None" },
            "--mode", "live", "--venue", "bybit-linear", "--dry-run");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(errors, Does.Contain("live mode on Bybit linear needs BYBIT_API_KEY and BYBIT_API_SECRET"), "Kraken's keys are not Bybit's");
            Assert.That(errors, Does.Contain("Bybit has no validate-only order"));
            Assert.That(output, Does.Not.Contain("LIVE TRADING").And.Not.Contain("Trading up"), "nothing asked, nothing connected");
        });
    }

    [Test]
    public async Task LiveOnBinanceSpotOrBybitSpot_WithoutItsKeys_OrWithDryRun_OrInSimWithAnotherFormat_OrABadRateOrWindow_IsRefusedWithEachProblem()
    {
        var krakenKeys = new Dictionary<string, string> { ["KRAKEN_API_KEY"] = "a-kraken-key", ["KRAKEN_API_SECRET"] = "c2VjcmV0", ["Inventory__Hedging__Policy"] = "None" };
        var (exitCode, output, errors) = await RunAsync(krakenKeys, "--mode", "live", "--venue", "binance", "--dry-run");
        var (simExit, _, simErrors) = await RunAsync(new Dictionary<string, string>(), "--venue", "binance", "--format", "kraken-v2");
        var (bybitExit, bybitOutput, bybitErrors) = await RunAsync(krakenKeys, "--mode", "live", "--venue", "bybit", "--dry-run");
        var (rateExit, rateOutput, rateErrors) = await RunAsync(new Dictionary<string, string> { ["BybitSpot__OrderRequestsPerSecond"] = "0" }, "--venue", "bybit");
        var (windowExit, windowOutput, windowErrors) = await RunAsync(new Dictionary<string, string> { ["BybitSpot__DisconnectCancelWindow"] = "00:00:01" }, "--venue", "bybit");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(errors, Does.Contain("live mode on Binance Spot needs BINANCE_API_KEY and BINANCE_API_SECRET"), "Kraken's keys are not Binance's");
            Assert.That(errors, Does.Contain("Binance Spot's order test endpoint books nothing"));
            Assert.That(output, Does.Not.Contain("LIVE TRADING").And.Not.Contain("Trading up"), "nothing asked, nothing connected");
            Assert.That(simExit, Is.EqualTo(2));
            Assert.That(simErrors, Does.Contain("--venue binance replays the bundled Binance spot recordings over its own protocol: --format must be binance, not kraken-v2"));
            Assert.That(bybitExit, Is.EqualTo(2));
            Assert.That(bybitErrors, Does.Contain("live mode on Bybit Spot needs BYBIT_API_KEY and BYBIT_API_SECRET"));
            Assert.That(bybitErrors, Does.Contain("Bybit has no validate-only order"));
            Assert.That(bybitOutput, Does.Not.Contain("LIVE TRADING").And.Not.Contain("Trading up"));
            Assert.That(rateExit, Is.EqualTo(2));
            Assert.That(rateErrors, Does.Contain("OrderRequestsPerSecond").And.Contain("between 1 and 1000000"));
            Assert.That(rateErrors + rateOutput, Does.Not.Contain("   at "), "one message, no stack trace");
            Assert.That(windowExit, Is.EqualTo(2));
            Assert.That(windowErrors, Does.Contain("DisconnectCancelWindow is 0 (unset) or 3 s to 5 min, Bybit's window, not 00:00:01"));
            Assert.That(windowErrors + windowOutput, Does.Not.Contain("   at ").And.Not.Contain("Trading up"), "one message, before anything connects");
        });
    }

    [Test]
    public async Task TheDocumentedSymbolForm_WorksWithTheDefaultHedgeVenue_AndTheSeedIsUsed()
    {
        var (exitCode, output, errors) = await RunAsync(new Dictionary<string, string>(), "--symbol", "BTC/USDT", "--duration", "2", "--seed", "7");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, errors);
            Assert.That(output, Does.Contain("Trading up in sim mode: quoting BTC/USDT on Kraken; hedges on the simulated MEXC Spot venue"));
            Assert.That(output, Does.Contain("speed 6x, seed 7").And.Contain("(seed 7)"), "the seed, in the start line and the summary");
        });
    }

    [Test]
    public async Task AHotReload_IsCheckedAsAStartIs_AnUnknownKeyRejectsIt_AndAValidOneApplies()
    {
        var directory = Directory.CreateTempSubdirectory("mm-reload-").FullName;
        try
        {
            // The working directory's appsettings.json is followed while the host runs (reloadOnChange).
            var settings = Path.Combine(directory, "appsettings.json");
            await File.WriteAllTextAsync(settings, """{ "MarketMaker": { "SpreadBps": 4 } }""");
            using var host = HostProcess.Start(directory, new Dictionary<string, string>(), "--speed", "1", "--duration", "120", "--metrics-port", "-1");
            await MarketMaking.Testing.Eventually.WaitForAsync(() => host.Output.Contains("Trading up", StringComparison.Ordinal) || host.HasExited, "trading up", rounds: 6_000);

            await File.WriteAllTextAsync(settings, """{ "MarketMaker": { "SpreadBps": 6, "MaxPositon": 0.1 } }""");
            await MarketMaking.Testing.Eventually.WaitForAsync(() => host.Output.Contains("was rejected", StringComparison.Ordinal) || host.HasExited, "the reload rejected", rounds: 6_000);
            await File.WriteAllTextAsync(settings, """{ "MarketMaker": { "SpreadBps": 6 } }""");
            await MarketMaking.Testing.Eventually.WaitForAsync(() => host.Output.Contains("MarketMakerConfig changed", StringComparison.Ordinal) || host.HasExited, "the valid reload applied", rounds: 6_000);
            host.Terminate();
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Multiple(() =>
            {
                Assert.That(host.Output, Does.Contain("The new MarketMakerConfig was rejected; the running one stays: MarketMaker:MaxPositon is not a setting; did you mean MaxPosition?"));
                Assert.That(host.Output, Does.Contain("The MarketMakerConfig changed (version 1)"), "only the valid reload counted");
                Assert.That(exitCode, Is.Zero, host.Errors);
                Assert.That(host.Errors + host.Output, Does.Not.Contain("   at "), "no stack trace");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCase("--bogus", null, "market-maker-kraken: Unrecognized command or argument '--bogus'.")]
    [TestCase("--speed", "fast", "market-maker-kraken: Cannot parse argument 'fast' for option '--speed' as a number (invariant culture: 2.5).")]
    public async Task AFlagTheHostDoesNotKnow_OrCannotRead_IsAConfigurationProblem_Exit2(string flag, string? value, string message)
    {
        var (exitCode, output, errors) = await RunAsync([], value is null ? [flag] : [flag, value]);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2), "as every configuration problem (System.CommandLine's own code is 1)");
            Assert.That(errors.Trim().Split('\n'), Is.EqualTo(new[] { message, "Run market-maker-kraken --help for the flags." }));
            Assert.That(output, Does.Not.Contain("Trading up"), "nothing started");
        });
    }

    [TestCase("1e20", "Host:Duration '1E+20 s' is not a duration (hh:mm:ss, such as 00:00:30)")]
    [TestCase("NaN", "Host:Duration 'NaN s' is not a duration (hh:mm:ss, such as 00:00:30)")]
    public async Task ADurationNoTimeSpanHolds_IsRefusedAsASetting_NotAnOverflow(string seconds, string problem)
    {
        var (exitCode, output, errors) = await RunAsync([], "--duration", seconds);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(errors, Does.Contain(problem));
            Assert.That(errors + output, Does.Not.Contain("   at ").And.Not.Contain("Trading up"), "one message, nothing started");
        });
    }

    [Test]
    public async Task OutputsThatCouldNotBeWrittenAtTheEnd_AreRefusedAtTheStart_BeforeAnyTrading()
    {
        // Written only when the run ends: found then, the summary and the report would be lost after the trading.
        var directory = Directory.CreateTempSubdirectory("mm-outputs-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "afile"), "the user's");
            Directory.CreateDirectory(Path.Combine(directory, "adir"));
            using var host = HostProcess.Start(
                directory,
                new Dictionary<string, string> { ["Host__FillsPath"] = "adir", ["Host__LogPath"] = "nope/x.log" },
                "--summary", "afile/s.json", "--report", "afile/r", "--metrics-port", "-1");
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(90));

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(2));
                Assert.That(host.Errors, Does.Contain("market-maker-kraken cannot start; fix these 4 problems:"));
                Assert.That(host.Errors, Does.Contain($"Host:SummaryPath (--summary) afile/s.json: {Path.Combine(directory, "afile")} is a file, not a folder"));
                Assert.That(host.Errors, Does.Contain($"Host:ReportPath (--report) afile/r: {Path.Combine(directory, "afile")} is a file, not a folder"));
                Assert.That(host.Errors, Does.Contain("Host:FillsPath adir: is a folder, not a file"));
                Assert.That(host.Errors, Does.Contain($"Host:LogPath nope/x.log: its folder {Path.Combine(directory, "nope")} does not exist"));
                Assert.That(host.Errors + host.Output, Does.Not.Contain("   at "), "no stack trace");
                Assert.That(host.Output, Does.Not.Contain("Trading up"), "nothing started");
                Assert.That(File.ReadAllText(Path.Combine(directory, "afile")), Is.EqualTo("the user's"));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    internal static async Task<(int ExitCode, string Output, string Errors)> RunAsync(Dictionary<string, string> environment, params string[] arguments)
    {
        var directory = Directory.CreateTempSubdirectory("mm-bad-").FullName;
        try
        {
            using var host = HostProcess.Start(directory, environment, [.. arguments, "--metrics-port", "-1"]);
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(90));
            return (exitCode, host.Output, host.Errors);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
