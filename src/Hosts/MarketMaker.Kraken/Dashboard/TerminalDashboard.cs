using MarketMaker.Kraken.StrategyHosting;
using System.Globalization;
using MarketMaker.Kraken.Monitoring;
using MarketMaker.Kraken.Trading;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Risk;
using MarketMaking.Strategies;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MarketMaker.Kraken.Dashboard;

/// <summary>
/// The live terminal view, when the host runs in a terminal: top of book, our quotes, position and PnL, orders and
/// fills, hedges, connection states, the rate-limit budget and the kill switch. Redrawn twice a second.
/// </summary>
internal sealed class TerminalDashboard : BackgroundService
{
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

    public TerminalDashboard(TradingService trading, OrderManager orders, BookKeeper books, InventoryManager inventory, QuotedStrategy strategy, VenueConnections connections, KillSwitch killSwitch, TradingControl control, KrakenSpotWsClient ws, RunMonitor monitor)
    {
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
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _trading.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
            await AnsiConsole.Live(Render()).AutoClear(false).StartAsync(async context =>
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    context.UpdateTarget(Render());
                    await Task.Delay(500, stoppingToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private IRenderable Render()
    {
        var c = CultureInfo.InvariantCulture;
        var instrument = _strategy.Instrument;
        var venue = KrakenVenue.Id;
        var (bid, ask) = TopOfBook(venue, instrument);
        var quotes = _orders.Read(store => store.Open(venue, instrument).Where(o => o.Strategy == _strategy.Name).OrderByDescending(o => o.LimitPrice?.Value).ToArray());
        var summary = _orders.Summary();
        var (positions, realized, total, hedges) = _inventory.Read(i => (i.Positions.Select(p => (p.Venue.Value, p.Quantity, p.AverageEntryPrice)).ToArray(), i.RealizedPnl, i.TotalPnl, i.Hedger?.Statistics.ToString() ?? "no hedging"));

        var market = new Table().Border(TableBorder.Rounded).Title($"{instrument} on {venue}");
        market.AddColumns("side", "price", "quantity", "status");
        market.AddRow("[red]best ask[/]", ask?.Price.ToString() ?? "-", ask?.Quantity.ToString() ?? "-", string.Empty);
        foreach (var quote in quotes)
        {
            market.AddRow(quote.Side == Side.Buy ? "[green]our bid[/]" : "[red]our ask[/]", quote.LimitPrice?.ToString() ?? "-", quote.RemainingQuantity.ToString(), quote.Status.ToString());
        }

        market.AddRow("[green]best bid[/]", bid?.Price.ToString() ?? "-", bid?.Quantity.ToString() ?? "-", string.Empty);

        var state = new Table().Border(TableBorder.Rounded).HideHeaders();
        state.AddColumns("what", "value");
        state.AddRow("orders", Markup.Escape(summary));
        foreach (var (positionVenue, quantity, entry) in positions)
        {
            state.AddRow($"position {positionVenue}", string.Create(c, $"{quantity:0.########} (avg entry {entry:N2})"));
        }

        state.AddRow("PnL", string.Create(c, $"realized {realized:N4}, total {total:N4} USD"));
        state.AddRow("hedges", Markup.Escape(hedges));
        state.AddRow("connections", Markup.Escape(string.Join(", ", _connections.States().Select(s => $"{s.Venue}/{s.Connection} {s.State}"))) + $" ({_connections.Reconnects} reconnects)");
        state.AddRow("rate budget", string.Create(c, $"{_ws.Admission.Counters.Remaining(instrument):0.#} of {_ws.Admission.Counters.Threshold:0} points"));
        state.AddRow("risk", Markup.Escape($"{_control.State}; kill switch {(_killSwitch.Action == KillSwitchAction.None ? "armed" : _killSwitch.Action.ToString())}"));
        state.AddRow("quoting", string.Create(c, $"wanted sides resting {_monitor.QuoteUptime:P0} of the time, both sides {_monitor.TwoSidedUptime:P0}; largest |net| {_monitor.MaxNetPosition:0.########}"));
        return new Rows(market, state);
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
