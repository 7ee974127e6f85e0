using MarketMaker.Kraken.Simulation;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Simulation.Recordings;
using MarketMaker.Kraken.StrategyHosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace MarketMaker.Kraken.Configuration;

/// <summary>
/// Everything that stops the host from starting, found before anything connects or trades, so that one message lists
/// every problem: the <c>.env</c> file's malformed lines, the mode's rules, and every option that fails its validation.
/// </summary>
internal static class StartupProblems
{
    /// <summary>Resolves the mode: the one asked for (<c>--mode</c> or <c>Host:Mode</c>), else <c>sim</c>, whatever keys are set.</summary>
    public static string ModeOf(RunOptions options) =>
        options.Mode?.Trim().ToLowerInvariant() is { Length: > 0 } mode ? mode : "sim";

    /// <summary>Checks the mode's rules.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="options">The host's settings.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="strategy">The strategy run, or <see langword="null"/> when it could not be resolved.</param>
    /// <param name="problems">Receives each problem.</param>
    public static void CheckMode(IConfiguration configuration, RunOptions options, string mode, StrategyChoice? strategy, List<string> problems)
    {
        if (options.Duration is { } duration && duration <= TimeSpan.Zero)
        {
            problems.Add($"--duration must be more than 0 seconds (Host:Duration is {duration.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s)");
        }

        var symbols = strategy?.Symbols(configuration, options) ?? [];
        var hedging = HedgingChoice.From(configuration);
        CheckVenue(configuration, options, mode, strategy, problems);
        switch (mode)
        {
            case "sim":
                if (!RecordingSources.FormatNames.Contains(options.Format))
                {
                    problems.Add($"Host:Format '{options.Format}' is not one of {string.Join(", ", RecordingSources.FormatNames)}");
                }

                if (MarketMaking.Simulation.Accounts.FeeSchedules.Named(options.Fees) is null)
                {
                    var prefix = options.QuotesBinanceUsdm || options.QuotesBinanceSpot ? "binance" : options.QuotesBybitLinear || options.QuotesBybitSpot ? "bybit" : options.QuotesMexcSpot ? "mexc" : "kraken";
                    problems.Add($"Host:Fees '{options.Fees}' is not one of {string.Join(", ", MarketMaking.Simulation.Accounts.FeeSchedules.Names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))}");
                }

                if (options.Symbol.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
                {
                    problems.Add($"--symbol '{options.Symbol}' must be BASE/QUOTE, such as BTC/USDT");
                }

                foreach (var symbol in symbols.Where(s => !string.Equals(s, options.QuotedSymbol, StringComparison.Ordinal)))
                {
                    problems.Add($"{strategy!.SymbolsKey} names {symbol}, which the simulator does not serve (it serves {options.QuotedSymbol}; set --symbol for other recordings)");
                }

                var simulatedHedge = SimulatedHedgeVenue.For(options.Venue);
                if (hedging.IsOn && hedging.Venue == simulatedHedge.Id.Value && !string.Equals(hedging.Symbol, options.NamedOn(simulatedHedge.Id.Value), StringComparison.Ordinal))
                {
                    problems.Add($"Inventory:Hedging:Symbol '{hedging.Symbol}' is not what the simulated {simulatedHedge.Name} venue serves ({options.NamedOn(simulatedHedge.Id.Value)}, its name of {options.Symbol})");
                }
                else if (hedging.IsOn && hedging.Venue != simulatedHedge.Id.Value && !string.Equals(hedging.Venue, options.Venue, StringComparison.Ordinal))
                {
                    problems.Add($"Inventory:Hedging:Venue '{hedging.Venue}' does not exist in sim mode: hedge on {simulatedHedge.Id} (the simulated {simulatedHedge.Name} venue) or the venue quoted ({options.Venue})");
                }

                break;
            case "live":
                if (s_liveVenues.TryGetValue(options.Venue, out var quoted) && !quoted.HasKeys(configuration))
                {
                    problems.Add(options.Venue == "kraken"
                        ? "live mode needs KRAKEN_API_KEY and KRAKEN_API_SECRET (in the environment or .env)"
                        : $"live mode on {quoted.Name} needs {quoted.KeyVariables} (in the environment or .env)");
                }

                if ((options.QuotesBinanceUsdm || options.QuotesBinanceSpot || (hedging.IsOn && hedging.Venue is "binance" or "binance-usdm")) && BinancePrivateKeyProblem(configuration) is { } keyProblem)
                {
                    problems.Add(keyProblem);
                }

                if (options.QuotesBinanceUsdm && options.DryRun)
                {
                    problems.Add("--dry-run validates orders with Kraken's validate flag; Binance USD-M has no such flag (its order test endpoint books nothing and sends no update), so it is not offered there");
                }
                else if (options.QuotesBinanceSpot && options.DryRun)
                {
                    problems.Add("--dry-run validates orders with Kraken's validate flag; Binance Spot's order test endpoint books nothing and sends no update, so it is not offered there");
                }
                else if ((options.QuotesBybitLinear || options.QuotesBybitSpot) && options.DryRun)
                {
                    problems.Add("--dry-run validates orders with Kraken's validate flag; Bybit has no validate-only order, so it is not offered there");
                }

                if (hedging.IsOn && !string.Equals(hedging.Venue, options.Venue, StringComparison.Ordinal))
                {
                    if (!s_liveVenues.TryGetValue(hedging.Venue, out var hedge))
                    {
                        problems.Add($"Inventory:Hedging:Venue '{hedging.Venue}' is not available in live mode: hedge on {string.Join(", ", s_liveVenues.Keys)} (the venue quoted among them), or set Inventory__Hedging__Policy=None");
                    }
                    else if (!hedge.HasKeys(configuration))
                    {
                        problems.Add($"hedging on {hedge.Name} in live mode needs {hedge.KeyVariables} (in the environment or .env), or set Inventory__Hedging__Policy=None");
                    }
                }

                break;
            default:
                problems.Add($"--mode '{mode}' must be sim or live");
                break;
        }
    }

    /// <summary>Checks that the metrics port is free on loopback (taken, the web server would fail after trading started).</summary>
    /// <param name="options">The host's settings.</param>
    /// <param name="problems">Receives the problem.</param>
    public static void CheckMetricsPort(RunOptions options, List<string> problems)
    {
        if (options.MetricsPort <= 0)
        {
            return;
        }

        try
        {
            using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, options.MetricsPort);
            probe.Start();
        }
        catch (System.Net.Sockets.SocketException exception)
        {
            problems.Add($"Host:MetricsPort {options.MetricsPort} cannot be used on 127.0.0.1 ({exception.SocketErrorCode}): choose another with --metrics-port N, 0 for any free port, or -1 to turn /metrics and /health off");
        }
    }

    /// <summary>
    /// Checks that the files written at the end of the run can be written: a summary, fills or log path whose folder is
    /// missing or that is a folder, or a report folder where a file stands, would fail after the trading, losing them.
    /// </summary>
    /// <param name="options">The host's settings.</param>
    /// <param name="problems">Receives each problem.</param>
    public static void CheckOutputs(RunOptions options, List<string> problems)
    {
        foreach (var (key, path) in new[] { ("Host:SummaryPath (--summary)", options.SummaryPath), ("Host:FillsPath", options.FillsPath), ("Host:LogPath", options.LogPath) })
        {
            if (!string.IsNullOrWhiteSpace(path) && FileProblem(path) is { } problem)
            {
                problems.Add($"{key} {path}: {problem}");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ReportPath) && FolderProblem(options.ReportPath) is { } reportProblem)
        {
            problems.Add($"Host:ReportPath (--report) {options.ReportPath}: {reportProblem}");
        }
    }

    private static string? FileProblem(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return "is a folder, not a file";
        }

        var folder = Path.GetDirectoryName(full);
        return folder is null || Directory.Exists(folder) ? null
            : File.Exists(folder) ? $"{folder} is a file, not a folder"
            : $"its folder {folder} does not exist";
    }

    /// <summary>A folder the report makes with its parents: only a file in the way stops it.</summary>
    private static string? FolderProblem(string path)
    {
        for (var at = Path.GetFullPath(path); at is not null; at = Path.GetDirectoryName(at))
        {
            if (File.Exists(at))
            {
                return $"{at} is a file, not a folder";
            }

            if (Directory.Exists(at))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Runs every registered options validation and collects the failures.</summary>
    /// <param name="services">The built services (nothing started).</param>
    /// <param name="problems">Receives each failure.</param>
    public static void CheckOptions(IServiceProvider services, List<string> problems)
    {
        try
        {
            ((IStartupValidator)services.GetService(typeof(IStartupValidator))!).Validate();
        }
        catch (OptionsValidationException exception)
        {
            problems.AddRange(exception.Failures);
        }
        catch (InvalidOperationException exception)
        {
            // A value the binder cannot convert, such as text for a number; its message names the key.
            problems.Add(exception.Message + (exception.InnerException is { } inner ? " " + inner.Message : string.Empty));
        }
        catch (AggregateException exception)
        {
            problems.AddRange(exception.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures));
            problems.AddRange(exception.InnerExceptions.Where(e => e is not OptionsValidationException).Select(e => e.Message));
        }
    }

    /// <summary>The venue quoted, and what quoting there needs of the strategy's settings.</summary>
    private static void CheckVenue(IConfiguration configuration, RunOptions options, string mode, StrategyChoice? strategy, List<string> problems)
    {
        if (!s_liveVenues.ContainsKey(options.Venue))
        {
            problems.Add($"--venue '{options.Venue}' must be one of {string.Join(", ", s_liveVenues.Keys)}");
            return;
        }

        var strategyVenue = strategy?.Name switch
        {
            StrategyChoice.MarketMaker => configuration["MarketMaker:Venue"] ?? "kraken",
            StrategyChoice.AvellanedaStoikov => configuration["AvellanedaStoikov:Venue"] ?? "kraken",
            _ => options.Venue,
        };
        if (!string.Equals(strategyVenue, options.Venue, StringComparison.Ordinal))
        {
            problems.Add($"the strategy quotes on '{strategyVenue}' but the host connects to '{options.Venue}' (--venue): set them alike");
        }

        var primary = configuration["Inventory:Hedging:Primary"];
        if (HedgingChoice.From(configuration).IsOn && primary is not null && !string.Equals(primary, options.Venue, StringComparison.Ordinal))
        {
            problems.Add($"Inventory:Hedging:Primary '{primary}' is not the venue quoted ('{options.Venue}'): the hedger hedges the position taken there");
        }

        if (options.Venue != "kraken" && mode == "sim" && options.Format != "binance")
        {
            problems.Add($"--venue {options.Venue} replays the bundled Binance {(options.QuotesPerpetuals ? "USD-M" : "spot")} recordings over its own protocol: --format must be binance, not {options.Format}");
        }
    }

    /// <summary>Each venue the host trades on, quoted or hedging: its name in messages, the variables of its key, and whether they are set.</summary>
    private static readonly Dictionary<string, (string Name, string KeyVariables, Func<IConfiguration, bool> HasKeys)> s_liveVenues = new(StringComparer.Ordinal)
    {
        ["kraken"] = ("Kraken", "KRAKEN_API_KEY and KRAKEN_API_SECRET", HasKeys),
        ["mexc"] = ("MEXC Spot", "MEXC_API_KEY and MEXC_API_SECRET", HasMexcKeys),
        ["binance"] = ("Binance Spot", "BINANCE_API_KEY and BINANCE_API_SECRET (or BINANCE_PRIVATE_KEY, an Ed25519 key)", HasBinanceKeys),
        ["binance-usdm"] = ("Binance USD-M", "BINANCE_API_KEY and BINANCE_API_SECRET (or BINANCE_PRIVATE_KEY, an Ed25519 key)", HasBinanceKeys),
        ["bybit"] = ("Bybit Spot", "BYBIT_API_KEY and BYBIT_API_SECRET", HasBybitKeys),
        ["bybit-linear"] = ("Bybit linear", "BYBIT_API_KEY and BYBIT_API_SECRET", HasBybitKeys),
    };

    /// <summary>Why <c>BINANCE_PRIVATE_KEY</c>, when set, cannot sign (never with the key in the text), or <see langword="null"/>.</summary>
    private static string? BinancePrivateKeyProblem(IConfiguration configuration)
    {
        var settings = new BinanceUsdmSettings { PrivateKey = BinancePrivateKey(configuration) };
        if (settings.PrivateKeyPem is not { } pem)
        {
            return null;
        }

        try
        {
            MarketMaking.Adapters.Binance.BinanceEd25519Signer.FromPem(pem);
            return null;
        }
        catch (FormatException exception)
        {
            return $"BINANCE_PRIVATE_KEY is not an Ed25519 private key (the PKCS#8 PEM Binance's key generator writes, or its base64 body on one line): {exception.Message}";
        }
    }

    private static bool HasBybitKeys(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["BYBIT_API_KEY"] ?? configuration["BybitLinear:ApiKey"] ?? configuration["BybitSpot:ApiKey"])
        && !string.IsNullOrWhiteSpace(configuration["BYBIT_API_SECRET"] ?? configuration["BybitLinear:ApiSecret"] ?? configuration["BybitSpot:ApiSecret"]);

    private static bool HasBinanceKeys(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["BINANCE_API_KEY"] ?? configuration["BinanceUsdm:ApiKey"] ?? configuration["BinanceSpot:ApiKey"])
        && (!string.IsNullOrWhiteSpace(configuration["BINANCE_API_SECRET"] ?? configuration["BinanceUsdm:ApiSecret"] ?? configuration["BinanceSpot:ApiSecret"])
            || !string.IsNullOrWhiteSpace(BinancePrivateKey(configuration)));

    private static string? BinancePrivateKey(IConfiguration configuration) =>
        configuration["BINANCE_PRIVATE_KEY"] ?? configuration["BinanceUsdm:PrivateKey"] ?? configuration["BinanceSpot:PrivateKey"];

    private static bool HasMexcKeys(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["MEXC_API_KEY"] ?? configuration["MexcSpot:ApiKey"])
        && !string.IsNullOrWhiteSpace(configuration["MEXC_API_SECRET"] ?? configuration["MexcSpot:ApiSecret"]);

    private static bool HasKeys(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["KRAKEN_API_KEY"] ?? configuration["Kraken:ApiKey"])
        && !string.IsNullOrWhiteSpace(configuration["KRAKEN_API_SECRET"] ?? configuration["Kraken:ApiSecret"]);
}
