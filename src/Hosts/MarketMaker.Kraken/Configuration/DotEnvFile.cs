using DotNetEnv;

namespace MarketMaker.Kraken.Configuration;

/// <summary>
/// Reads a <c>.env</c> file (<c>KEY=VALUE</c> lines, <c>#</c> comments, quotes, <c>export</c>) into settings, without
/// touching the process's environment. Each line is parsed on its own (with DotNetEnv), so that every malformed line
/// is reported, not only the first.
/// </summary>
internal static class DotEnvFile
{
    /// <summary>Reads the file, when it exists.</summary>
    /// <param name="path">The file.</param>
    /// <param name="problems">Receives one sentence per malformed line (never its text: it may hold a secret).</param>
    /// <returns>The settings read, by key.</returns>
    public static Dictionary<string, string?> Read(string path, ICollection<string> problems)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return values;
        }

        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            try
            {
                foreach (var (key, value) in Env.LoadContents(line, new LoadOptions(setEnvVars: false)))
                {
                    values[key] = value;
                }
            }
            catch (Sprache.ParseException)
            {
                problems.Add($"{Path.GetFileName(path)} line {i + 1} is not KEY=VALUE");
            }
        }

        return values;
    }
}
