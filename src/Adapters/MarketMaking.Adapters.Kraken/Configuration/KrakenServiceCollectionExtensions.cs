using MarketMaking.Adapters;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Kraken Spot adapter.</summary>
public static class KrakenServiceCollectionExtensions
{
    /// <summary>The name of the pooled <see cref="HttpClient"/> the adapter uses, and the key of its keyed services.</summary>
    public const string ServiceKey = "kraken";

    /// <summary>
    /// Registers the Kraken Spot adapter (<see cref="KrakenSpotRestClient"/> as keyed <see cref="ISpotRest"/>, and
    /// <see cref="KrakenSpotWsClient"/> as keyed <see cref="ISpotWs"/>, which needs an <see cref="IVenueEventSink"/>
    /// registered by the host) with options bound from the <c>Kraken</c> section; <c>KRAKEN_API_KEY</c> and
    /// <c>KRAKEN_API_SECRET</c> (environment or <c>.env</c>) fill the credentials when the section has none.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddKrakenSpot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<KrakenOptions>().Bind(configuration.GetSection(KrakenOptions.SectionName)).PostConfigure(options =>
        {
            options.ApiKey ??= configuration["KRAKEN_API_KEY"];
            options.ApiSecret ??= configuration["KRAKEN_API_SECRET"];
        });
        return AddKrakenSpotCore(services);
    }

    /// <summary>Registers the Kraken Spot adapter with options set in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddKrakenSpot(this IServiceCollection services, Action<KrakenOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<KrakenOptions>().Configure(configure);
        return AddKrakenSpotCore(services);
    }

    private static IServiceCollection AddKrakenSpotCore(IServiceCollection services)
    {
        services.AddOptions<KrakenOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KrakenOptions>, KrakenOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // Pooled connections, recycled so that DNS changes are picked up.
        services.AddHttpClient(ServiceKey)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.TryAddSingleton(provider => new KrakenSpotRestClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(ServiceKey),
            provider.GetRequiredService<IOptions<KrakenOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<KrakenSpotRestClient>>()));
        services.TryAddKeyedSingleton<ISpotRest>(ServiceKey, (provider, _) => provider.GetRequiredService<KrakenSpotRestClient>());

        // The WebSocket client posts to the engine loop's IVenueEventSink, which the host registers.
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<KrakenOptions>>().Value;
            return new KrakenSpotWsClient(
                options,
                provider.GetRequiredService<IVenueEventSink>(),
                provider.GetRequiredService<TimeProvider>(),
                options.HasCredentials ? provider.GetRequiredService<KrakenSpotRestClient>() : null,
                provider.GetService<ILoggerFactory>());
        });
        services.TryAddKeyedSingleton<ISpotWs>(ServiceKey, (provider, _) => provider.GetRequiredService<KrakenSpotWsClient>());
        return services;
    }
}
