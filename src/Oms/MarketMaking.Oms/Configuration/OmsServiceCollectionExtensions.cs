using MarketMaking.Models;
using MarketMaking.Oms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the OMS: the engine loop (and its <see cref="IVenueEventSink"/> for adapters), the journal and the order manager.</summary>
public static class OmsServiceCollectionExtensions
{
    /// <summary>Registers the OMS with options bound from the <c>Oms</c> section, validated at start.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddOms(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OmsOptions>().Bind(configuration.GetSection(OmsOptions.SectionName));
        return AddOmsCore(services);
    }

    /// <summary>Registers the OMS with options set in code, validated at start.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddOms(this IServiceCollection services, Action<OmsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<OmsOptions>().Configure(configure);
        return AddOmsCore(services);
    }

    private static IServiceCollection AddOmsCore(IServiceCollection services)
    {
        services.AddOptions<OmsOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OmsOptions>, OmsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<OmsOptions>>().Value;
            return new EngineLoop(options.LoopCapacity, provider.GetService<ILogger<EngineLoop>>(), options.LoopCpu);
        });
        services.TryAddSingleton<IVenueEventSink>(provider => provider.GetRequiredService<EngineLoop>().Sink);
        services.TryAddSingleton<BookKeeper>();
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<OmsOptions>>().Value;
            var timeProvider = provider.GetRequiredService<TimeProvider>();
            var journal = options.JournalPath is { Length: > 0 } path ? OrderJournal.Open(path, options.DurableJournal, options.JournalWriterThread, options.JournalWriterCpu, provider.GetService<ILogger<OrderJournal>>(), options.ExclusiveJournal, options.JournalCommitPerBurst, options.CrashSafeJournal) : null;

            // Rebuild from the journal first, so that new client order ids continue after the last one used.
            var history = journal?.Read().ToList() ?? [];
            // A session tag later than every one journaled, so that ids stay unique even if a crash lost the last intents.
            var intents = history.Where(e => e.Kind == "intent").ToList();
            var lastCounter = intents.Select(e => e.Counter).DefaultIfEmpty(0).Max();
            var lastSession = intents.Select(e => ClientOrderIdGenerator.SessionOf(ClientOrderId.Create(e.ClientOrderId!)) ?? 0).DefaultIfEmpty(0).Max();
            var manager = new OrderManager(
                provider.GetRequiredService<EngineLoop>().Sink,
                timeProvider,
                new ClientOrderIdGenerator(Math.Max(timeProvider.GetUtcNow().ToUnixTimeSeconds(), lastSession + 1), lastCounter),
                provider.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
                provider.GetService<ILogger<OrderManager>>(),
                journal,
                options.IntentDurableBeforeSend);
            manager.Restore(history);
            return manager;
        });

        // The seam the kernel's other stages (risk, inventory) send and read orders through.
        services.TryAddSingleton<IOrderCommands>(provider => provider.GetRequiredService<OrderManager>());
        return services;
    }
}
