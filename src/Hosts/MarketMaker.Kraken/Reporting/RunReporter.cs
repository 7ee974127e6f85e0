using System.Diagnostics;
using System.Text.Json;
using MarketMaker.Kraken.Configuration;
using MarketMaker.Kraken.Monitoring;
using MarketMaker.Kraken.Simulation;
using MarketMaker.Kraken.StrategyHosting;
using MarketMaker.Kraken.Trading;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Risk;
using MarketMaking.Simulation.Reporting;
using MarketMaking.Strategies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketMaker.Kraken.Reporting;

/// <summary>
/// Writes the run's summary when the host stops: the last of the hosted services to stop, so it sees the stack after
/// every order was canceled. Printed to standard output and written as JSON to <see cref="RunOptions.SummaryPath"/>.
/// </summary>
internal sealed partial class RunReporter : IHostedService
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly RunContext _run;
    private readonly RunOptions _options;
    private readonly OrderManager _orders;
    private readonly InventoryManager _inventory;
    private readonly QuotedStrategy _strategy;
    private readonly KillSwitch _killSwitch;
    private readonly VenueConnections _connections;
    private readonly RunMonitor _monitor;
    private readonly FillRecorder _fills;
    private readonly BookKeeper _books;
    private readonly VenueLabels _labels;
    private readonly TradingService _trading;
    private readonly TimeProvider _clock;
    private readonly IServiceProvider _services;
    private readonly ILogger<RunReporter> _logger;
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    public RunReporter(
        RunContext run,
        IOptions<RunOptions> options,
        OrderManager orders,
        InventoryManager inventory,
        QuotedStrategy strategy,
        KillSwitch killSwitch,
        VenueConnections connections,
        RunMonitor monitor,
        FillRecorder fills,
        BookKeeper books,
        VenueLabels labels,
        TradingService trading,
        TimeProvider clock,
        IServiceProvider services,
        ILogger<RunReporter> logger)
    {
        _run = run;
        _options = options.Value;
        _orders = orders;
        _inventory = inventory;
        _strategy = strategy;
        _killSwitch = killSwitch;
        _connections = connections;
        _monitor = monitor;
        _fills = fills;
        _books = books;
        _labels = labels;
        _trading = trading;
        _clock = clock;
        _services = services;
        _logger = logger;
    }

    /// <summary>Gets the summary, once the host has stopped.</summary>
    public RunSummary? Summary { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_trading.StartedAt is null)
        {
            return;
        }

        _monitor.Sample(final: true);
        var fills = _fills.Records();
        var venueOpenOrders = _run.Markets is { } markets
            ? await markets.Quoted.RestingOrdersAsync().ConfigureAwait(false) + (markets.HedgeVenue?.Venue.Engines.Values.Sum(e => e.RestingOrders.Count) ?? 0)
            : -1;
        Summary = Build(fills, venueOpenOrders);
        Console.Out.WriteLine(Summary.ToText());
        await FillsCsv.WriteAsync(Summary.FillsPath, fills).ConfigureAwait(false);
        var path = Path.GetFullPath(_options.SummaryPath);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(Summary, s_json), CancellationToken.None).ConfigureAwait(false);
        LogWritten(_logger, path);
        if (_options.ReportPath is { } folder)
        {
            WriteReport(Path.GetFullPath(folder), Summary);
        }
    }

    /// <summary>The report folder a backtest writes, from the same recorders, the engine loop having stopped; the kill switch's trips as the summary has them.</summary>
    private void WriteReport(string folder, RunSummary summary)
    {
        var replayed = _run.Markets is { } markets
            ? new Dictionary<string, long>(StringComparer.Ordinal) { [markets.Quoted.Venue.Value] = markets.Quoted.EventsReplayed }
            : new Dictionary<string, long>(StringComparer.Ordinal);
        var orders = _orders.Read(store => store.All.ToArray());
        RunReport.Write(folder, new RunRecord(
            [_strategy.Name],
            _strategy.Venue,
            _trading.StartedAt!.Value.ToUnixTimeMilliseconds() * 1_000_000,
            _clock.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000,
            replayed,
            orders,
            orders.Count(o => OrderStateMachine.IsOpen(o.Status)),
            summary.KillSwitchTrips,
            _inventory,
            _books,
            _labels.NameOf,
            _labels.FeesOf,
            _fills,
            _services.GetRequiredService<MarkoutRecorder>(),
            _services.GetRequiredService<EquityRecorder>()));
        LogReportWritten(_logger, Path.Combine(folder, "report.html"));
    }

    private RunSummary Build(IReadOnlyList<FillRecord> fills, int venueOpenOrders)
    {
        var orders = _orders.Read(store => store.All.ToArray());
        var (venues, totals) = PnlBreakdown.Compute(_inventory, _books, fills, _labels.NameOf, _labels.FeesOf);
        var (baseAsset, net, hedges) = NetPosition.WithHedges(_inventory, _strategy.Instrument);
        var driver = _services.GetService(typeof(ReplayDriver)) as ReplayDriver;
        return new RunSummary
        {
            Mode = _run.Mode,
            Strategy = _strategy.Name,
            WallSeconds = Math.Round(_wall.Elapsed.TotalSeconds, 1),
            RecordingCompleted = driver?.Completed == true && _run.Markets?.ReplayReadErrors == 0,
            RecordingLinesSkipped = _run.Markets?.ReplayReadErrors ?? 0,
            Seed = _run.Markets?.Seed,
            EventsReplayed = _run.Markets?.Quoted.EventsReplayed ?? 0,
            Orders = OrderCounts.Of(orders),
            Fills = fills.Count,
            Venues = venues,
            Totals = totals,
            BaseAsset = baseAsset,
            NetPosition = net / 1.0000000000000000000000000000m,
            LargestNetPosition = _monitor.MaxNetPosition / 1.0000000000000000000000000000m,
            Hedges = hedges,
            QuoteUptime = _monitor.HasSamples ? Math.Round(_monitor.QuoteUptime, 4) : null,
            TwoSidedUptime = _monitor.HasSamples ? Math.Round(_monitor.TwoSidedUptime, 4) : null,
            Reconnects = _connections.Reconnects,
            KillSwitchTrips = [.. _killSwitch.Trips.Select(t => $"{t.Trigger}: {t.Action} ({t.Reason})")],
            OpenOrdersAtExit = _trading.OpenAtShutdown,
            RestingAtExit = [.. _trading.VenuesAtShutdown.SelectMany(v => v.Describe())],
            VenueOpenOrdersAtExit = venueOpenOrders,
            FillsPath = Path.GetFullPath(_options.FillsPath),
        };
    }

    [LoggerMessage(EventId = 9300, Level = LogLevel.Information, Message = "Summary written to {Path}")]
    private static partial void LogWritten(ILogger logger, string path);

    [LoggerMessage(EventId = 9301, Level = LogLevel.Information, Message = "Report written to {Path}")]
    private static partial void LogReportWritten(ILogger logger, string path);
}
