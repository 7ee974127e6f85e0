using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MarketMaking.Simulation.Reporting.Html;

/// <summary>
/// plotly.js (MIT; https://plotly.com/javascript/), the charting library the report embeds so that it opens with no
/// network: the minified build and its licence notice as Plotly.NET's package carries them.
/// </summary>
internal static class PlotlyScript
{
    private static readonly Assembly s_assembly = typeof(Plotly.NET.GenericChart).Assembly;

    // Named after its version (Plotly.NET.plotly-2.28.0.min.js): found by shape, so that a newer package still serves.
    private static readonly Lazy<string> s_script = new(() => s_assembly.GetManifestResourceNames()
        .SingleOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"{s_assembly.GetName().Name} {s_assembly.GetName().Version} carries no plotly.js build"));

    /// <summary>Writes the library inside a script element, with its licence notice in a comment before it.</summary>
    /// <param name="page">The page being written, in UTF-8 without a byte-order mark.</param>
    public static void WriteTo(StreamWriter page)
    {
        using var license = s_assembly.GetManifestResourceStream(s_script.Value + ".LICENSE.txt");
        var notice = license is null ? "plotly.js, MIT licence" : new StreamReader(license).ReadToEnd().Trim();
        page.Write($"<!-- plotly.js, embedded so that the page opens with no network. {System.Net.WebUtility.HtmlEncode(notice).Replace("--", "- -", StringComparison.Ordinal)} -->\n<script>");

        // The build's bytes as they are (UTF-8, no byte-order mark), copied behind what the writer holds: 3.6 MB neither
        // decoded nor encoded again.
        page.Flush();
        using (var script = s_assembly.GetManifestResourceStream(s_script.Value)!)
        {
            script.CopyTo(page.BaseStream);
        }

        page.Write("</script>\n");
    }

    /// <summary>
    /// Writes the script that draws each figure into the element of its id, then marks the page's body
    /// <c>data-charts="rendered"</c> (or <c>"failed: …"</c>), which the browser tests wait for.
    /// </summary>
    /// <param name="page">The page being written, inside its body.</param>
    /// <param name="figures">Each element id's plotly.js figure (<c>data</c> and <c>layout</c>).</param>
    public static void WriteFigures(TextWriter page, JsonObject figures)
    {
        // The serializer escapes '<' and '&': no data can close the script.
        page.Write($$"""
            <script>
            const figures = {{figures.ToJsonString(new JsonSerializerOptions { WriteIndented = false })}};
            Promise.all(Object.entries(figures).map(([id, f]) => Plotly.newPlot(id, f.data, f.layout, { responsive: true, displaylogo: false })))
              .then(() => { document.body.dataset.charts = 'rendered'; })
              .catch(e => { document.body.dataset.charts = 'failed: ' + e; });
            </script>

            """);
    }
}
