using System.Text.Json;

namespace MarketMaking.Cli.Sweeping;

/// <summary>What one run of a sweep gave: its statistics as its <c>stats.json</c> has them, or why it has none.</summary>
internal sealed record SweepResult(
    string Id,
    IReadOnlyDictionary<string, string> Settings,
    int ExitCode,
    string? Error,
    decimal Net,
    decimal Gross,
    decimal SpreadCapture,
    decimal Inventory,
    decimal Fees,
    double Sharpe,
    double Sortino,
    decimal MaxDrawdown,
    decimal ReturnOverDrawdown,
    decimal FillRatio,
    decimal Volume,
    int Placed,
    int Fills)
{
    /// <summary>Gets whether the run produced statistics.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Reads a finished run's statistics.</summary>
    public static SweepResult Read(SweepJob job, int exitCode, string statsPath)
    {
        using var stats = JsonDocument.Parse(File.ReadAllText(statsPath));
        var root = stats.RootElement;
        var totals = root.GetProperty("totals");
        var statistics = root.GetProperty("statistics");
        return new SweepResult(
            job.Id,
            job.Settings,
            exitCode,
            null,
            totals.GetProperty("net").GetDecimal(),
            totals.GetProperty("gross").GetDecimal(),
            totals.GetProperty("spreadCapture").GetDecimal(),
            totals.GetProperty("inventory").GetDecimal(),
            totals.GetProperty("fees").GetDecimal(),
            statistics.GetProperty("sharpe").GetDouble(),
            statistics.GetProperty("sortino").GetDouble(),
            statistics.GetProperty("maxDrawdown").GetDecimal(),
            statistics.GetProperty("returnOverDrawdown").GetDecimal(),
            statistics.GetProperty("fillRatio").GetDecimal(),
            statistics.GetProperty("volume").GetDecimal(),
            root.GetProperty("orders").GetProperty("placed").GetInt32(),
            root.GetProperty("fills").GetInt32());
    }

    /// <summary>A run that ended without statistics (a setting the backtest refused, say).</summary>
    public static SweepResult Failed(SweepJob job, int exitCode, string error) =>
        new(job.Id, job.Settings, exitCode, error, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
