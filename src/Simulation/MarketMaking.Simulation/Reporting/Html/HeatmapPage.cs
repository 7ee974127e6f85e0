using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MarketMaking.Simulation.Reporting.Html;

/// <summary>
/// Writes a self-contained page with one heatmap (plotly.js embedded, no network): a statistic over two settings, as a
/// parameter sweep's results show it.
/// </summary>
public static class HeatmapPage
{
    /// <summary>Writes the page.</summary>
    /// <param name="path">The file, replaced.</param>
    /// <param name="title">The page's title.</param>
    /// <param name="x">The setting along the x axis and its values, in order.</param>
    /// <param name="y">The setting along the y axis and its values, in order.</param>
    /// <param name="values">The statistic at [y index, x index]; <see langword="null"/> where no run gave one.</param>
    /// <param name="statistic">The statistic's name (the colour bar's title).</param>
    public static void Write(string path, string title, (string Name, IReadOnlyList<string> Values) x, (string Name, IReadOnlyList<string> Values) y, double?[,] values, string statistic)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(values);
        var z = new JsonArray();
        var text = new JsonArray();
        for (var row = 0; row < y.Values.Count; row++)
        {
            z.Add(new JsonArray([.. Enumerable.Range(0, x.Values.Count).Select(column => values[row, column] is { } v ? (JsonNode?)v : null)]));
            text.Add(new JsonArray([.. Enumerable.Range(0, x.Values.Count).Select(column => (JsonNode?)(values[row, column] is { } v ? v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : "no run"))]));
        }

        var figure = new JsonObject
        {
            ["data"] = new JsonArray(new JsonObject
            {
                ["type"] = "heatmap",
                ["x"] = new JsonArray([.. x.Values.Select(v => (JsonNode?)v)]),
                ["y"] = new JsonArray([.. y.Values.Select(v => (JsonNode?)v)]),
                ["z"] = z,
                ["text"] = text,
                ["texttemplate"] = "%{text}",
                ["colorscale"] = "RdYlGn",
                ["colorbar"] = new JsonObject { ["title"] = new JsonObject { ["text"] = statistic } },
            }),
            ["layout"] = new JsonObject
            {
                ["height"] = 520,
                ["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = x.Name }, ["type"] = "category" },
                ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = y.Name }, ["type"] = "category" },
            },
        };
        using var page = ReportFile.CreateText(path);
        page.Write($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{WebUtility.HtmlEncode(title)}</title>

            """);
        PlotlyScript.WriteTo(page);
        page.Write($$"""
            </head>
            <body style="font-family: system-ui, sans-serif; max-width: 1000px; margin: 1.5rem auto">
            <h1>{{WebUtility.HtmlEncode(title)}}</h1>
            <div class="chart" id="chart-heatmap"></div>
            """);
        PlotlyScript.WriteFigures(page, new JsonObject { ["chart-heatmap"] = figure });
        page.Write("""
            </body>
            </html>

            """);
    }
}
