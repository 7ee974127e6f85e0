using System.Globalization;
using MarketMaker.Kraken.Reporting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MarketMaker.Kraken.Dashboard;

/// <summary>Draws a <see cref="DashboardView"/>: the ladder by price, then the run's state, with the same figures as the summary.</summary>
internal static class DashboardRenderer
{
    /// <summary>Renders one frame.</summary>
    /// <param name="view">What it shows.</param>
    /// <returns>The frame.</returns>
    public static IRenderable Render(DashboardView view)
    {
        var c = CultureInfo.InvariantCulture;
        var ladder = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(view.Market));
        ladder.AddColumns("side", "price", "quantity", "status");

        // Highest price first, whoever's it is: our bids below the best bid are drawn below it.
        foreach (var row in view.Ladder.OrderByDescending(r => r.Price).ThenBy(r => r.Kind))
        {
            ladder.AddRow(Label(row.Kind), row.Price.ToString(c), Figures.Quantity(row.Quantity), Markup.Escape(row.Status));
        }

        var state = new Table().Border(TableBorder.Rounded).HideHeaders().Title(Markup.Escape(view.Title));
        state.AddColumns("what", "value");
        state.AddRow("orders", Markup.Escape(view.Orders));
        foreach (var venue in view.Venues)
        {
            state.AddRow(Markup.Escape($"{venue.Venue} {venue.Instrument}"), Markup.Escape($"{Figures.Trading(venue)}\n{Figures.Pnl(venue)}"));
        }

        state.AddRow("total", Markup.Escape(Figures.Totals(view.Totals)));
        state.AddRow("net position", Markup.Escape(view.NetPosition));
        state.AddRow("hedges", Markup.Escape(view.Hedges));
        state.AddRow("quote uptime", Markup.Escape(view.Uptime));
        state.AddRow("connections", Markup.Escape(view.Connections));
        state.AddRow("rate budget", Markup.Escape(view.RateBudget));
        state.AddRow("risk", Markup.Escape(view.Risk));
        state.AddRow("log", Markup.Escape(view.Log));
        return new Rows(ladder, state);
    }

    private static string Label(LadderRowKind kind) => kind switch
    {
        LadderRowKind.BestAsk => "[red]best ask[/]",
        LadderRowKind.OurAsk => "[red]our ask[/]",
        LadderRowKind.OurBid => "[green]our bid[/]",
        _ => "[green]best bid[/]",
    };
}
