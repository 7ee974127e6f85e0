using System.Reflection;

namespace MarketMaking.Simulation.Reporting.Html;

/// <summary>
/// plotly.js (MIT; https://plotly.com/javascript/), the charting library the report embeds so that it opens with no
/// network: the minified build and its licence notice as Plotly.NET's package carries them.
/// </summary>
internal static class PlotlyScript
{
    private static readonly Lazy<(string Script, string License)> s_files = new(Load);

    /// <summary>Gets the minified library.</summary>
    public static string Script => s_files.Value.Script;

    /// <summary>Gets its licence notice.</summary>
    public static string License => s_files.Value.License;

    private static (string, string) Load()
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        var names = assembly.GetManifestResourceNames();

        // Named after its version (Plotly.NET.plotly-2.28.0.min.js): found by shape, so that a newer package still serves.
        var script = names.SingleOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} {assembly.GetName().Version} carries no plotly.js build");
        return (ReadText(assembly, script), names.Contains(script + ".LICENSE.txt") ? ReadText(assembly, script + ".LICENSE.txt") : "plotly.js, MIT licence");
    }

    private static string ReadText(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
