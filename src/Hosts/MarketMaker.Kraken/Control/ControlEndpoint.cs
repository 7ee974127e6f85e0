using MarketMaker.Kraken.Monitoring;
using MarketMaker.Kraken.Trading;
using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Risk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MarketMaker.Kraken.Control;

/// <summary>
/// The operator's control endpoint, on the loopback server of <c>/metrics</c>: <c>GET /control/status</c> (trading
/// state and why, the kill switch, positions, fees and fills, open orders, connections), <c>POST /control/halt</c>
/// (the kill switch's cancel-all, latched) and <c>POST /control/resume</c> (an operator's reset). Every request
/// carries <c>Authorization: Bearer &lt;token&gt;</c> from <see cref="ControlToken"/>; without it: 401, nothing changes.
/// <c>mm control</c> is its command line.
/// </summary>
internal static class ControlEndpoint
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="routes">The web application.</param>
    /// <param name="token">The operator's token.</param>
    public static void Map(IEndpointRouteBuilder routes, ControlToken token)
    {
        var control = routes.MapGroup("/control").AddEndpointFilter(async (context, next) =>
            token.Admits(context.HttpContext.Request.Headers.Authorization)
                ? await next(context).ConfigureAwait(false)
                : Results.Text("401: this endpoint needs the operator's token (Authorization: Bearer <the content of state/control.token>)\n", statusCode: StatusCodes.Status401Unauthorized));
        control.MapGet("/status", Status);
        control.MapPost("/halt", async (KillSwitch killSwitch, HttpRequest request) =>
        {
            await killSwitch.TripAsync(KillSwitchAction.CancelAll, $"operator: {await ReasonAsync(request).ConfigureAwait(false) ?? "halt"}").ConfigureAwait(false);
            return Results.Accepted("/control/status", "halting: every order is canceled and no new one goes out until /control/resume\n");
        });
        control.MapPost("/resume", async (KillSwitch killSwitch, HttpRequest request) =>
        {
            await killSwitch.ResetAsync($"operator: {await ReasonAsync(request).ConfigureAwait(false) ?? "resume"}").ConfigureAwait(false);
            return Results.Accepted("/control/status", "resuming: the kill switch is reset and trading is active again\n");
        });
    }

    private static IResult Status(TradingControl trading, KillSwitch killSwitch, OrderManager orders, InventoryManager inventory, VenueConnections connections, TradingService service, BookKeeper books)
    {
        // The loop owns the books; a field read here may be a moment old, which is all a status needs.
        var bookStates = books.Books.Select(b => new { venue = b.Key.Venue.Value, instrument = b.Key.Instrument.Value, sync = b.Value.SyncState.ToString(), bid = b.Value.BestBid?.Price.Value, ask = b.Value.BestAsk?.Price.Value }).ToArray();
        var (fills, open) = orders.Read(store => (store.All.Sum(o => o.FillCount), store.OpenCount));
        var positions = inventory.Read(i => i.Positions.Select(p => new { venue = p.Venue.Value, instrument = p.Instrument.Value, quantity = p.Quantity, fees = p.FeesPaid, realizedPnl = p.RealizedPnl, fills = p.Fills }).ToArray());
        return Results.Json(new
        {
            trading = trading.State.ToString(),
            reason = trading.Reason,
            started = service.StartedAt is not null,
            killSwitch = new { action = killSwitch.Action.ToString(), latched = killSwitch.LatchedAction.ToString(), trips = killSwitch.Trips.Count, resumptions = killSwitch.Resumptions },
            fills,
            openOrders = open,
            positions,
            books = bookStates,
            connections = connections.States().Select(c => new { venue = c.Venue.Value, connection = c.Connection, state = c.State.ToString() }).ToArray(),
            reconnects = connections.Reconnects,
        });
    }

    private static async Task<string?> ReasonAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = (await reader.ReadToEndAsync().ConfigureAwait(false)).Trim();
        return text.Length == 0 ? null : text[..Math.Min(text.Length, 200)];
    }
}
