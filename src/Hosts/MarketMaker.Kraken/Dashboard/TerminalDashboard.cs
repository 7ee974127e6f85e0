using System.Globalization;
using MarketMaker.Kraken.Configuration;
using MarketMaker.Kraken.Monitoring;
using MarketMaker.Kraken.Reporting;
using MarketMaker.Kraken.StrategyHosting;
using MarketMaker.Kraken.Trading;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Risk;
using MarketMaking.Simulation.Reporting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace MarketMaker.Kraken.Dashboard;

/// <summary>
/// The live terminal view, when the host runs in a terminal: the book ladder with our quotes, PnL by venue and in total
/// (the summary's own computation), position, orders, hedges, connections, the rate budget, the kill switch, and where
/// the log goes: while the dashboard has the terminal, every log line goes to <see cref="RunOptions.LogPath"/> instead,
/// so that none draws over it. Redrawn twice a second.
/// </summary>
internal sealed class TerminalDashboard : BackgroundService
{
    private readonly RunContext _run;
    private readonly RunOptions _options;
    private readonly TradingService _trading;
    private readonly OrderManager _orders;
    private readonly BookKeeper _books;
    private readonly InventoryManager _inventory;
    private readonly QuotedStrategy _strategy;
    private readonly VenueConnections _connections;
    private readonly KillSwitch _killSwitch;
    private readonly TradingControl _control;
    private readonly KrakenSpotWsClient _ws;
    private readonly RunMonitor _monitor;
    private readonly FillRecorder _fills;
    private readonly VenueLabels _labels;
    private readonly WarningCounter _warnings;

    public TerminalDashboard(
        RunContext run,
        IOptions<RunOptions> options,
        TradingService trading,
        OrderManager orders,
        BookKeeper books,
        InventoryManager inventory,
        QuotedStrategy strategy,
        VenueConnections connections,
        KillSwitch killSwitch,
        TradingControl control,
        KrakenSpotWsClient ws,
        RunMonitor monitor,
        FillRecorder fills,
        VenueLabels labels,
        WarningCounter warnings)
    {
        _run = run;
        _options = options.Value;
        _trading = trading;
        _orders = orders;
        _books = books;
        _inventory = inventory;
        _strategy = strategy;
        _connections = connections;
        _killSwitch = killSwitch;
        _control = control;
        _ws = ws;
        _monitor = monitor;
        _fills = fills;
        _labels = labels;
        _warnings = warnings;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _trading.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
            await AnsiConsole.Live(DashboardRenderer.Render(View())).AutoClear(false).StartAsync(async context =>
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    context.UpdateTarget(DashboardRenderer.Render(View()));
                    await Task.Delay(500, stoppingToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private DashboardView View()
    {
        var c = CultureInfo.InvariantCulture;
        var instrument = _strategy.Instrument;
        var venue = _strategy.Venue;
        var ladder = new List<LadderRow>();
        var (bid, ask) = TopOfBook(venue, instrument);
        if (ask is { } bestAsk)
        {
            ladder.Add(new LadderRow(LadderRowKind.BestAsk, bestAsk.Price.Value, bestAsk.Quantity.Value, string.Empty));
        }

        if (bid is { } bestBid)
        {
            ladder.Add(new LadderRow(LadderRowKind.BestBid, bestBid.Price.Value, bestBid.Quantity.Value, string.Empty));
        }

        ladder.AddRange(_orders.Read(store => store.Open(venue, instrument)
            .Where(o => o.Strategy == _strategy.Name && o.LimitPrice is not null)
            .Select(o => new LadderRow(o.Side == Side.Buy ? LadderRowKind.OurBid : LadderRowKind.OurAsk, o.LimitPrice!.Value.Value, o.RemainingQuantity.Value, o.Status.ToString()))
            .ToArray()));
        var (venues, totals) = PnlBreakdown.Compute(_inventory, _books, _fills.Records(), _labels.NameOf, _labels.FeesOf);
        var (asset, net, hedges) = NetPosition.WithHedges(_inventory, instrument);
        return new DashboardView(
            $"market-maker-kraken · {_run.Mode} · strategy {_strategy.Name}",
            $"{instrument} on {_labels.NameOf(venue)}",
            ladder,
            _orders.Summary(),
            venues,
            totals,
            Figures.NetPosition(net, _monitor.MaxNetPosition, asset),
            hedges.Describe(asset),
            string.Join(", ", _connections.States().Select(s => $"{s.Venue}/{s.Connection} {s.State}")) + $" ({_connections.Reconnects} reconnects)",
            venue == KrakenVenue.Id
                ? string.Create(c, $"{_ws.Admission.Counters.Remaining(instrument):0.#} of {_ws.Admission.Counters.Threshold:0} points")
                : "Kraken's trading counter only; this venue's limits are enforced by its adapter",
            $"{_control.State}; kill switch {(_killSwitch.Action == KillSwitchAction.None ? "armed" : _killSwitch.Action.ToString())}",
            Figures.Uptime(_monitor.HasSamples ? _monitor.QuoteUptime : null, _monitor.HasSamples ? _monitor.TwoSidedUptime : null),
            string.Create(c, $"{_warnings.Count} {(_warnings.Count == 1 ? "warning or error" : "warnings or errors")} so far; every log line goes to {Path.GetFullPath(_options.LogPath)}"));
    }

    private (BookLevel? Bid, BookLevel? Ask) TopOfBook(VenueId venue, InstrumentId instrument)
    {
        try
        {
            // The loop changes the book as this reads it: a torn read shows nothing for one frame.
            return _books.Books.TryGetValue((venue, instrument), out var book) ? (book.BestBid, book.BestAsk) : (null, null);
        }
        catch (ArgumentOutOfRangeException)
        {
            return (null, null);
        }
    }
}
