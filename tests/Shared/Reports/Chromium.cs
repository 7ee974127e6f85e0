using Microsoft.Playwright;

namespace MarketMaking.Testing;

/// <summary>
/// Opens one of the report pages (mm backtest's, mm sweep's, the host's) in the system's headless Chromium
/// (eng/scripts/install-chromium.sh) through Playwright, and reads what it drew: each chart's plot, series and marks,
/// script errors, and any request beyond the file itself.
/// </summary>
internal static class Chromium
{
    public static async Task<OpenedPage> OpenAsync(string path, IReadOnlyList<string> chartIds)
    {
        var chromium = Environment.GetEnvironmentVariable("MM_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.That(File.Exists(chromium), Is.True, $"Chromium not found at {chromium}: run eng/scripts/install-chromium.sh, or set MM_CHROMIUM");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,

            // Without the background-networking flags Chromium reaches for Google's hosts, which this machine refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        var requests = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith("file:", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                requests.Add(request.Url);
            }
        };
        await page.GotoAsync(new Uri(path).AbsoluteUri);
        await page.WaitForSelectorAsync("body[data-charts]", new() { Timeout = 60_000 });
        var state = await page.GetAttributeAsync("body", "data-charts");
        var charts = new Dictionary<string, DrawnChart>();
        foreach (var id in chartIds)
        {
            var drawn = await page.EvaluateAsync<int[]>(
                """
                id => {
                  const chart = document.getElementById(id);
                  const marks = [...chart.querySelectorAll('.cartesianlayer g.trace path')].filter(p => (p.getAttribute('d') || '').length > 8).length
                    + chart.querySelectorAll('.cartesianlayer g.hm image').length;
                  return [chart.querySelectorAll('.main-svg').length, chart.querySelectorAll('.cartesianlayer g.trace, .cartesianlayer g.hm').length, marks, figures[id].data.length];
                }
                """,
                id);
            charts[id] = new DrawnChart(drawn[0] > 0, drawn[1], drawn[2], drawn[3]);
        }

        var net = await page.EvaluateAsync<string>("() => document.querySelector('tr.total td:nth-child(2)')?.textContent ?? ''");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetDirectoryName(path)!, "report.png"), FullPage = true });
        return new OpenedPage(state, errors, requests, charts, net);
    }

    public sealed record DrawnChart(bool Svg, int Traces, int Marks, int Series);

    public sealed record OpenedPage(string? ChartsState, List<string> Errors, List<string> Requests, Dictionary<string, DrawnChart> Charts, string NetRow);
}
