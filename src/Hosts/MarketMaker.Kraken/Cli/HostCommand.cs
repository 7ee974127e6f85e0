using System.CommandLine;
using System.Globalization;

namespace MarketMaker.Kraken.Cli;

/// <summary>
/// The command line of <c>market-maker-kraken</c>. Each flag overrides a <c>Host</c> setting of the configuration, so
/// that flags, <c>appsettings.json</c>, <c>.env</c> and the environment are validated together.
/// </summary>
internal static class HostCommand
{
    public static RootCommand Create()
    {
        var mode = new Option<string?>("--mode") { Description = "sim (the default, whatever keys are set) or live (real orders on Kraken)." };
        var venue = new Option<string?>("--venue") { Description = "The venue quoted: kraken (Kraken Spot, the default), mexc (MEXC Spot), binance (Binance Spot), binance-usdm (Binance USD-M futures), bybit (Bybit Spot) or bybit-linear (Bybit perpetuals); in sim mode, its simulator over the bundled recording." };
        var yes = new Option<bool>("--yes") { Description = "live: start without asking for confirmation at the terminal." };
        var speed = new Option<double?>("--speed") { Description = "sim: replay speed as a multiple of real time (default 6: the bundled recording in about a minute; 0: as fast as possible)." };
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds of trading (default: the end of the recording in sim, never in live)." };
        var data = new Option<string[]>("--data") { Description = "sim: recordings of the venue quoted (default: the bundled spot BTCUSDT).", AllowMultipleArgumentsPerToken = true };
        var hedgeData = new Option<string[]>("--hedge-data") { Description = "sim: recordings of the hedge venue (default: the bundled USD-M BTCUSDT).", AllowMultipleArgumentsPerToken = true };
        var format = new Option<string?>("--format") { Description = "sim: the recordings' format: binance, kraken-v2 or kraken-v1." };
        var symbol = new Option<string?>("--symbol") { Description = "sim: the instrument the recordings are served as, BASE/QUOTE (default BTC/USDT)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "live: send orders with Kraken's validate flag only; nothing is booked." };
        var summary = new Option<string?>("--summary") { Description = "Where the summary JSON is written (default market-maker-summary.json)." };
        var report = new Option<string?>("--report") { Description = "A folder the run's report is written to at the end, as mm backtest writes it: report.html, stats.json, fills, orders and equity CSVs." };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Loopback port of /metrics and /health (0: any free port; -1: off)." };
        var seed = new Option<int?>("--seed") { Description = "sim: the seed of the simulated venues' random draws (latencies, faults; default 1)." };
        var fees = new Option<string?>("--fees") { Description = "sim: the quoted simulated venue's fee schedule: kraken-spot-0 (a new account) to kraken-spot-10m (Kraken's default: 0 % maker, 0.10 % taker); the other venues' profiles set theirs (mexc-spot, binance-spot-0, binance-usdm-0, bybit-spot-0, bybit-linear-0)." };
        var strategy = new Option<string?>("--strategy") { Description = "The strategy: market-maker (default), avellaneda-stoikov, or an IStrategy class of --strategy-assembly." };
        var strategyAssembly = new Option<string?>("--strategy-assembly") { Description = "A built .dll holding your own IStrategy (its constructor's settings: StrategySettings__NAME)." };
        var envFile = new Option<string>("--env-file") { Description = "The .env file read for secrets and settings.", DefaultValueFactory = _ => ".env" };

        var root = new RootCommand("market-maker-kraken: the MarketMaking stack (Kraken adapter, OMS, inventory and hedging, risk, a strategy: the market maker, Avellaneda-Stoikov or your own) on the simulator replaying a bundled real recording (sim) or on Kraken (live).")
        {
            mode, venue, yes, speed, duration, data, hedgeData, format, symbol, dryRun, summary, report, metricsPort, seed, fees, strategy, strategyAssembly, envFile,
        };
        root.SetAction((result, cancellationToken) =>
        {
            var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            Set(flags, "Host:Mode", result.GetValue(mode));
            Set(flags, "Host:Venue", result.GetValue(venue));
            Set(flags, "Host:Speed", result.GetValue(speed)?.ToString(CultureInfo.InvariantCulture));
            Set(flags, "Host:Duration", result.GetValue(duration) is { } seconds ? Duration(seconds) : null);
            SetList(flags, "Host:Data", result.GetValue(data));
            SetList(flags, "Host:HedgeData", result.GetValue(hedgeData));
            Set(flags, "Host:Format", result.GetValue(format));
            Set(flags, "Host:Symbol", result.GetValue(symbol));
            Set(flags, "Host:DryRun", result.GetValue(dryRun) ? "true" : null);
            Set(flags, "Host:SummaryPath", result.GetValue(summary));
            Set(flags, "Host:ReportPath", result.GetValue(report));
            Set(flags, "Host:MetricsPort", result.GetValue(metricsPort)?.ToString(CultureInfo.InvariantCulture));
            Set(flags, "Host:Seed", result.GetValue(seed)?.ToString(CultureInfo.InvariantCulture));
            Set(flags, "Host:Fees", result.GetValue(fees));
            Set(flags, "Host:Strategy", result.GetValue(strategy));
            Set(flags, "Host:StrategyAssembly", result.GetValue(strategyAssembly) is { } assembly ? Path.GetFullPath(assembly) : null);
            var terminal = Console.IsInputRedirected ? null : Console.In;
            var envFileGiven = result.GetResult(envFile) is { Implicit: false };
            return HostRunner.RunAsync(flags, envFileGiven ? result.GetValue(envFile) : null, terminal, result.GetValue(yes), Console.Out, Console.Error, cancellationToken);
        });
        return root;
    }

    /// <summary>
    /// The setting's text of <c>--duration</c>: a time span, or, for seconds no time span holds (NaN, infinite, beyond
    /// ten million days), the number as given, which the settings check then refuses as no duration.
    /// </summary>
    private static string Duration(double seconds) =>
        double.IsFinite(seconds) && Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture)
            : seconds.ToString(CultureInfo.InvariantCulture) + " s";

    private static void Set(Dictionary<string, string?> flags, string key, string? value)
    {
        if (value is not null)
        {
            flags[key] = value;
        }
    }

    private static void SetList(Dictionary<string, string?> flags, string key, string[]? values)
    {
        for (var i = 0; i < (values?.Length ?? 0); i++)
        {
            flags[$"{key}:{i}"] = Path.GetFullPath(values![i]);
        }
    }
}
