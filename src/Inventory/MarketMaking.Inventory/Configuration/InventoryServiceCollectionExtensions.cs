using MarketMaking.Inventory;
using MarketMaking.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the inventory stage: positions, limits and the configured hedging policy.</summary>
public static class InventoryServiceCollectionExtensions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Inventory";

    /// <summary>
    /// Registers the <see cref="InventoryManager"/> (also as the <see cref="IPortfolio"/> risk reads, and as an engine
    /// handler after the OMS) with limits from <c>Inventory:Limits</c> and the hedging policy from
    /// <c>Inventory:Hedging</c>, validated at start. Needs the OMS (<c>AddOms</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddInventory(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PositionLimits>().Bind(configuration.GetSection($"{SectionName}:Limits")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HedgeOptions>().Bind(configuration.GetSection($"{SectionName}:Hedging")).ValidateDataAnnotations()
            .Validate(ValidPolicy, "Inventory:Hedging:Policy must be None, Immediate, Twap, Opportunistic or CrossExchange (with Primary set)").ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
        {
            var hedging = provider.GetRequiredService<IOptions<HedgeOptions>>().Value;
            return new InventoryManager(
                provider.GetRequiredService<IOrderCommands>(),
                HedgingPolicyFactory.Create(hedging),
                provider.GetRequiredService<IOptions<PositionLimits>>().Value,
                provider.GetRequiredService<BookKeeper>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<IVenueEventSink>(),
                hedging);
        });
        services.TryAddSingleton<IPortfolio>(provider => provider.GetRequiredService<InventoryManager>());
        services.AddSingleton<IEngineHandler>(provider => provider.GetRequiredService<InventoryManager>());
        return services;
    }

    private static bool ValidPolicy(HedgeOptions options)
    {
        try
        {
            HedgingPolicyFactory.Create(options);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
