namespace MarketMaking.Cli.Sweeping;

/// <summary>The statistics a sweep's runs can be ranked by, and which way is better.</summary>
internal static class SweepRanking
{
    private static readonly Dictionary<string, (Func<SweepResult, double> Value, bool HigherIsBetter)> s_statistics = new(StringComparer.Ordinal)
    {
        ["net"] = (r => (double)r.Totals!.Net, true),
        ["gross"] = (r => (double)r.Totals!.Gross, true),
        ["spread-capture"] = (r => (double)r.Totals!.SpreadCapture, true),
        ["sharpe"] = (r => r.Statistics!.Sharpe, true),
        ["sortino"] = (r => r.Statistics!.Sortino, true),
        ["return-over-drawdown"] = (r => (double)r.Statistics!.ReturnOverDrawdown, true),
        ["fill-ratio"] = (r => (double)r.Statistics!.FillRatio, true),
        ["volume"] = (r => (double)r.Statistics!.Volume, true),
        ["max-drawdown"] = (r => (double)r.Statistics!.MaxDrawdown, false),
    };

    /// <summary>Gets the statistics' names.</summary>
    public static IReadOnlyCollection<string> Names => s_statistics.Keys;

    /// <summary>Gets a run's value of a statistic (a run that <see cref="SweepResult.Succeeded"/>).</summary>
    public static double Value(string statistic, SweepResult result) => s_statistics[statistic].Value(result);

    /// <summary>Orders the runs best first; runs without statistics last, by id.</summary>
    public static IReadOnlyList<SweepResult> Rank(IEnumerable<SweepResult> results, string statistic)
    {
        var (value, higher) = s_statistics[statistic];
        var succeeded = results.Where(r => r.Succeeded);
        var ordered = higher ? succeeded.OrderByDescending(value) : succeeded.OrderBy(value);
        return [.. ordered.ThenBy(r => r.Id, StringComparer.Ordinal), .. results.Where(r => !r.Succeeded).OrderBy(r => r.Id, StringComparer.Ordinal)];
    }
}
