using System.CommandLine;
using System.Globalization;
using MarketMaking.Cli.Backtesting;
using MarketMaking.Models;
using MarketMaking.Simulation.Accounts;
using MarketMaking.Simulation.Backtesting;
using MarketMaking.Simulation.Latency;
using MarketMaking.Simulation.Matching;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Reporting;
using MarketMaking.Simulation.Reporting.Html;
using MarketMaking.Simulation.Venue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarketMaking.Cli.Commands;

/// <summary>
/// <c>mm backtest</c>: the market maker, risk, inventory with its hedging, and the OMS with its journal on the
/// deterministic kernel and a simulated clock, against in-process simulated venues replaying recordings, as fast as the
/// machine allows (<see cref="BacktestEngine"/>). Writes the report: <c>report.html</c>, <c>stats.json</c>, <c>fills.csv</c>, <c>orders.csv</c>,
/// <c>equity.csv</c>, and the OMS's <c>journal.db</c>.
/// </summary>
/// <remarks>Exit codes: 0 done; 1 a recording had unreadable lines or files (each printed with its file and line, the
/// run still done on the rest); 2 bad arguments or settings (nothing run).</remarks>
internal static class BacktestCommand
{
    private static readonly (AssetId Base, AssetId Quote) s_btcUsdt = (AssetId.Create("BTC"), AssetId.Create("USDT"));

    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "Settings in the host's shape (MarketMaker, Inventory and Risk sections, JSON); the host's defaults when left out." };
        var input = new Option<string[]>("--input") { Description = "A recording the quoted venue replays; repeat for several. Default: the bundled Binance spot BTCUSDT minutes." };
        var hedgeInput = new Option<string[]>("--hedge-input") { Description = "A recording the hedge venue (Inventory:Hedging:Venue) replays. Default: the bundled Binance USD-M BTCUSDT minutes." };
        var format = new Option<string>("--format") { Description = "Recording format of both: binance, kraken-v2, kraken-v1, tardis, or mmev (binary event files of mm convert).", DefaultValueFactory = _ => "binance" };
        format.AcceptOnlyFromAmong([.. RecordingSources.FormatNames, "tardis", "mmev"]);
        var output = new Option<string>("--output") { Description = "Folder for the report: report.html, stats.json, fills.csv, orders.csv, equity.csv and journal.db (files of an earlier run there are replaced).", DefaultValueFactory = _ => "backtest" };
        var seed = new Option<int>("--seed") { Description = "Seed of the quoted venue's random draws (the hedge venue's is seed + 31).", DefaultValueFactory = _ => 1 };
        var strategy = new Option<string?>("--strategy") { Description = "The strategy: market-maker (the default; settings in MarketMaker), avellaneda-stoikov (settings in AvellanedaStoikov; it quotes MarketMaker:Venue's instrument only if its own Venue and Symbol name it), or an IStrategy class of --strategy-assembly." };
        var strategyAssembly = new Option<string?>("--strategy-assembly") { Description = "A built .dll holding your own IStrategy, as the host takes it: its constructor's settings in StrategySettings, quoting Host:Symbol (BTC/USDT by default) on kraken." };
        var fees = new Option<string>("--fees") { Description = $"The quoted venue's fee schedule: {string.Join(", ", FeeSchedules.Names)}.", DefaultValueFactory = _ => "kraken-spot-10m" };
        fees.AcceptOnlyFromAmong([.. FeeSchedules.Names]);
        var makerFee = new Option<decimal?>("--maker-fee-bps") { Description = "The quoted venue's maker fee in bps of notional, over the schedule's; negative for a rebate (-0.5: 0.5 bps paid to us on each maker fill)." };
        var takerFee = new Option<decimal?>("--taker-fee-bps") { Description = "The quoted venue's taker fee in bps of notional, over the schedule's." };
        var set = new Option<string[]>("--set") { Description = "A setting over the file's, as KEY=VALUE with sections joined by ':' (MarketMaker:SpreadBps=12); repeat for several." };
        var orderLatency = new Option<string>("--order-latency") { Description = "The quoted venue's order entry latency, from sending to the matching engine: 5ms, or 5ms+2ms for 5 to 7 ms drawn uniformly.", DefaultValueFactory = _ => "1ms+1ms" };
        var responseLatency = new Option<string>("--response-latency") { Description = "The quoted venue's response latency, from the matching engine to our answers and order events, in the same form.", DefaultValueFactory = _ => "1ms+1ms" };
        var orderLatencyFile = new Option<string?>("--order-latency-file") { Description = $"Measured round trips (CSV: {RecordedOrderLatency.Header}, ns since the Unix epoch) the quoted venue's two legs are interpolated from, instead of --order-latency and --response-latency." };
        var noPartialFills = new Option<bool>("--no-partial-fills") { Description = "A trade that reaches our resting order fills it whole, whatever its size (hftbacktest's no-partial-fill exchange); by default only what the trade had left past the queue ahead." };
        var from = new Option<string?>("--from") { Description = $"When the run starts: {TimeArgument.Form}. The events before it build the venues' books unseen. Default: the first event." };
        var to = new Option<string?>("--to") { Description = $"When the run stops replaying, in the same forms. Default: the end of the recordings." };
        var feedLatency = new Option<string>("--feed-latency") { Description = "recorded: the venues act on each recorded event at the exchange's time, the strategy sees it at its receive time; none: both at the receive time.", DefaultValueFactory = _ => "recorded" };
        feedLatency.AcceptOnlyFromAmong("recorded", "none");
        var queueModel = new Option<string>("--queue-model")
        {
            Description = "How a resting order's queue position moves when its level shrinks without a trade: risk-averse, power:N (power:1 the default, a cancellation as likely at any displayed unit), or log.",
            DefaultValueFactory = _ => "power:1",
        };

        var command = new Command("backtest", "Run a strategy (the market maker by default) with the kernel, risk and inventory on recorded data against simulated venues, on simulated time, and write the report.")
        {
            config, set, input, hedgeInput, format, output, seed, queueModel, fees, makerFee, takerFee, orderLatency, responseLatency, orderLatencyFile, feedLatency, noPartialFills, from, to, strategy, strategyAssembly,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            new Settings(
                parseResult.GetValue(config),
                parseResult.GetValue(input) ?? [],
                parseResult.GetValue(hedgeInput) ?? [],
                RecordingSources.ParseFormat(parseResult.GetValue(format)!),
                parseResult.GetValue(output)!,
                parseResult.GetValue(seed),
                parseResult.GetValue(queueModel)!,
                parseResult.GetValue(fees)!,
                parseResult.GetValue(strategy),
                parseResult.GetValue(set) ?? [])
            {
                MakerFeeBps = parseResult.GetValue(makerFee),
                TakerFeeBps = parseResult.GetValue(takerFee),
                OrderLatency = parseResult.GetValue(orderLatency)!,
                ResponseLatency = parseResult.GetValue(responseLatency)!,
                OrderLatencyFile = parseResult.GetValue(orderLatencyFile),
                FeedLatency = parseResult.GetValue(feedLatency) == "none" ? FeedLatency.None : FeedLatency.Recorded,
                StrategyAssembly = parseResult.GetValue(strategyAssembly),
                From = parseResult.GetValue(from),
                PartialFills = !parseResult.GetValue(noPartialFills),
                To = parseResult.GetValue(to),
            },
            Console.Out,
            Console.Error,
            cancellationToken)));
        return command;
    }

    internal static int Run(Settings settings, TextWriter output, TextWriter errorOutput, CancellationToken cancellationToken)
    {
        if (ParseQueueModel(settings.QueueModel) is not { } queueModel)
        {
            errorOutput.WriteLine($"error: --queue-model {settings.QueueModel}: expected risk-averse, power:N (N a positive number) or log.");
            return 2;
        }

        if (settings.MakerFeeBps is < -100 or > 1_000 || settings.TakerFeeBps is < 0 or > 1_000)
        {
            errorOutput.WriteLine("error: --maker-fee-bps must be -100 to 1000 (negative: a rebate) and --taker-fee-bps 0 to 1000.");
            return 2;
        }

        if (!TryLatencies(settings, out var latency, out var latencyProblem))
        {
            errorOutput.WriteLine($"error: {latencyProblem}");
            return 2;
        }

        var quotedFees = FeeSchedules.Named(settings.Fees)!;
        if (settings.MakerFeeBps is not null || settings.TakerFeeBps is not null)
        {
            quotedFees.MakerRate = settings.MakerFeeBps / 10_000m ?? quotedFees.MakerRate;
            quotedFees.TakerRate = settings.TakerFeeBps / 10_000m ?? quotedFees.TakerRate;
            quotedFees.Name += " as set";
        }

        IConfiguration configuration;
        try
        {
            configuration = Load(settings.ConfigPath, settings.Overrides);
        }
        catch (FormatException exception) when (exception.Message.StartsWith("--set ", StringComparison.Ordinal))
        {
            errorOutput.WriteLine($"error: {exception.Message}");
            return 2;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            errorOutput.WriteLine($"error: --config {settings.ConfigPath}: {exception.Message}");
            return 2;
        }

        if (BacktestSettingsCheck.Problems(configuration, settings.Overrides.Select(o => Setting(o).Key)) is { Count: > 0 } settingProblems)
        {
            errorOutput.WriteLine($"error: {(settingProblems.Count == 1 ? "a setting is invalid" : $"{settingProblems.Count} settings are invalid")}: {string.Join("; ", settingProblems)}");
            return 2;
        }

        if (!BacktestStrategy.TryResolve(settings.Strategy, settings.StrategyAssembly, configuration, out var chosen, out var strategyProblem))
        {
            errorOutput.WriteLine($"error: {strategyProblem}");
            return 2;
        }

        var (quoted, symbol) = (chosen.Venue, chosen.Symbol);
        if (string.IsNullOrWhiteSpace(quoted) || string.IsNullOrWhiteSpace(symbol))
        {
            errorOutput.WriteLine("error: the settings need MarketMaker:Venue and MarketMaker:Symbols (the quoted venue and instrument).");
            return 2;
        }

        var samples = Path.Combine(AppContext.BaseDirectory, "data", "hftbacktest-binance-2024-08");
        // One list per venue: each venue's recording is read on a thread of its own during the run, and the errors
        // print in the venues' order whatever the timing.
        var errors = new List<RecordingError>();
        var hedgeErrors = new List<RecordingError>();
        var venues = new List<(BacktestVenue Venue, long FirstEventNanoseconds)?>
        {
            Venue(quoted, symbol, settings.Inputs.Count > 0 ? settings.Inputs : [Path.Combine(samples, "spot_btcusdt_20240808.gz")], settings.Format, errors, new SimulatedVenueOptions
            {
                Fees = quotedFees,
                Seed = settings.Seed,
                QueueModel = queueModel,
                OrderEntryLatency = latency.Entry,
                ResponseLatency = latency.Response,
                OrderLatency = latency.Recorded,
                FeedLatency = settings.FeedLatency,
                PartialFills = settings.PartialFills,
            }),
        };
        if (configuration["Inventory:Hedging:Venue"] is { Length: > 0 } hedge && hedge != quoted)
        {
            var hedgeSymbol = configuration["Inventory:Hedging:Symbol"] ?? symbol;
            var hedgeOptions = new SimulatedVenueOptions { Fees = FeeSchedules.Named("mexc-spot")!, Seed = settings.Seed + 31, QueueModel = queueModel, FeedLatency = settings.FeedLatency, PartialFills = settings.PartialFills };
            venues.Add(Venue(hedge, hedgeSymbol, settings.HedgeInputs.Count > 0 ? settings.HedgeInputs : [Path.Combine(samples, "usdm_btcusdt_20240808.gz")], settings.Format, hedgeErrors, hedgeOptions));
        }

        if (venues.Any(venue => venue is null))
        {
            PrintErrors(errorOutput, [.. errors, .. hedgeErrors]);
            errorOutput.WriteLine("error: a recording holds no event to replay.");
            return 1;
        }

        if (!TrySpan(settings, venues[0]!.Value.FirstEventNanoseconds, out var fromTime, out var toTime, out var spanProblem))
        {
            errorOutput.WriteLine($"error: {spanProblem}");
            return 2;
        }

        if (OutputFolder.Create(settings.OutputFolder) is { } outputProblem)
        {
            errorOutput.WriteLine($"error: --output {settings.OutputFolder}: {outputProblem}");
            return 2;
        }

        // On a terminal only: logs and pipes get the summary alone.
        var progress = errorOutput == Console.Error && !Console.IsErrorRedirected ? new ProgressLine(errorOutput) : null;
        BacktestSummary summary;
        try
        {
            summary = BacktestEngine.Run(
                new BacktestOptions
                {
                    Configuration = configuration,
                    AddStrategy = chosen.Register,
                    Venues = [.. venues.Select(v => v!.Value.Venue)],
                    FromNanoseconds = fromTime,
                    ToNanoseconds = toTime,
                    OutputFolder = settings.OutputFolder,
                    Progress = progress is null ? null : p =>
                    {
                        if (progress.Due)
                        {
                            progress.Report(string.Create(CultureInfo.InvariantCulture, $"mm backtest: {DateTimeOffset.FromUnixTimeMilliseconds(p.TimeNanoseconds / 1_000_000):yyyy-MM-dd HH:mm:ss} UTC simulated, {p.EventsReplayed:N0} events replayed"));
                        }
                    },
                },
                cancellationToken: cancellationToken);
            progress?.Clear();
        }
        catch (Exception exception) when (StrategySettingsException.In(exception) is { } strategySettings)
        {
            errorOutput.WriteLine($"error: {strategySettings.Message}");
            return 2;
        }
        catch (OptionsValidationException exception)
        {
            errorOutput.WriteLine($"error: a setting is invalid: {string.Join("; ", exception.Failures)}");
            return 2;
        }
        catch (ArgumentException exception) when (exception.ParamName == "options")
        {
            // What the engine refuses of the recordings as given (none to replay, or of different times).
            errorOutput.WriteLine($"error: {exception.Message.Replace(" (Parameter 'options')", string.Empty, StringComparison.Ordinal)}.");
            return 2;
        }

        WriteSummary(output, summary, Path.GetFullPath(settings.OutputFolder));
        errors.AddRange(hedgeErrors);
        PrintErrors(errorOutput, errors);
        return errors.Count > 0 ? 1 : 0;
    }

    /// <summary>Reads the quoted venue's order latency: <c>--order-latency</c>, <c>--response-latency</c>, <c>--order-latency-file</c>.</summary>
    private static bool TryLatencies(Settings settings, out (LatencyOptions Entry, LatencyOptions Response, RecordedOrderLatency? Recorded) latency, out string? problem)
    {
        (latency, problem) = (default, null);
        if (!LatencySpec.TryParse(settings.OrderLatency, out var entry) || !LatencySpec.TryParse(settings.ResponseLatency, out var response))
        {
            var (flag, value) = LatencySpec.TryParse(settings.OrderLatency, out _) ? ("--response-latency", settings.ResponseLatency) : ("--order-latency", settings.OrderLatency);
            problem = $"{flag} {value}: expected {LatencySpec.Form}.";
            return false;
        }

        try
        {
            latency = (entry, response, settings.OrderLatencyFile is { } file ? RecordedOrderLatency.Load(file) : null);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            problem = $"--order-latency-file: {exception.Message}";
            return false;
        }
    }

    /// <summary>Reads <c>--from</c> and <c>--to</c>: UTC times, or times after the quoted recording's first event.</summary>
    private static bool TrySpan(Settings settings, long firstEvent, out long? from, out long? to, out string? problem)
    {
        (from, to, problem) = (null, null, null);
        foreach (var (flag, text) in new[] { ("--from", settings.From), ("--to", settings.To) })
        {
            if (text is null)
            {
                continue;
            }

            if (!TimeArgument.TryParse(text, firstEvent, out var time))
            {
                problem = $"{flag} {text}: expected {TimeArgument.Form}.";
                return false;
            }

            (from, to) = flag == "--from" ? (time, to) : (from, (long?)time);
        }

        problem = from >= to ? $"--from {settings.From} is not before --to {settings.To}." : null;
        return problem is null;
    }

    internal static IConfiguration Load(string? path, IReadOnlyList<string> overrides)
    {
        var builder = new ConfigurationBuilder();
        using var defaults = path is null ? typeof(BacktestCommand).Assembly.GetManifestResourceStream("backtest-defaults.json")! : null;
        if (defaults is not null)
        {
            builder.AddJsonStream(defaults);
        }
        else if (!File.Exists(path))
        {
            throw new FileNotFoundException("no such file");
        }
        else
        {
            builder.AddJsonFile(Path.GetFullPath(path!), optional: false);
        }

        // --set KEY=VALUE, over the file: what mm sweep varies from run to run.
        builder.AddInMemoryCollection(overrides.Select(Setting));

        // Read by Build, before the defaults' stream is disposed.
        return builder.Build();
    }

    /// <summary>Splits <c>KEY=VALUE</c> (a configuration key, sections joined by ':').</summary>
    internal static KeyValuePair<string, string?> Setting(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 ? new(text[..equals].Trim(), text[(equals + 1)..].Trim()) : throw new FormatException($"--set {text}: expected KEY=VALUE, such as MarketMaker:SpreadBps=12");
    }

    /// <summary>A simulated venue replaying recordings, serving the recorded instrument under the settings' name (price 2, quantity 8 decimals, BTC and USDT).</summary>
    private static (BacktestVenue Venue, long FirstEventNanoseconds)? Venue(string venue, string served, IReadOnlyList<string> files, RecordingFormat format, List<RecordingError> errors, SimulatedVenueOptions options)
    {
        // The first event names the recorded instrument; the venue replays it and the rest from the same reading.
        var events = RecordingSources.CreateReader(format, files, errors.Add).ReadEvents().GetEnumerator();
        if (!events.MoveNext())
        {
            events.Dispose();
            return null;
        }

        var first = events.Current;
        var recording = FromCurrent(events);

        var (baseAsset, quoteAsset) = s_btcUsdt;
        return (new BacktestVenue(
            VenueId.Create(venue),
            new SimulatedInstrument(first.Instrument, InstrumentSpec.FromPrecision(InstrumentId.Create(served), 2, 8), baseAsset, quoteAsset, RecordingSources.Synchronizer(format, files)),
            recording,
            options,
            new Dictionary<AssetId, decimal> { [baseAsset] = 10m, [quoteAsset] = 1_000_000m }), first.TsInit);
    }

    /// <summary>Reads <c>risk-averse</c>, <c>power:N</c> or <c>log</c>; <see langword="null"/> for anything else.</summary>
    private static IQueueModel? ParseQueueModel(string text) => text switch
    {
        "risk-averse" => RiskAverseQueueModel.Instance,
        "log" => LogQueueModel.Instance,
        _ when text.StartsWith("power:", StringComparison.Ordinal)
            && double.TryParse(text.AsSpan("power:".Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && n > 0 => new PowerQueueModel(n),
        _ => null,
    };

    /// <summary>An enumerator's current element and the rest, as a sequence (read once).</summary>
    private static IEnumerable<MarketDataEvent> FromCurrent(IEnumerator<MarketDataEvent> events)
    {
        using (events)
        {
            do
            {
                yield return events.Current;
            }
            while (events.MoveNext());
        }
    }

    private static void WriteSummary(TextWriter output, BacktestSummary summary, string folder)
    {
        var c = CultureInfo.InvariantCulture;
        var seconds = (summary.EndNanoseconds - summary.StartNanoseconds) / 1e9;
        output.WriteLine(string.Create(c, $"mm backtest: {string.Join(", ", summary.Strategies)} over {seconds:N1} s of recorded time; events replayed {string.Join(", ", summary.EventsReplayed.Select(e => $"{e.Key} {e.Value:N0}"))}"));
        output.WriteLine(string.Create(c, $"orders: {summary.Orders.Placed:N0} placed, {summary.Orders.Filled:N0} filled, {summary.Orders.Canceled:N0} canceled, {summary.Orders.Rejected:N0} rejected, {summary.Orders.Denied:N0} denied; fills {summary.Fills:N0}"));
        var t = summary.Totals;
        output.WriteLine(string.Create(c, $"PnL (USD): gross {t.Gross:N2} = spread {t.SpreadCapture:N2} + inventory {t.Inventory:N2}; fees {t.Fees:N2}; net {t.Net:N2}; traded {t.Notional:N2}"));
        var st = summary.Statistics;
        output.WriteLine(string.Create(c, $"statistics: Sharpe {st.Sharpe:0.000} and Sortino {st.Sortino:0.000} (per {st.SampleIntervalMilliseconds / 1_000} s, not annualized); max drawdown {st.MaxDrawdown:N2}; fill ratio {st.FillRatio:P1}; volume {st.Volume} base; quote uptime bid {st.BidUptime:P1}, ask {st.AskUptime:P1}; position time-weighted {st.TimeWeightedAbsolutePosition:0.######}, max {st.MaxAbsolutePosition}"));
        foreach (var side in new[] { Side.Buy, Side.Sell })
        {
            var rows = summary.Markouts.Where(m => m.Side == side && m.Fills > 0).Select(m => string.Create(c, $"{MarkoutSummary.HorizonLabel(m.HorizonMilliseconds)} {m.MeanBps:+0.00;-0.00;0.00}"));
            output.WriteLine($"markouts, {(side == Side.Buy ? "buys" : "sells")} (bps, mid after the fill): {string.Join(", ", rows)}");
        }

        if (summary.KillSwitchTrips.Count > 0)
        {
            output.WriteLine($"kill switch: {string.Join("; ", summary.KillSwitchTrips)}");
        }

        output.WriteLine($"written: {Path.Combine(folder, HtmlReport.FileName)}, {BacktestEngine.StatsFile}, {BacktestEngine.FillsFile}, {BacktestEngine.OrdersFile}, {BacktestEngine.EquityFile}, {BacktestEngine.JournalFile}");
    }

    private static void PrintErrors(TextWriter errorOutput, List<RecordingError> errors)
    {
        foreach (var error in errors.Take(20))
        {
            errorOutput.WriteLine($"error: {error}");
        }

        if (errors.Count > 20)
        {
            errorOutput.WriteLine($"error: … and {errors.Count - 20} more");
        }
    }

    internal sealed record Settings(string? ConfigPath, IReadOnlyList<string> Inputs, IReadOnlyList<string> HedgeInputs, RecordingFormat Format, string OutputFolder, int Seed, string QueueModel, string Fees, string? Strategy, IReadOnlyList<string> Overrides)
    {
        /// <summary>Gets the built assembly holding the user's strategy, or <see langword="null"/> for a bundled one.</summary>
        public string? StrategyAssembly { get; init; }

        /// <summary>Gets the quoted venue's maker fee in bps over its schedule's, or <see langword="null"/>.</summary>
        public decimal? MakerFeeBps { get; init; }

        /// <summary>Gets the quoted venue's taker fee in bps over its schedule's, or <see langword="null"/>.</summary>
        public decimal? TakerFeeBps { get; init; }

        /// <summary>Gets the quoted venue's order entry latency (<see cref="LatencySpec"/>).</summary>
        public string OrderLatency { get; init; } = "1ms+1ms";

        /// <summary>Gets the quoted venue's response latency (<see cref="LatencySpec"/>).</summary>
        public string ResponseLatency { get; init; } = "1ms+1ms";

        /// <summary>Gets the file of measured round trips the quoted venue's order latency is read from, or <see langword="null"/>.</summary>
        public string? OrderLatencyFile { get; init; }

        /// <summary>Gets whether trades fill our resting orders in part (the default) or whole.</summary>
        public bool PartialFills { get; init; } = true;

        /// <summary>Gets when the run starts (<see cref="TimeArgument"/>), or <see langword="null"/> for the first event.</summary>
        public string? From { get; init; }

        /// <summary>Gets when the run stops replaying (<see cref="TimeArgument"/>), or <see langword="null"/> for the end.</summary>
        public string? To { get; init; }

        /// <summary>Gets when the venues act on recorded events against when the strategy sees them.</summary>
        public FeedLatency FeedLatency { get; init; } = FeedLatency.Recorded;
    }
}
