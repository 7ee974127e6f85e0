using MarketMaking.Inventory;
using MarketMaking.Oms;
using MarketMaking.Risk;
using MarketMaking.Strategies;
using MarketMaking.Strategies.Configuration;
using MarketMaking.Strategies.Hosting;
using Microsoft.Extensions.Configuration;

namespace MarketMaking.Cli.Backtesting;

/// <summary>
/// The settings a backtest binds, checked before the run as the host checks its own: an unknown key (a misspelled
/// <c>--set MarketMaker:SpredBps=5</c> would otherwise run on the default, and a sweep over it rank identical runs) and
/// a value its setting cannot take (the binder would throw mid-composition), every problem listed.
/// </summary>
internal static class BacktestSettingsCheck
{
    /// <summary>The sections the backtest's kernel binds, by path, and the type each binds to.</summary>
    private static readonly Dictionary<string, Type> s_sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [MarketMakerConfig.SectionName] = typeof(MarketMakerConfig),
        [AvellanedaStoikovConfig.SectionName] = typeof(AvellanedaStoikovConfig),
        [OmsOptions.SectionName] = typeof(OmsOptions),
        ["Risk:Limits"] = typeof(RiskLimits),
        ["Risk:KillSwitch"] = typeof(KillSwitchOptions),
        ["Inventory:Limits"] = typeof(PositionLimits),
        ["Inventory:Hedging"] = typeof(HedgeOptions),
    };

    /// <summary>The top-level sections a backtest reads: a <c>--set</c> elsewhere changes nothing (a <c>--config</c> in the host's shape may hold others).</summary>
    private static readonly string[] s_read = [MarketMakerConfig.SectionName, AvellanedaStoikovConfig.SectionName, OmsOptions.SectionName, "Risk", "Inventory", StrategyArguments.SectionName];

    /// <summary>Lists the problems of the settings: each <c>--set</c> outside the sections read, each unknown key, each unreadable value.</summary>
    /// <param name="configuration">The file's settings with the <c>--set</c> ones over them.</param>
    /// <param name="overrides">The <c>--set</c> keys.</param>
    /// <returns>The problems; empty when none.</returns>
    public static List<string> Problems(IConfiguration configuration, IEnumerable<string> overrides)
    {
        var problems = new List<string>();
        foreach (var key in overrides)
        {
            var root = key.Split(':')[0];
            if (!s_read.Contains(root, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"--set {key}: {SettingDescriptions.Unknown(root, root, s_read).Replace("is not a setting", "is not a section a backtest reads", StringComparison.Ordinal)}");
            }
        }

        ConfigurationCheck.Check(configuration, s_sections, problems);
        return problems;
    }
}
