using MarketMaking.Adapters.Kraken;
using MarketMaking.Adapters.Mexc;
using MarketMaking.Inventory;
using MarketMaking.Oms;
using MarketMaking.Risk;
using MarketMaking.Strategies;
using MarketMaking.Strategies.Configuration;
using Microsoft.Extensions.Configuration;

namespace MarketMaker.Kraken.Configuration;

/// <summary>
/// The host's sections and the settings types they bind to, checked by <see cref="ConfigurationCheck"/> before anything
/// is bound: every unknown key and every value its setting cannot take, listed together.
/// </summary>
internal static class SettingsCheck
{
    /// <summary>The sections the host binds, by path, and the type each binds to.</summary>
    private static readonly Dictionary<string, Type> s_sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [RunOptions.SectionName] = typeof(RunOptions),
        [MarketMakerConfig.SectionName] = typeof(MarketMakerConfig),
        [AvellanedaStoikovConfig.SectionName] = typeof(AvellanedaStoikovConfig),
        [OmsOptions.SectionName] = typeof(OmsOptions),
        [KrakenOptions.SectionName] = typeof(KrakenOptions),
        [MexcSpotOptions.SectionName] = typeof(MexcSpotOptions),
        [MexcFuturesOptions.SectionName] = typeof(MexcFuturesOptions),
        [BinanceSpotSettings.SectionName] = typeof(BinanceSpotSettings),
        [BinanceUsdmSettings.SectionName] = typeof(BinanceUsdmSettings),
        [BybitSpotSettings.SectionName] = typeof(BybitSpotSettings),
        [BybitLinearSettings.SectionName] = typeof(BybitLinearSettings),
        ["Risk:Limits"] = typeof(RiskLimits),
        ["Risk:KillSwitch"] = typeof(KillSwitchOptions),
        ["Inventory:Limits"] = typeof(PositionLimits),
        ["Inventory:Hedging"] = typeof(HedgeOptions),
    };

    /// <summary>Adds a problem for each unknown key and each value its setting cannot take.</summary>
    /// <param name="configuration">The whole configuration.</param>
    /// <param name="problems">Receives each problem.</param>
    /// <returns>The keys whose values cannot be read (the binders would throw on them); empty when all can.</returns>
    public static IReadOnlyList<string> Check(IConfiguration configuration, List<string> problems) =>
        ConfigurationCheck.Check(configuration, s_sections, problems);
}
