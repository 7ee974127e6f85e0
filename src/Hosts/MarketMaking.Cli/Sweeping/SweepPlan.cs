namespace MarketMaking.Cli.Sweeping;

/// <summary>The runs of a sweep: every combination of the listed values (a grid), or random samples of them.</summary>
internal static class SweepPlan
{
    /// <summary>Lists the settings of each run, in a fixed order (the first parameter varying slowest).</summary>
    /// <param name="parameters">The varied settings.</param>
    /// <param name="samples">0 for the whole grid; otherwise that many random draws, distinct, from the lists and ranges.</param>
    /// <param name="seed">The draws' seed: the same seed, the same runs.</param>
    /// <exception cref="FormatException">A range in a grid (ranges need random samples).</exception>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Expand(IReadOnlyList<SweepParameter> parameters, int samples, int seed)
    {
        if (samples == 0)
        {
            if (parameters.FirstOrDefault(p => p.Range is not null) is { } range)
            {
                throw new FormatException($"--param {range.Key}: a range needs --random N (a grid needs listed values)");
            }

            IEnumerable<IReadOnlyList<(string Key, string Value)>> grid = [[]];
            foreach (var parameter in parameters)
            {
                grid = grid.SelectMany(settings => parameter.Values.Select(value => (IReadOnlyList<(string, string)>)[.. settings, (parameter.Key, value)]));
            }

            return [.. grid.Select(settings => (IReadOnlyDictionary<string, string>)settings.ToDictionary(s => s.Key, s => s.Value))];
        }

        var random = new Random(seed);
        var runs = new List<IReadOnlyDictionary<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var possible = parameters.All(p => p.Range is null) ? parameters.Aggregate(1L, (n, p) => n * p.Values.Count) : long.MaxValue;
        for (var attempt = 0; runs.Count < Math.Min(samples, possible) && attempt < samples * 100; attempt++)
        {
            var settings = parameters.ToDictionary(p => p.Key, p => p.Draw(random));
            if (seen.Add(string.Join('\u001f', settings.Values)))
            {
                runs.Add(settings);
            }
        }

        return runs;
    }
}
