using MarketMaker.Kraken.Configuration;
using MarketMaker.Kraken.Control;
using MarketMaker.Kraken.Monitoring;
using MarketMaker.Kraken.Simulation;
using MarketMaker.Kraken.StrategyHosting;
using MarketMaker.Kraken.Trading;
using MarketMaking.Simulation.Accounts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketMaker.Kraken;

/// <summary>
/// Runs the host: builds the configuration (appsettings.json, .env, environment, flags), finds every startup problem
/// before anything connects, starts the simulated markets in sim mode, then runs the host until the recording ends,
/// <c>--duration</c> passes, or SIGINT/SIGTERM.
/// </summary>
internal static class HostRunner
{
    /// <summary>Exit code: the run ended normally.</summary>
    public const int Ok = 0;

    /// <summary>Exit code: the configuration has problems; nothing was started.</summary>
    public const int BadConfiguration = 2;

    /// <summary>Exit code: the stack could not start (a venue refused, an unknown symbol).</summary>
    public const int StartFailed = 3;

    /// <summary>Exit code: the run ended, but an order of ours may still rest at a venue (named in the summary).</summary>
    public const int OrdersMayRest = 4;

    /// <summary>Exit code: live mode was not confirmed at the terminal; nothing connected.</summary>
    public const int NotConfirmed = 5;

    /// <summary>Runs the host.</summary>
    /// <param name="flags">The command line's settings, as configuration keys.</param>
    /// <param name="envFile">The <c>.env</c> file named by <c>--env-file</c> (it must exist), or <see langword="null"/> for <c>.env</c> in the working directory, if there is one.</param>
    /// <param name="terminal">The operator's terminal, when the input is one (live mode asks it for confirmation), else <see langword="null"/>.</param>
    /// <param name="assumeYes">Whether live mode starts without asking (<c>--yes</c>).</param>
    /// <param name="output">Standard output.</param>
    /// <param name="errors">Standard error.</param>
    /// <param name="cancellationToken">SIGINT/SIGTERM.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> flags, string? envFile, TextReader? terminal, bool assumeYes, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (envFile is not null && !File.Exists(envFile))
        {
            problems.Add($"--env-file {envFile} does not exist");
        }

        var configuration = BuildConfiguration(flags, envFile ?? ".env", problems);

        // Unknown keys and unreadable values first: the binders below would stop at the first, or say nothing. The
        // unreadable ones are then read as unset, so that the checks below still find every other problem.
        var unreadable = SettingsCheck.Check(configuration, problems);
        configuration = WithoutValues(configuration, unreadable);
        RunOptions options;
        try
        {
            options = configuration.GetSection(RunOptions.SectionName).Get<RunOptions>() ?? new RunOptions();
        }
        catch (InvalidOperationException exception)
        {
            problems.Add(exception.Message + (exception.InnerException is { } inner ? " " + inner.Message : string.Empty));
            options = new RunOptions();
        }

        var mode = StartupProblems.ModeOf(options);
        configuration = WithServedSymbol(configuration, flags, options);
        var strategy = StrategyChoice.Resolve(options, problems);
        StartupProblems.CheckMode(configuration, options, mode, strategy, problems);
        StartupProblems.CheckMetricsPort(options, problems);
        StartupProblems.CheckOutputs(options, problems);
        if (problems.Count == 0)
        {
            configuration = WithJournal(configuration, options, mode, problems);
        }

        if (strategy is not null)
        {
            var trial = HostComposition.Build(configuration, new RunContext(mode, null, options.Format), options, strategy, dashboard: false);
            await using (trial.ConfigureAwait(false))
            {
                StartupProblems.CheckOptions(trial.Services, problems);
                StrategyChoice.Check(trial.Services, problems);
            }
        }

        if (problems.Count > 0 || strategy is null)
        {
            return Refuse(errors, WithoutEchoes(problems, unreadable));
        }

        if (mode == "live")
        {
            LiveConfirmation.WriteBanner(configuration, options, strategy, output);
            if (terminal is not null && !assumeYes && !LiveConfirmation.Ask(terminal, output))
            {
                errors.WriteLine("market-maker-kraken: live trading not confirmed; nothing was connected or sent.");
                return NotConfirmed;
            }
        }

        SimulatedMarkets? markets = null;
        if (mode == "sim")
        {
            markets = await SimulatedMarkets.StartAsync(SimSettingsOf(options), problems).ConfigureAwait(false);
            if (markets is null)
            {
                return Refuse(errors, problems);
            }

            configuration = WithSimulator(configuration, markets);
            output.WriteLine($"sim mode: quoting {options.QuotedSymbol} on the {markets.Quoted.Description} at {markets.Quoted.RestBaseUrl} replaying {markets.Settings.DataDescription}, fees {markets.Settings.Fees}; hedge venue: a simulated {markets.Hedge.Name} replaying {markets.Settings.HedgeDataDescription}, fees {markets.Hedge.Fees}; strategy {strategy.Name}; speed {options.Speed}x, seed {options.Seed}");
        }

        if (markets is not null && SpreadBelowFees(configuration, strategy, markets.Settings.Fees) is { } warning)
        {
            output.WriteLine(warning);
        }

        await using var stopMarkets = (markets as IAsyncDisposable ?? new NothingToDispose()).ConfigureAwait(false);
        var dashboard = options.Dashboard && !Console.IsOutputRedirected && Environment.UserInteractive;
        var token = options.MetricsPort >= 0 ? ControlToken.Create(options.StateDirectory) : null;
        var app = HostComposition.Build(configuration, new RunContext(mode, markets, options.Format), options, strategy, dashboard, token);
        await using var disposeApp = app.ConfigureAwait(false);

        // The host's instruments exist before anything trades (the trial build above leaves them out: resolving them
        // reads options, which would throw on the first invalid one instead of listing them all).
        app.Services.GetRequiredService<HostMetrics>();
        var trading = app.Services.GetRequiredService<TradingService>();
        bool stoppedWhileStarting;
        try
        {
            stoppedWhileStarting = await HostRun.RunAsync(app, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException exception)
        {
            errors.WriteLine($"market-maker-kraken could not start: {exception.Message}");
            return StartFailedOrResting(trading, errors);
        }
        catch (IOException exception) when (exception.InnerException is System.Net.Sockets.SocketException || trading.StartedAt is null)
        {
            // The metrics port taken between the check and the bind. The web server starts after the trading service, which
            // has been stopped (its sweep run) by now.
            errors.WriteLine($"market-maker-kraken could not start: {exception.Message} (Host:MetricsPort {options.MetricsPort}: choose another with --metrics-port, 0 for any free port, or -1 to turn /metrics off)");
            return StartFailedOrResting(trading, errors);
        }

        if (stoppedWhileStarting && trading.StartedAt is null)
        {
            errors.WriteLine("market-maker-kraken stopped (SIGINT/SIGTERM) before trading started.");
            return StartFailedOrResting(trading, errors);
        }

        if (trading.MayHaveOrdersResting)
        {
            errors.WriteLine("market-maker-kraken stopped, but orders of ours may still rest at a venue: see the summary (STILL RESTING AT EXIT) and check the venue.");
            return OrdersMayRest;
        }

        return Ok;
    }

    /// <summary>A start that failed once the loop ran has been brought down like a stop: if its sweep could not confirm the venues flat, that is what the exit code says.</summary>
    private static int StartFailedOrResting(TradingService trading, TextWriter errors)
    {
        if (!trading.MayHaveOrdersResting)
        {
            return StartFailed;
        }

        errors.WriteLine("Orders of ours may still rest at a venue: see the \"Shutdown: still resting\" lines above and check the venue.");
        return OrdersMayRest;
    }

    /// <summary>A warning when the bundled strategy's narrowest spread earns less than the maker fees of the round trip it quotes for.</summary>
    private static string? SpreadBelowFees(IConfiguration configuration, StrategyChoice strategy, FeeSchedule fees)
    {
        var roundTripBps = (double)fees.MakerRate * 2 * 10_000;
        return strategy.NarrowestSpread(configuration) is var (key, spreadBps) && spreadBps < roundTripBps
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"warning: {key} {spreadBps} is below the round trip's maker fees ({roundTripBps:0.##} bps at {fees.Name}): a bid and an ask both filled lose money before any price move; widen the spread or choose the fees with --fees")
            : null;
    }

    private sealed class NothingToDispose : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static int Refuse(TextWriter errors, IReadOnlyList<string> problems)
    {
        errors.WriteLine($"market-maker-kraken cannot start; fix {(problems.Count == 1 ? "this" : $"these {problems.Count} problems")}:");
        foreach (var problem in problems)
        {
            errors.WriteLine($"  - {problem}");
        }

        return BadConfiguration;
    }

    private static IConfiguration BuildConfiguration(IReadOnlyDictionary<string, string?> flags, string envFile, List<string> problems)
    {
        // Later sources win: files, then .env, then the environment, then the command line. The venue quoted may be set
        // by any of them; its profile (appsettings.VENUE.json: the strategy's venue, symbol and sizes there) goes right
        // after the bundled defaults, so that everything the user sets still wins over it.
        var dotEnv = DotEnvFile.Read(envFile, problems).ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => p.Value);
        var first = Build(null);
        var venue = first[$"{RunOptions.SectionName}:{nameof(RunOptions.Venue)}"];

        // Its file watchers are not needed: the configuration used is built again below.
        (first as IDisposable)?.Dispose();
        var profile = venue is { Length: > 0 } && venue.All(c => char.IsAsciiLetterLower(c) || c == '-')
            ? Path.Combine(AppContext.BaseDirectory, $"appsettings.{venue}.json")
            : null;
        return Build(profile is not null && File.Exists(profile) ? profile : null);

        IConfigurationRoot Build(string? venueProfile)
        {
            var builder = new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false, reloadOnChange: true);
            if (venueProfile is not null)
            {
                builder.AddJsonFile(venueProfile, optional: false, reloadOnChange: false);
            }

            return builder
                .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true, reloadOnChange: true)
                .AddInMemoryCollection(dotEnv)
                .AddEnvironmentVariables()
                .AddInMemoryCollection(flags)
                .Build();
        }
    }

    /// <summary>Points the OMS at its journal, checked readable before anything connects.</summary>
    private static IConfiguration WithJournal(IConfiguration configuration, RunOptions options, string mode, List<string> problems)
    {
        string? path;
        try
        {
            path = JournalLocation.Resolve(configuration, options, mode);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problems.Add($"Host:StateDirectory '{options.StateDirectory}' cannot be used: {exception.Message}");
            return configuration;
        }

        if (path is not null && JournalCheck.Problem(path) is { } problem)
        {
            // Not opened by the trial composition either: the start stops with this message.
            problems.Add(problem);
            path = null;
        }

        return new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Oms:JournalPath"] = path ?? string.Empty })
            .Build();
    }

    /// <summary>Drops what the later checks said about a value already reported unreadable (read as unset, it fails them too).</summary>
    private static List<string> WithoutEchoes(List<string> problems, IReadOnlyList<string> unreadable)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        return [.. problems.Where(problem =>
        {
            var about = unreadable.FirstOrDefault(key => problem.Contains(key[(key.LastIndexOf(':') + 1)..], StringComparison.OrdinalIgnoreCase)
                && problem.StartsWith(key[..key.IndexOf(':')], StringComparison.OrdinalIgnoreCase));
            return about is null || reported.Add(about);
        })];
    }

    private static IConfiguration WithoutValues(IConfiguration configuration, IReadOnlyList<string> keys) =>
        keys.Count == 0
            ? configuration
            : new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(keys.Select(k => new KeyValuePair<string, string?>(k, null))).Build();

    /// <summary>
    /// <c>--symbol</c> names the instrument the recordings are served as (<c>BTC/USDT</c>): it is the one quoted, and the
    /// one hedged, in the hedge venue's own naming (MEXC: <c>BTCUSDT</c>).
    /// </summary>
    private static IConfiguration WithServedSymbol(IConfiguration configuration, IReadOnlyDictionary<string, string?> flags, RunOptions options)
    {
        if (!flags.TryGetValue("Host:Symbol", out var served) || served is null)
        {
            return configuration;
        }

        var hedgeVenue = HedgingChoice.From(configuration).Venue;
        var quoted = options.QuotedSymbol;
        return new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["MarketMaker:Symbols:0"] = quoted,
                ["AvellanedaStoikov:Symbol"] = quoted,
                ["Inventory:Hedging:Symbol"] = options.NamedOn(hedgeVenue),
            })
            .Build();
    }

    private static IConfiguration WithSimulator(IConfiguration configuration, SimulatedMarkets markets) =>
        new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(markets.Quoted.AdapterSettings)
            .Build();

    private static SimSettings SimSettingsOf(RunOptions options)
    {
        var samples = Path.Combine(AppContext.BaseDirectory, "data", "hftbacktest-binance-2024-08");
        return new SimSettings(
            options.Data.Length > 0 ? options.Data : [Path.Combine(samples, options.QuotesPerpetuals ? "usdm_btcusdt_20240808.gz" : "spot_btcusdt_20240808.gz")],
            options.HedgeData.Length > 0 ? options.HedgeData : [Path.Combine(samples, options.QuotesPerpetuals ? "spot_btcusdt_20240808.gz" : "usdm_btcusdt_20240808.gz")],
            options.Format,
            options.Symbol,
            options.PricePrecision,
            options.QuantityPrecision,
            options.HedgePricePrecision,
            options.HedgeQuantityPrecision,
            options.Speed,
            options.Seed,
            FeeSchedules.Named(options.Fees) ?? new FeeSchedule(),
            options.Venue);
    }
}
