using System.Globalization;
using System.Text;

namespace MarketMaker.Kraken.Reporting;

/// <summary>
/// What a run did, printed at the end and written as JSON. Prices and PnL in USD (USDT counted at 1), quantities in
/// base units.
/// </summary>
internal sealed record RunSummary
{
    public required string Mode { get; init; }

    /// <summary>Gets the strategy run (<c>market-maker</c>, <c>avellaneda-stoikov</c>, or the user's type's full name).</summary>
    public required string Strategy { get; init; }

    public required double WallSeconds { get; init; }

    public required bool RecordingCompleted { get; init; }

    /// <summary>Gets the simulated venues' seed (sim mode), or <see langword="null"/> live.</summary>
    public required int? Seed { get; init; }

    /// <summary>Gets how many recording lines the replay could not read and skipped (0 unless a file changed after the start's check).</summary>
    public required long RecordingLinesSkipped { get; init; }

    public required long EventsReplayed { get; init; }

    public required OrderCounts Orders { get; init; }

    public required int Fills { get; init; }

    public required decimal Volume { get; init; }

    public required decimal Fees { get; init; }

    public required decimal RealizedPnl { get; init; }

    public required decimal UnrealizedPnl { get; init; }

    public required IReadOnlyList<VenuePosition> Positions { get; init; }

    public required decimal NetPosition { get; init; }

    public required decimal MaxInventory { get; init; }

    public required HedgeSummary Hedges { get; init; }

    /// <summary>Gets the share of the run in which every side the strategy wanted to quote had an order resting; <see langword="null"/> when both sides never rested at once (nothing was sampled).</summary>
    public required double? QuoteUptime { get; init; }

    /// <summary>Gets the share of the run in which both sides had an order resting (the strategy quotes one side beyond its inventory extreme).</summary>
    public required double? TwoSidedUptime { get; init; }

    public required int Reconnects { get; init; }

    public required IReadOnlyList<string> KillSwitchTrips { get; init; }

    public required int OpenOrdersAtExit { get; init; }

    /// <summary>Gets the orders the simulated venues still held at exit (sim mode; −1 in live mode, where the venue is Kraken).</summary>
    public required int VenueOpenOrdersAtExit { get; init; }

    /// <summary>Gets our orders a venue still reported open after the shutdown's cancel-all, or a venue that could not be checked; empty when the venues report none.</summary>
    public required IReadOnlyList<string> RestingAtExit { get; init; }

    public string ToText()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"=== market-maker-kraken summary ({Mode}) ===");
        text.AppendLine(c, $"Strategy {Strategy}; ran {WallSeconds:0.0} s{(Seed is { } seed ? $" (seed {seed})" : string.Empty)}; {EventsReplayed:N0} events replayed{(RecordingCompleted ? " (the whole recording)" : string.Empty)}{(RecordingLinesSkipped > 0 ? $"; {RecordingLinesSkipped:N0} unreadable recording lines skipped" : string.Empty)}");
        text.AppendLine(c, $"Orders: {Orders.Placed} placed, {Orders.Filled} filled, {Orders.Canceled} canceled, {Orders.Rejected} rejected, {Orders.Denied} denied by risk");
        text.AppendLine(c, $"Fills: {Fills}, volume {Volume:0.########}, fees ${Fees:N4}");
        text.AppendLine(c, $"PnL: realized ${RealizedPnl:N4}, unrealized ${UnrealizedPnl:N4}");
        foreach (var position in Positions)
        {
            text.AppendLine(c, $"Position: {position.Quantity:0.########} {position.Instrument} on {position.Venue} (avg entry: ${position.AverageEntry:N2})");
        }

        text.AppendLine(c, $"Net position {NetPosition:0.########}, largest {MaxInventory:0.########}");
        text.AppendLine(c, $"Hedges: {Hedges.Orders} executed, {Hedges.Volume:0.########} volume, ${Hedges.Notional:N2} notional, cost ${Hedges.Cost:N4} ({Hedges.SlippageBps:0.##} bps slippage)");
        var uptime = QuoteUptime is { } quoted ? string.Create(c, $"{quoted:P1} (both sides {TwoSidedUptime:P1})") : "n/a (both sides never quoted at once)";
        text.AppendLine(c, $"Quote uptime {uptime}; reconnects {Reconnects}; kill switch: {(KillSwitchTrips.Count == 0 ? "not tripped" : string.Join("; ", KillSwitchTrips))}");
        text.AppendLine(c, $"Open orders at exit: {OpenOrdersAtExit}{(VenueOpenOrdersAtExit >= 0 ? $" (the simulated venues hold {VenueOpenOrdersAtExit})" : string.Empty)}");
        text.Append(RestingAtExit.Count == 0 ? "Venues checked at exit: none of our orders open" : "STILL RESTING AT EXIT: " + string.Join("; ", RestingAtExit));
        return text.ToString();
    }
}

/// <summary>Order counts of a run.</summary>
/// <param name="Placed">Orders sent to a venue (what risk denied was never sent, and is not counted here).</param>
/// <param name="Filled">Orders completely filled.</param>
/// <param name="Canceled">Orders canceled.</param>
/// <param name="Rejected">Orders a venue refused.</param>
/// <param name="Denied">Orders a pre-trade check denied.</param>
internal sealed record OrderCounts(int Placed, int Filled, int Canceled, int Rejected, int Denied);

/// <summary>A final position.</summary>
internal sealed record VenuePosition(string Venue, string Instrument, decimal Quantity, decimal AverageEntry, decimal RealizedPnl, decimal Fees);

/// <summary>What hedging did.</summary>
internal sealed record HedgeSummary(int Orders, int Fills, decimal Volume, decimal Notional, decimal Fees, decimal Slippage, decimal Cost, double SlippageBps);
