using MarketMaking.Adapters;
using MarketMaking.Adapters.Mexc;
using MarketMaking.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the MEXC Spot and MEXC Futures adapters.</summary>
public static class MexcServiceCollectionExtensions
{
    /// <summary>The name of the spot adapter's pooled <see cref="HttpClient"/>, and the key of its keyed services.</summary>
    public const string SpotServiceKey = "mexc";

    /// <summary>The name of the futures adapter's pooled <see cref="HttpClient"/>, and the key of its keyed services.</summary>
    public const string FuturesServiceKey = "mexc-futures";

    /// <summary>
    /// Registers the MEXC Spot adapter (<see cref="MexcSpotRestClient"/> as keyed <see cref="ISpotRest"/>, and
    /// <see cref="MexcSpotWsClient"/> as keyed <see cref="ISpotWs"/>, which needs an <see cref="IVenueEventSink"/> registered
    /// by the host) with options bound from the <c>MexcSpot</c> section; <c>MEXC_API_KEY</c> and <c>MEXC_API_SECRET</c>
    /// (environment or <c>.env</c>) fill the credentials when the section has none.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddMexcSpot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MexcSpotOptions>().Bind(configuration.GetSection(MexcSpotOptions.SectionName)).PostConfigure(options =>
        {
            options.ApiKey ??= configuration["MEXC_API_KEY"];
            options.ApiSecret ??= configuration["MEXC_API_SECRET"];
        });
        return AddMexcSpotCore(services);
    }

    /// <summary>Registers the MEXC Spot adapter with options set in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddMexcSpot(this IServiceCollection services, Action<MexcSpotOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MexcSpotOptions>().Configure(configure);
        return AddMexcSpotCore(services);
    }

    /// <summary>
    /// Registers the MEXC Futures adapter (<see cref="MexcFuturesRestClient"/> and <see cref="MexcFuturesWsClient"/>, keyed
    /// <c>mexc-futures</c>) with options bound from the <c>MexcFutures</c> section; <c>MEXC_API_KEY</c> and
    /// <c>MEXC_API_SECRET</c> fill the credentials when the section has none. Order entry stays off unless
    /// <see cref="MexcFuturesOptions.EnableOrderEntry"/> is set.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddMexcFutures(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MexcFuturesOptions>().Bind(configuration.GetSection(MexcFuturesOptions.SectionName)).PostConfigure(options =>
        {
            options.ApiKey ??= configuration["MEXC_API_KEY"];
            options.ApiSecret ??= configuration["MEXC_API_SECRET"];
        });
        services.AddOptions<MexcFuturesOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MexcFuturesOptions>, MexcFuturesOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(FuturesServiceKey)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.TryAddSingleton(provider => new MexcFuturesRestClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(FuturesServiceKey),
            provider.GetRequiredService<IOptions<MexcFuturesOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<MexcFuturesRestClient>>()));
        services.TryAddSingleton(provider => new MexcFuturesWsClient(
            provider.GetRequiredService<IOptions<MexcFuturesOptions>>().Value,
            provider.GetRequiredService<IVenueEventSink>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>()));
        return services;
    }

    private static IServiceCollection AddMexcSpotCore(IServiceCollection services)
    {
        services.AddOptions<MexcSpotOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MexcSpotOptions>, MexcSpotOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // Pooled connections, recycled so that DNS changes are picked up.
        services.AddHttpClient(SpotServiceKey)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.TryAddSingleton(provider => new MexcSpotRestClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(SpotServiceKey),
            provider.GetRequiredService<IOptions<MexcSpotOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<MexcSpotRestClient>>()));
        services.TryAddKeyedSingleton<ISpotRest>(SpotServiceKey, (provider, _) => provider.GetRequiredService<MexcSpotRestClient>());

        // The WebSocket client posts to the engine loop's IVenueEventSink, which the host registers.
        services.TryAddSingleton(provider => new MexcSpotWsClient(
            provider.GetRequiredService<IOptions<MexcSpotOptions>>().Value,
            provider.GetRequiredService<IVenueEventSink>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<MexcSpotRestClient>(),
            provider.GetService<ILoggerFactory>()));
        services.TryAddKeyedSingleton<ISpotWs>(SpotServiceKey, (provider, _) => provider.GetRequiredService<MexcSpotWsClient>());
        return services;
    }
}
