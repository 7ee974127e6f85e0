using MarketMaker.Kraken.Configuration;
using MarketMaker.Kraken.Control;
using MarketMaker.Kraken.Dashboard;
using MarketMaker.Kraken.Monitoring;
using MarketMaker.Kraken.Reporting;
using MarketMaker.Kraken.Simulation;
using MarketMaker.Kraken.StrategyHosting;
using MarketMaker.Kraken.Trading;
using MarketMaker.Kraken.Trading.Venues;
using MarketMaking.Adapters.Binance;
using MarketMaking.Adapters.Bybit;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Adapters.Mexc;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Risk;
using MarketMaking.Simulation.Reporting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Serilog;

namespace MarketMaker.Kraken;

/// <summary>Composes the host from the libraries' <c>AddXxx</c> methods and the host's own services.</summary>
internal static class HostComposition
{
    /// <summary>Builds the host (not started).</summary>
    /// <param name="configuration">The configuration (files, .env, environment, flags).</param>
    /// <param name="run">The mode and, in sim mode, the simulated markets.</param>
    /// <param name="options">The host's settings.</param>
    /// <param name="strategy">The strategy run.</param>
    /// <param name="dashboard">Whether the terminal dashboard replaces the console log.</param>
    /// <param name="token">The control endpoint's operator token, or <see langword="null"/> without the endpoint (the trial build).</param>
    /// <returns>The host.</returns>
    public static WebApplication Build(IConfiguration configuration, RunContext run, RunOptions options, StrategyChoice strategy, bool dashboard, ControlToken? token = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));

        // A start that fails is told in one line by HostRunner; the generic host would log it again with its stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        if (dashboard)
        {
            // The dashboard has the terminal: a console line would draw over it. Every line goes to the log file, which
            // the dashboard names, with a count of the warnings and errors.
            var warnings = new WarningCounter();
            builder.Services.AddSingleton(warnings);
            builder.Logging.AddProvider(warnings);
            // As a plain provider, so that the Logging section's levels filter it as they filter the console.
            builder.Logging.AddProvider(new Serilog.Extensions.Logging.SerilogLoggerProvider(
                new LoggerConfiguration().MinimumLevel.Verbose()
                    .WriteTo.File(Path.GetFullPath(options.LogPath), outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u4} {SourceContext}: {Message:lj}{NewLine}{Exception}")
                    .CreateLogger(),
                dispose: true));
        }
        else
        {
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            });
        }

        builder.WebHost.UseUrls($"http://127.0.0.1:{Math.Max(options.MetricsPort, 0)}");
        var services = builder.Services;
        // The shutdown cancels for up to ShutdownTimeout, then asks the venues for up to twice as long (VenueSweep).
        services.Configure<Microsoft.Extensions.Hosting.HostOptions>(host => host.ShutdownTimeout = (options.ShutdownTimeout * 3) + TimeSpan.FromSeconds(10));
        services.AddOptions<RunOptions>().Bind(configuration.GetSection(RunOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(run);

        // Metrics first, so that the meter provider listens before any order is sent.
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OmsMetrics.MeterName, HostMetrics.MeterName)
            .AddPrometheusExporter());

        // Kraken's clients are registered whichever venue is quoted (the dashboard reads its connection), and connect only when quoted.
        services.AddKrakenSpot(configuration);
        var hedging = HedgingChoice.From(configuration);
        services.AddSingleton(hedging);
        // Live, the hedge venue may be any venue the host trades on but the one quoted, each through its own adapter
        // instance trading the hedge symbol; in sim mode it is the simulated one (SimulatedMarkets).
        var liveHedge = !run.IsSim && hedging.IsOn && !string.Equals(hedging.Venue, options.Venue, StringComparison.Ordinal) ? hedging.Venue : null;
        bool Trades(string venue) => options.Venue == venue || liveHedge == venue;
        if (Trades(BinanceVenue.UsdMId.Value))
        {
            services.AddOptions<BinanceUsdmSettings>()
                .Bind(configuration.GetSection(BinanceUsdmSettings.SectionName))
                .PostConfigure(binance =>
                {
                    binance.ApiKey ??= configuration["BINANCE_API_KEY"];
                    binance.ApiSecret ??= configuration["BINANCE_API_SECRET"];
                    binance.PrivateKey ??= configuration["BINANCE_PRIVATE_KEY"];
                })
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }

        if (Trades(BinanceVenue.SpotId.Value))
        {
            services.AddOptions<BinanceSpotSettings>()
                .Bind(configuration.GetSection(BinanceSpotSettings.SectionName))
                .PostConfigure(binance =>
                {
                    binance.ApiKey ??= configuration["BINANCE_API_KEY"];
                    binance.ApiSecret ??= configuration["BINANCE_API_SECRET"];
                    binance.PrivateKey ??= configuration["BINANCE_PRIVATE_KEY"];
                })
                .ValidateOnStart();
        }

        if (Trades(BybitVenue.SpotId.Value))
        {
            services.AddOptions<BybitSpotSettings>()
                .Bind(configuration.GetSection(BybitSpotSettings.SectionName))
                .PostConfigure(bybit =>
                {
                    bybit.ApiKey ??= configuration["BYBIT_API_KEY"];
                    bybit.ApiSecret ??= configuration["BYBIT_API_SECRET"];
                })
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }

        if (Trades(BybitVenue.LinearId.Value))
        {
            services.AddOptions<BybitLinearSettings>()
                .Bind(configuration.GetSection(BybitLinearSettings.SectionName))
                .PostConfigure(bybit =>
                {
                    bybit.ApiKey ??= configuration["BYBIT_API_KEY"];
                    bybit.ApiSecret ??= configuration["BYBIT_API_SECRET"];
                })
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }

        if (Trades(MexcVenue.SpotId.Value))
        {
            // The adapter, with the symbols traded among those its open-order reads cover (read from the settings, not
            // from the strategy: the trial build checks options without building the strategy).
            services.AddMexcSpot(configuration);
            var traded = options.QuotesMexcSpot ? strategy.Symbols(configuration, options) : [hedging.Symbol];
            services.PostConfigure<MexcSpotOptions>(mexc =>
            {
                foreach (var symbol in traded.Where(s => !mexc.Symbols.Contains(s)))
                {
                    mexc.Symbols.Add(symbol);
                }
            });
        }

        services.AddSingleton(provider => VenueNamed(provider, options.Venue, provider.GetRequiredService<QuotedStrategy>().Instruments));
        if (liveHedge is not null)
        {
            services.AddKeyedSingleton(ITradingVenue.HedgeKey, (provider, _) => VenueNamed(provider, liveHedge, [InstrumentId.Create(hedging.Symbol)]));
        }

        services.AddOms(configuration);
        services.AddInventory(configuration);
        services.AddRisk(configuration);
        strategy.Register(services, configuration, options);

        // In-loop handlers run in this order after the OMS: inventory, kill switch (above), then these.
        services.AddSingleton<VenueConnections>();
        services.AddSingleton<IEngineHandler>(provider => provider.GetRequiredService<VenueConnections>());
        services.AddSingleton<IEngineHandler>(provider => ReconcilerOf(provider, provider.GetRequiredService<ITradingVenue>()));
        if (liveHedge is not null)
        {
            services.AddSingleton<IEngineHandler>(provider => ReconcilerOf(provider, provider.GetRequiredKeyedService<ITradingVenue>(ITradingVenue.HedgeKey)));
        }

        // Last of the in-loop handlers: each fill as inventory has taken it, with the mid, for the summary and the CSV.
        services.AddSingleton<FillRecorder>();
        services.AddSingleton<IEngineHandler>(provider => provider.GetRequiredService<FillRecorder>());
        if (options.ReportPath is not null)
        {
            // The report's markouts and per-second samples of the quoted venue, as a backtest's.
            services.AddSingleton<MarkoutRecorder>();
            services.AddSingleton<IEngineHandler>(provider => provider.GetRequiredService<MarkoutRecorder>());
            services.AddSingleton(provider =>
            {
                var quoted = provider.GetRequiredService<QuotedStrategy>();
                return new EquityRecorder(
                    provider.GetRequiredService<OrderManager>(), provider.GetRequiredService<BookKeeper>(), provider.GetRequiredService<MarketMaking.Inventory.InventoryManager>(),
                    provider.GetRequiredService<TimeProvider>(), quoted.Venue, quoted.Instrument, AssetId.Create(quoted.Instrument.Value.Split('/')[0]));
            });
            services.AddSingleton<IEngineHandler>(provider => provider.GetRequiredService<EquityRecorder>());
        }

        services.AddSingleton<VenueLabels>();
        services.AddSingleton<HostMetrics>();

        // Hosted services stop in the reverse order: the reporter last, after trading has canceled everything.
        services.AddSingleton<RunReporter>();
        services.AddHostedService(provider => provider.GetRequiredService<RunReporter>());
        services.AddSingleton<TradingService>();
        services.AddHostedService(provider => provider.GetRequiredService<TradingService>());
        if (run.Markets is { } markets)
        {
            services.AddSingleton(markets);
            services.AddSingleton<ReplayDriver>();
            services.AddHostedService(provider => provider.GetRequiredService<ReplayDriver>());
        }

        services.AddSingleton<RunMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<RunMonitor>());
        if (options.Duration is { } duration)
        {
            services.AddHostedService(provider => new DurationLimit(duration, provider.GetRequiredService<TradingService>(), provider.GetRequiredService<IHostApplicationLifetime>(), provider.GetRequiredService<TimeProvider>()));
        }

        if (dashboard)
        {
            services.AddHostedService<TerminalDashboard>();
        }

        var app = builder.Build();
        if (options.MetricsPort >= 0)
        {
            app.MapPrometheusScrapingEndpoint("/metrics");
            app.MapGet("/health", (TradingService trading, VenueConnections connections, TradingControl control) => HealthOf(trading, connections, control));
            if (token is not null)
            {
                ControlEndpoint.Map(app, token);
            }
        }

        return app;
    }

    /// <summary>A venue the host trades on, by its id, trading the symbols given (its order entry, queries and streams).</summary>
    private static ITradingVenue VenueNamed(IServiceProvider provider, string venue, IReadOnlyList<InstrumentId> symbols) => venue switch
    {
        "mexc" => ActivatorUtilities.CreateInstance<MexcSpotTradingVenue>(provider),
        "binance-usdm" => new BinanceUsdmTradingVenue(
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<BinanceUsdmSettings>>().Value,
            symbols,
            provider.GetRequiredService<IVenueEventSink>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>()),
        "binance" => new BinanceSpotTradingVenue(
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<BinanceSpotSettings>>().Value,
            symbols,
            provider.GetRequiredService<IVenueEventSink>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>()),
        "bybit" => new BybitSpotTradingVenue(
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<BybitSpotSettings>>().Value,
            symbols,
            provider.GetRequiredService<IVenueEventSink>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>()),
        "bybit-linear" => new BybitLinearTradingVenue(
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<BybitLinearSettings>>().Value,
            symbols,
            provider.GetRequiredService<IVenueEventSink>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>()),
        _ => ActivatorUtilities.CreateInstance<KrakenTradingVenue>(provider),
    };

    /// <summary>The venue reconciled whenever the connection that carries our order updates comes back (Kraken's private socket, MEXC's and Binance's user streams).</summary>
    private static ReconcileOnReconnect ReconcilerOf(IServiceProvider provider, ITradingVenue venue)
    {
        var orders = provider.GetRequiredService<OrderManager>();
        return new ReconcileOnReconnect(venue.Id, venue.Queries, new Reconciler(orders), orders, venue.OrderUpdatesConnection) { Logger = provider.GetRequiredService<ILogger<ReconcileOnReconnect>>() };
    }

    /// <summary>200 only while trading is up and active with every connection connected; else 503 and why.</summary>
    private static IResult HealthOf(TradingService trading, VenueConnections connections, TradingControl control)
    {
        var down = connections.States().Where(c => c.State != MarketMaking.Models.ConnectionState.Connected).Select(c => $"{c.Venue} {c.Connection} connection {c.State}").ToArray();
        var problem = !trading.Ready.IsCompletedSuccessfully ? "starting: the venues are not connected and subscribed yet"
            : down.Length > 0 ? string.Join("; ", down)
            : control.State != TradingState.Active ? $"trading {control.State}: {control.Reason}"
            : null;
        return problem is null
            ? Results.Text("Healthy: trading active, every connection up\n")
            : Results.Text($"Unhealthy: {problem}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
