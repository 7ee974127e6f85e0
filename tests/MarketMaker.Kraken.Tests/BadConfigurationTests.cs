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
}
