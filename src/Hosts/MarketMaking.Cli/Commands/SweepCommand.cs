using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MarketMaking.Cli.Backtesting;
using MarketMaking.Cli.Sweeping;
using MarketMaking.Simulation.Reporting.Html;

namespace MarketMaking.Cli.Commands;

/// <summary>
/// <c>mm sweep</c>: a grid (or random samples) over named settings, each run an <c>mm backtest</c> in its own process,
/// as many at once as there are cores; a results table ranked by a chosen statistic and a heatmap over the first two
/// settings. Each run is a self-describing job (<c>runs/ID/job.json</c>) whose results go to its own folder, and a run
/// is done once its <c>result.json</c> is written: the same command again resumes an interrupted sweep.
/// </summary>
/// <remarks>Exit codes: 0 every run gave statistics; 1 some run did not, or the sweep was stopped (run it again to
/// resume); 2 bad arguments (the first run's settings included, checked before any run starts), or the output folder
/// holds another sweep.</remarks>
internal static class SweepCommand
{
    private const string PlanFile = "sweep.json";
    private const string HeatmapFile = "heatmap.html";

    public static Command Create()
    {
        var parameters = new Option<string[]>("--param") { Description = "A setting to vary: KEY=V1,V2,... (a grid), or KEY=LOW..HIGH with --random. Repeat for each setting.", Required = true };
        var random = new Option<int>("--random") { Description = "Draw this many distinct random runs from the values and ranges instead of the whole grid.", DefaultValueFactory = _ => 0 };
        var sampleSeed = new Option<int>("--sample-seed") { Description = "Seed of the random draws: the same seed, the same runs.", DefaultValueFactory = _ => 1 };
        var parallel = new Option<int>("--parallel") { Description = "Backtests run at once. Default: the machine's cores.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var rankBy = new Option<string>("--rank-by") { Description = "The statistic the table is ranked by and the heatmap shows.", DefaultValueFactory = _ => "net" };
        rankBy.AcceptOnlyFromAmong([.. SweepRanking.Names]);
        var output = new Option<string>("--output") { Description = "Folder of the sweep: sweep.json, results.csv, heatmap.html, and runs/ID/ with each run's report.", DefaultValueFactory = _ => "sweep" };
        var command = new Command("sweep", "Run a backtest for each combination of settings, in parallel processes; rank them. Arguments after -- go to every mm backtest (--input, --strategy, --config, ...).")
        {
            parameters, random, sampleSeed, parallel, rankBy, output,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new Settings(
                parseResult.GetValue(parameters) ?? [],
                parseResult.GetValue(random),
                parseResult.GetValue(sampleSeed),
                parseResult.GetValue(parallel),
                parseResult.GetValue(rankBy)!,
                parseResult.GetValue(output)!,
                [.. parseResult.UnmatchedTokens]),
            Console.Out,
            Console.Error,
            cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(Settings settings, TextWriter output, TextWriter errorOutput, CancellationToken cancellationToken)
    {
        IReadOnlyList<SweepParameter> parameters;
        IReadOnlyList<IReadOnlyDictionary<string, string>> plan;
        try
        {
            parameters = [.. settings.Parameters.Select(SweepParameter.Parse)];
            if (parameters.Select(p => p.Key).Distinct(StringComparer.Ordinal).Count() != parameters.Count)
            {
                throw new FormatException("--param: a setting is given twice");
            }

            if (settings.Parallel < 1 || settings.Random < 0)
            {
                throw new FormatException("--parallel must be at least 1 and --random at least 0");
            }

            if (settings.BacktestArguments.Any(a => a is "--output" or "-o"))
            {
                throw new FormatException("--output after --: each run's folder is the sweep's to choose (runs/ID)");
            }

            plan = SweepPlan.Expand(parameters, settings.Random, settings.SampleSeed);
        }
        catch (FormatException exception)
        {
            errorOutput.WriteLine($"error: {exception.Message}");
            return 2;
        }

        if (FirstRunsSettingsProblems(settings, plan) is { Count: > 0 } settingProblems)
        {
            errorOutput.WriteLine($"error: the first run's settings: {string.Join("; ", settingProblems)} (no run started)");
            return 2;
        }

        if (OutputFolder.Create(settings.OutputFolder) is { } outputProblem)
        {
            errorOutput.WriteLine($"error: --output {settings.OutputFolder}: {outputProblem}");
            return 2;
        }

        var definition = SweepJob.ToJson(new { settings.Parameters, settings.Random, settings.SampleSeed, Backtest = settings.BacktestArguments });
        var planPath = Path.Combine(settings.OutputFolder, PlanFile);
        if (File.Exists(planPath) && File.ReadAllText(planPath) != definition)
        {
            errorOutput.WriteLine($"error: {planPath} describes another sweep: give another --output, or delete the folder");
            return 2;
        }

        File.WriteAllText(planPath, definition);
        var jobs = plan.Select((run, i) => Job(settings, $"run-{i + 1:0000}", run)).ToArray();
        var results = new ConcurrentDictionary<string, SweepResult>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (ReadResult(settings.OutputFolder, job) is { } result)
            {
                results[job.Id] = result;
            }
        }

        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"mm sweep: {jobs.Length} runs ({(settings.Random > 0 ? $"{settings.Random} random draws" : string.Join(" × ", parameters.Select(p => $"{p.Values.Count} {p.Key}")))}), {settings.Parallel} at a time; {results.Count} done before"));
        var keys = parameters.Select(p => p.Key).ToArray();
        var gate = new Lock();
        var stopped = false;
        try
        {
            await Parallel.ForEachAsync(
                jobs.Where(j => !results.ContainsKey(j.Id)),
                new ParallelOptions { MaxDegreeOfParallelism = settings.Parallel, CancellationToken = cancellationToken },
                async (job, token) =>
                {
                    var result = await RunJobAsync(settings.OutputFolder, job, token).ConfigureAwait(false);
                    results[job.Id] = result;
                    lock (gate)
                    {
                        var what = result.Succeeded ? string.Create(c, $"{settings.RankBy} {SweepRanking.Value(settings.RankBy, result):0.####}") : $"failed (exit {result.ExitCode}): {result.Error}";
                        output.WriteLine($"[{results.Count}/{jobs.Length}] {job.Id} {Describe(job.Settings)}: {what}");
                        SweepTable.Write(Path.Combine(settings.OutputFolder, SweepTable.File), keys, SweepRanking.Rank(results.Values, settings.RankBy));
                    }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stopped = true;
        }

        var ranked = SweepRanking.Rank(results.Values, settings.RankBy);
        SweepTable.Write(Path.Combine(settings.OutputFolder, SweepTable.File), keys, ranked);
        WriteHeatmap(settings, parameters, ranked);
        if (ranked.FirstOrDefault(r => r.Succeeded) is { } best)
        {
            output.WriteLine(string.Create(c, $"best by {settings.RankBy}: {best.Id} {Describe(best.Settings)}: {SweepRanking.Value(settings.RankBy, best):0.####} (net {best.Totals!.Net:0.00} USD)"));
        }

        output.WriteLine($"written: {Path.Combine(settings.OutputFolder, SweepTable.File)}, {HeatmapFile}, runs/ID/report.html");
        if (stopped)
        {
            errorOutput.WriteLine($"stopped: {results.Count} of {jobs.Length} runs done; the same command resumes");
            return 1;
        }

        return results.Values.All(r => r.Succeeded) ? 0 : 1;
    }

    /// <summary>
    /// The settings problems of the plan's first run, found as its backtest would find them (a misspelled
    /// <c>--param</c> key is every run's): said once, before any run starts. Empty when the runs' <c>--config</c>
    /// cannot be read: each run says why.
    /// </summary>
    private static List<string> FirstRunsSettingsProblems(Settings settings, IReadOnlyList<IReadOnlyDictionary<string, string>> plan)
    {
        if (plan.Count == 0)
        {
            return [];
        }

        string? configPath = null;
        var overrides = new List<string>();
        for (var i = 0; i + 1 < settings.BacktestArguments.Count; i++)
        {
            switch (settings.BacktestArguments[i])
            {
                case "--config":
                    configPath = settings.BacktestArguments[++i];
                    break;
                case "--set":
                    overrides.Add(settings.BacktestArguments[++i]);
                    break;
            }
        }

        overrides.AddRange(plan[0].Select(s => $"{s.Key}={s.Value}"));
        try
        {
            var configuration = BacktestCommand.Load(configPath, overrides);
            return BacktestSettingsCheck.Problems(configuration, overrides.Select(o => BacktestCommand.Setting(o).Key));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            return [];
        }
    }

    private static SweepJob Job(Settings settings, string id, IReadOnlyDictionary<string, string> run) =>
        new(id, run, ["backtest", .. settings.BacktestArguments, .. run.SelectMany(s => new[] { "--set", $"{s.Key}={s.Value}" }), "--output", Path.Combine(settings.OutputFolder, "runs", id)]);

    private static string Describe(IReadOnlyDictionary<string, string> settings) => string.Join(' ', settings.Select(s => $"{s.Key}={s.Value}"));

    /// <summary>The result of a run done before (its <c>result.json</c>), or <see langword="null"/> when it is to be run.</summary>
    private static SweepResult? ReadResult(string folder, SweepJob job)
    {
        var runFolder = Path.Combine(folder, "runs", job.Id);
        var resultPath = Path.Combine(runFolder, SweepJob.ResultFile);
        if (File.Exists(resultPath))
        {
            try
            {
                return SweepJob.FromJson<SweepResult>(File.ReadAllText(resultPath));
            }
            catch (System.Text.Json.JsonException)
            {
                return null; // cut short as it was written: the run is done again
            }
        }

        return null;
    }

    private static async Task<SweepResult> RunJobAsync(string folder, SweepJob job, CancellationToken cancellationToken)
    {
        var runFolder = Path.Combine(folder, "runs", job.Id);
        if (Directory.Exists(runFolder))
        {
            Directory.Delete(runFolder, recursive: true);
        }

        Directory.CreateDirectory(runFolder);
        File.WriteAllText(Path.Combine(runFolder, SweepJob.File), SweepJob.ToJson(job));
        var (file, prefix) = Self();
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in prefix.Concat(job.Arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var standardError = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped: the backtest goes with the sweep; its folder has no result.json, so a resumed sweep runs it again.
            process.Kill(entireProcessTree: true);
            throw;
        }

        var errors = await standardError.ConfigureAwait(false);
        File.WriteAllText(Path.Combine(runFolder, "backtest.log"), await standardOutput.ConfigureAwait(false) + errors);
        var stats = Path.Combine(runFolder, "stats.json");
        var result = process.ExitCode is 0 or 1 && File.Exists(stats)
            ? SweepResult.Read(job, process.ExitCode, stats)
            : SweepResult.Failed(job, process.ExitCode, errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "no statistics");

        // Written last, whole, then renamed: a run is done exactly when this file is there.
        var resultPath = Path.Combine(runFolder, SweepJob.ResultFile);
        File.WriteAllText(resultPath + ".tmp", SweepJob.ToJson(result));
        File.Move(resultPath + ".tmp", resultPath, overwrite: true);
        return result;
    }

    /// <summary>How to start this same mm: the apphost itself, or dotnet with this assembly.</summary>
    private static (string File, string[] Prefix) Self()
    {
        var process = Environment.ProcessPath ?? "mm";
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? (process, [typeof(SweepCommand).Assembly.Location]) : (process, []);
    }

    private static void WriteHeatmap(Settings settings, IReadOnlyList<SweepParameter> parameters, IReadOnlyList<SweepResult> ranked)
    {
        var x = parameters[0];
        var y = parameters.Count > 1 ? parameters[1] : null;
        var xValues = AxisValues(x, ranked);
        var yValues = y is null ? ["all"] : AxisValues(y, ranked);
        var values = new double?[yValues.Count, xValues.Count];
        foreach (var result in ranked.Where(r => r.Succeeded).Reverse())
        {
            // Best first in ranked: walked backwards, the best run of a cell (over any further settings) is written last.
            var column = xValues.IndexOf(result.Settings[x.Key]);
            var row = y is null ? 0 : yValues.IndexOf(result.Settings[y.Key]);
            values[row, column] = SweepRanking.Value(settings.RankBy, result);
        }

        HeatmapPage.Write(
            Path.Combine(settings.OutputFolder, HeatmapFile),
            $"Sweep: {settings.RankBy}{(parameters.Count > 2 ? " (the best over the other settings)" : string.Empty)}",
            (x.Key, xValues),
            (y?.Key ?? string.Empty, yValues),
            values,
            settings.RankBy);
    }

    /// <summary>A setting's values as listed, or those the random draws took, in numeric order where they are numbers.</summary>
    private static List<string> AxisValues(SweepParameter parameter, IReadOnlyList<SweepResult> results) =>
        parameter.Range is null
            ? [.. parameter.Values]
            : [.. results.Select(r => r.Settings[parameter.Key]).Distinct(StringComparer.Ordinal).OrderBy(v => decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : 0m)];

    internal sealed record Settings(IReadOnlyList<string> Parameters, int Random, int SampleSeed, int Parallel, string RankBy, string OutputFolder, IReadOnlyList<string> BacktestArguments);
}
