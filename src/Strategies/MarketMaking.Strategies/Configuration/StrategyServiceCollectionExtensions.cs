using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Strategies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers strategies: the bundled market maker, and a user's own <see cref="IStrategy"/>.</summary>
public static class StrategyServiceCollectionExtensions
{
    /// <summary>
    /// Registers the market-making strategy with its settings bound from the <c>MarketMaker</c> section and validated at
    /// start (<see cref="MarketMakerConfigValidator"/>). When the section's providers reload (a JSON file added with
    /// <c>reloadOnChange: true</c>), the new settings are validated and, when valid, take effect at the next refresh.
    /// </summary>
    /// <param name="services">The services (with the OMS, see <c>AddOms</c>).</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddMarketMaking(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(MarketMakerConfig.SectionName);
        services.AddOptions<MarketMakerConfig>().Configure(config => MarketMakerConfig.BindTo(section, config));
        return AddMarketMakingCore(services, section);
    }

    /// <summary>Registers the market-making strategy with settings set in code, validated at start.</summary>
    /// <param name="services">The services (with the OMS, see <c>AddOms</c>).</param>
    /// <param name="configure">Sets the settings.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddMarketMaking(this IServiceCollection services, Action<MarketMakerConfig> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MarketMakerConfig>().Configure(configure);
        return AddMarketMakingCore(services, null);
    }

    /// <summary>
    /// Registers the Avellaneda-Stoikov strategy with its settings bound from the <c>AvellanedaStoikov</c> section,
    /// validated at start and followed on reload like <see cref="AddMarketMaking(IServiceCollection, IConfiguration)"/>.
    /// </summary>
    /// <param name="services">The services (with the OMS, see <c>AddOms</c>).</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddAvellanedaStoikov(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(AvellanedaStoikovConfig.SectionName);
        services.AddOptions<AvellanedaStoikovConfig>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AvellanedaStoikovConfig>, AvellanedaStoikovConfigValidator>());
        services.TryAddSingleton(provider =>
        {
            var config = new ReloadableConfig<AvellanedaStoikovConfig>(
                provider.GetRequiredService<IOptions<AvellanedaStoikovConfig>>().Value,
                AvellanedaStoikovConfigValidator.Validate,
                AvellanedaStoikovConfigValidator.ValidateChange,
                provider.GetService<ILogger<AvellanedaStoikovStrategy>>());
            config.Watch(section, s => s.Get<AvellanedaStoikovConfig>() ?? new AvellanedaStoikovConfig());
            return config;
        });
        return services.AddStrategy<AvellanedaStoikovStrategy>();
    }

    /// <summary>Registers a strategy of the user's own, built by the container (its constructor may take any registered service).</summary>
    /// <typeparam name="TStrategy">The strategy type.</typeparam>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddStrategy<TStrategy>(this IServiceCollection services)
        where TStrategy : class, IStrategy
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<TStrategy>();
        services.AddSingleton<IStrategy>(provider => provider.GetRequiredService<TStrategy>());
        return AddStrategies(services);
    }

    /// <summary>Registers a strategy built by a factory.</summary>
    /// <param name="services">The services.</param>
    /// <param name="factory">Builds the strategy.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddStrategy(this IServiceCollection services, Func<IServiceProvider, IStrategy> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        services.AddSingleton(factory);
        return AddStrategies(services);
    }

    /// <summary>
    /// Registers what runs strategies: the <see cref="BookKeeper"/> and the <see cref="StrategyEngine"/>, which puts the
    /// books, the OMS, every registered <see cref="IEngineHandler"/> and every <see cref="IStrategy"/> on the engine loop.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddStrategies(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BookKeeper>();
        services.TryAddSingleton(provider => new StrategyEngine(
            provider.GetRequiredService<EngineLoop>(),
            provider.GetRequiredService<BookKeeper>(),
            provider.GetRequiredService<OrderManager>(),
            provider.GetServices<IStrategy>(),
            provider.GetServices<IEngineHandler>(),
            provider.GetServices<IOrderGate>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>(),
            provider.GetService<IPortfolio>()));
        return services;
    }

    private static IServiceCollection AddMarketMakingCore(IServiceCollection services, IConfigurationSection? section)
    {
        services.AddOptions<MarketMakerConfig>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MarketMakerConfig>, MarketMakerConfigValidator>());
        services.TryAddSingleton(provider =>
        {
            var config = new ReloadableConfig<MarketMakerConfig>(
                provider.GetRequiredService<IOptions<MarketMakerConfig>>().Value,
                MarketMakerConfigValidator.Validate,
                MarketMakerConfigValidator.ValidateChange,
                provider.GetService<ILogger<MarketMakingStrategy>>());
            if (section is not null)
            {
                config.Watch(section, MarketMakerConfig.FromConfiguration);
            }

            return config;
        });
        return services.AddStrategy<MarketMakingStrategy>();
    }
}
