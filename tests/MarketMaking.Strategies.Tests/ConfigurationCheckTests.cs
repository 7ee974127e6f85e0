using MarketMaking.Strategies.Configuration;
using Microsoft.Extensions.Configuration;

namespace MarketMaking.Strategies.Tests;

/// <summary><see cref="ConfigurationCheck"/>: every unknown key and unreadable value of the sections given, listed together.</summary>
public sealed class ConfigurationCheckTests
{
    private static readonly Dictionary<string, Type> s_sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [MarketMakerConfig.SectionName] = typeof(MarketMakerConfig),
        ["Risk:Limits"] = typeof(MarketMaking.Risk.RiskLimits),
    };

    [Test]
    public void EveryProblemOfEverySection_IsListed_AndTheUnreadableKeysReturned()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MarketMaker:SpreadBps"] = "2.5",
            ["MarketMaker:SpredBps"] = "5",
            ["MarketMaker:InventoryMode"] = "Sideways",
            ["MarketMaker:Symbols:0"] = "BTC/USDT",
            ["MarketMaker:RefreshInterval"] = "soon",
            ["Risk:Limit:MaxPosition"] = "1",
            ["Risk:Limits:MaxOrderNotional"] = "lots",
            ["Host:Anything"] = "not checked: no section of the list",
        }).Build();
        var problems = new List<string>();

        var unreadable = ConfigurationCheck.Check(configuration, s_sections, problems);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.EquivalentTo(new[]
            {
                "Risk:Limit is not a setting; did you mean Limits?",
                "MarketMaker:SpredBps is not a setting; did you mean SpreadBps?",
                "MarketMaker:InventoryMode 'Sideways' is not one of Unspecified, MeanReverting, TrendFollowing",
                "MarketMaker:RefreshInterval 'soon' is not a duration (hh:mm:ss, such as 00:00:30)",
                "Risk:Limits:MaxOrderNotional 'lots' is not a number (invariant culture: 2.5)",
            }));
            Assert.That(unreadable, Is.EquivalentTo(new[] { "MarketMaker:InventoryMode", "MarketMaker:RefreshInterval", "Risk:Limits:MaxOrderNotional" }));
        });
    }

    [Test]
    public void SectionsWithoutProblems_GiveNone_AndProblemsInChecksOneSection_AsAHotReloadDoes()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MarketMaker:SpreadBps"] = "2.5",
            ["MarketMaker:OrdersPerSide"] = "3",
            ["Risk:Limits:MaxPosition"] = "0.05",
            ["Reloaded:SpreadBps"] = "wide",
            ["Reloaded:OrdersPerSde"] = "3",
        }).Build();
        var problems = new List<string>();

        Assert.Multiple(() =>
        {
            Assert.That(ConfigurationCheck.Check(configuration, s_sections, problems), Is.Empty);
            Assert.That(problems, Is.Empty);
            Assert.That(ConfigurationCheck.ProblemsIn(configuration.GetSection("MarketMaker"), typeof(MarketMakerConfig)), Is.Empty);
            Assert.That(
                ConfigurationCheck.ProblemsIn(configuration.GetSection("Reloaded"), typeof(MarketMakerConfig)),
                Is.EqualTo(new[] { "Reloaded:OrdersPerSde is not a setting; did you mean OrdersPerSide?", "Reloaded:SpreadBps 'wide' is not a number (invariant culture: 2.5)" }));
            Assert.Throws<ArgumentException>(() => ConfigurationCheck.ProblemsIn(configuration, typeof(MarketMakerConfig)), "the root is not a section");
        });
    }
}
