using System.Text.Json;
using MarketMaking.Simulation.Reporting;

namespace MarketMaking.Cli.Sweeping;

/// <summary>What one run of a sweep gave: its PnL and statistics as its <c>stats.json</c> has them, or why it has none.</summary>
/// <param name="Id">The run's id (its folder under <c>runs/</c>).</param>
/// <param name="Settings">The settings it varied.</param>
/// <param name="ExitCode">The backtest's exit code.</param>
/// <param name="Error">Why it has no statistics, or <see langword="null"/>.</param>
/// <param name="Totals">Its PnL split, or <see langword="null"/> when it failed.</param>
/// <param name="Statistics">Its statistics, or <see langword="null"/> when it failed.</param>
/// <param name="Placed">Orders placed.</param>
/// <param name="Fills">Fills.</param>
internal sealed record SweepResult(
    string Id,
    IReadOnlyDictionary<string, string> Settings,
    int ExitCode,
    string? Error,
    PnlTotals? Totals,
    RunStatistics? Statistics,
    int Placed,
    int Fills)
{
    private static readonly JsonSerializerOptions s_stats = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Gets whether the run produced statistics.</summary>
    public bool Succeeded => Error is null && Totals is not null && Statistics is not null;

    /// <summary>Reads a finished run's statistics.</summary>
    public static SweepResult Read(SweepJob job, int exitCode, string statsPath)
    {
        using var stats = JsonDocument.Parse(File.ReadAllText(statsPath));
        var root = stats.RootElement;
        return new SweepResult(
            job.Id,
            job.Settings,
            exitCode,
            null,
            root.GetProperty("totals").Deserialize<PnlTotals>(s_stats),
            root.GetProperty("statistics").Deserialize<RunStatistics>(s_stats),
            root.GetProperty("orders").GetProperty("placed").GetInt32(),
            root.GetProperty("fills").GetInt32());
    }

    /// <summary>A run that ended without statistics (a setting the backtest refused, say).</summary>
    public static SweepResult Failed(SweepJob job, int exitCode, string error) => new(job.Id, job.Settings, exitCode, error, null, null, 0, 0);
}
