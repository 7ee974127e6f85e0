using System.Globalization;
using System.Text.Json.Nodes;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Reporting.Html;

/// <summary>
/// The report's charts as plotly.js figures (<c>data</c> and <c>layout</c>, https://plotly.com/javascript/reference/):
/// equity with and without fees over the mid, position, our quotes against the top of book, drawdown, markouts by side,
/// and our fills by distance from the mid. Times are UTC, to the millisecond.
/// </summary>
internal static class ReportCharts
{
    /// <summary>Builds every chart, in the page's order.</summary>
    /// <param name="inputs">The run's files.</param>
    /// <returns>Each chart's element id, title and figure.</returns>
    public static IReadOnlyList<(string Id, string Title, JsonObject Figure)> Build(ReportInputs inputs)
    {
        var equity = inputs.Equity;
        var times = Times(equity.Select(e => e.TimeNanoseconds));
        return
        [
            ("chart-equity", "Equity with and without fees, over the mid", Equity(equity, times)),
            ("chart-position", "Net position", Figure(
                [Line("net position", times, equity.Select(e => (decimal?)e.NetPosition), step: true)],
                Layout("base units"))),
            ("chart-quotes", "Our best quotes against the top of book (drag or use the slider to zoom)", Quotes(equity, times)),
            ("chart-drawdown", "Drawdown of the net PnL from its running peak", Figure(
                [Line("drawdown", times, equity.Select(e => (decimal?)e.Drawdown), fill: true)],
                Layout("USD"))),
            ("chart-markouts", "Markouts by side: mean over our fills, marked to the mid after each horizon", Markouts(inputs)),
            ("chart-fill-distance", "Our fills by distance from the mid (− below it, + above it)", FillDistance(inputs)),
        ];
    }

    private static JsonObject Equity(IReadOnlyList<EquityRow> equity, JsonArray times)
    {
        var layout = Layout("PnL (USD)");
        layout["yaxis2"] = new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = "mid (quote per base)" },
            ["overlaying"] = "y",
            ["side"] = "right",
            ["showgrid"] = false,
        };
        var mid = Line("mid", times, equity.Select(e => e.Mid), color: "rgba(120,120,120,0.6)");
        mid["yaxis"] = "y2";
        return Figure(
            [
                Line("net PnL (fees counted)", times, equity.Select(e => (decimal?)e.NetPnl), color: "#1f77b4"),
                Line("gross PnL (before fees)", times, equity.Select(e => (decimal?)e.GrossPnl), color: "#2ca02c", dash: true),
                mid,
            ],
            layout);
    }

    private static JsonObject Quotes(IReadOnlyList<EquityRow> equity, JsonArray times)
    {
        var layout = Layout("price (quote per base)");
        layout["xaxis"]!["rangeslider"] = new JsonObject { ["visible"] = true };
        return Figure(
            [
                Line("best bid", times, equity.Select(e => e.BestBid), color: "rgba(44,160,44,0.45)", step: true),
                Line("best ask", times, equity.Select(e => e.BestAsk), color: "rgba(214,39,40,0.45)", step: true),
                Line("our bid", times, equity.Select(e => e.OurBid), color: "#2ca02c", step: true, dash: true),
                Line("our ask", times, equity.Select(e => e.OurAsk), color: "#d62728", step: true, dash: true),
            ],
            layout);
    }

    private static JsonObject Markouts(ReportInputs inputs)
    {
        var traces = new List<JsonObject>();
        foreach (var side in new[] { Side.Buy, Side.Sell })
        {
            var points = inputs.Stats.Markouts.Where(m => m.Side == side && m.Fills > 0).OrderBy(m => m.HorizonMilliseconds).ToArray();
            var trace = Line(side == Side.Buy ? "buys" : "sells", new JsonArray([.. points.Select(p => (JsonNode?)Horizon(p.HorizonMilliseconds))]), points.Select(p => (decimal?)p.MeanBps), color: side == Side.Buy ? "#2ca02c" : "#d62728");
            trace["mode"] = "lines+markers";
            traces.Add(trace);
        }

        var layout = Layout("mean markout (bps of the fill price)");
        layout["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "time after the fill" }, ["type"] = "category" };
        return Figure(traces, layout);
    }

    private static JsonObject FillDistance(ReportInputs inputs)
    {
        var quoted = inputs.Stats.QuotedVenue;
        var traces = new List<JsonObject>
        {
            Histogram("our buys", inputs.Fills.Where(f => f.Venue == quoted && f.IsBuy), "#2ca02c"),
            Histogram("our sells", inputs.Fills.Where(f => f.Venue == quoted && !f.IsBuy), "#d62728"),
        };
        if (inputs.Fills.Any(f => f.Venue != quoted))
        {
            traces.Add(Histogram("hedge fills", inputs.Fills.Where(f => f.Venue != quoted), "#7f7f7f"));
        }

        var layout = Layout("fills");
        layout["barmode"] = "overlay";
        layout["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "fill price − mid, in bps of the mid" } };
        return Figure(traces, layout);
    }

    private static JsonObject Histogram(string name, IEnumerable<FillRow> fills, string color) => new()
    {
        ["type"] = "histogram",
        ["name"] = name,
        ["opacity"] = 0.6,
        ["marker"] = new JsonObject { ["color"] = color },
        ["x"] = new JsonArray([.. fills.Where(f => f.Mid is > 0).Select(f => (JsonNode?)Math.Round((f.Price - f.Mid!.Value) / f.Mid.Value * 10_000m, 3))]),
    };

    private static JsonObject Line(string name, JsonArray x, IEnumerable<decimal?> y, string? color = null, bool step = false, bool dash = false, bool fill = false)
    {
        var line = new JsonObject();
        if (color is not null)
        {
            line["color"] = color;
        }

        if (step)
        {
            line["shape"] = "hv";
        }

        if (dash)
        {
            line["dash"] = "dot";
        }

        var trace = new JsonObject
        {
            ["type"] = "scatter",
            ["mode"] = "lines",
            ["name"] = name,
            ["x"] = x.DeepClone(),
            ["y"] = new JsonArray([.. y.Select(v => v is { } value ? (JsonNode?)value : null)]),
            ["line"] = line,
        };
        if (fill)
        {
            trace["fill"] = "tozeroy";
        }

        return trace;
    }

    private static JsonObject Figure(IEnumerable<JsonObject> traces, JsonObject layout) => new()
    {
        ["data"] = new JsonArray([.. traces]),
        ["layout"] = layout,
    };

    private static JsonObject Layout(string yTitle) => new()
    {
        ["height"] = 380,
        ["margin"] = new JsonObject { ["l"] = 70, ["r"] = 70, ["t"] = 20, ["b"] = 50 },
        ["legend"] = new JsonObject { ["orientation"] = "h" },
        ["hovermode"] = "x unified",
        ["xaxis"] = new JsonObject(),
        ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = yTitle } },
    };

    /// <summary>A time as the report shows it: UTC, to the millisecond, as plotly.js reads dates.</summary>
    /// <param name="nanoseconds">ns since the Unix epoch.</param>
    /// <returns>Such as <c>2024-08-08 23:54:13.937</c>.</returns>
    public static string Time(long nanoseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(nanoseconds / 1_000_000).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static JsonArray Times(IEnumerable<long> nanoseconds) => new([.. nanoseconds.Select(ns => (JsonNode?)Time(ns))]);

    private static string Horizon(long milliseconds) => milliseconds == 0 ? "at the fill" : MarkoutSummary.HorizonLabel(milliseconds);
}
