using MarketMaking.Models;
using MarketMaking.Risk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the risk stage: the trading state, the pre-trade gate and the kill switch.</summary>
public static class RiskServiceCollectionExtensions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Risk";

    /// <summary>
    /// Registers the risk stage with its limits from <c>Risk:Limits</c> and its kill switch from <c>Risk:KillSwitch</c>,
    /// validated at start. Needs the OMS (<c>AddOms</c>) and an <see cref="IPortfolio"/> (<c>AddInventory</c>). The
    /// gate is added to the OMS and the kill switch put on the engine loop when the strategy engine starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddRisk(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RiskLimits>().Bind(configuration.GetSection($"{SectionName}:Limits")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KillSwitchOptions>().Bind(configuration.GetSection($"{SectionName}:KillSwitch")).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TradingControl>();
        services.TryAddSingleton(provider => new RiskGate(
            provider.GetRequiredService<IOptions<RiskLimits>>().Value,
            provider.GetRequiredService<TradingControl>(),
            provider.GetRequiredService<BookKeeper>(),
            provider.GetRequiredService<IPortfolio>(),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IOrderGate>(provider => provider.GetRequiredService<RiskGate>());
        services.TryAddSingleton(provider => new KillSwitch(
            provider.GetRequiredService<IOptions<KillSwitchOptions>>().Value,
            provider.GetRequiredService<TradingControl>(),
            provider.GetRequiredService<IOrderCommands>(),
            provider.GetRequiredService<BookKeeper>(),
            provider.GetRequiredService<IPortfolio>(),
            provider.GetRequiredService<IVenueEventSink>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<KillSwitch>>()));
        services.AddSingleton<IEngineHandler>(provider => provider.GetRequiredService<KillSwitch>());
        return services;
    }
}
