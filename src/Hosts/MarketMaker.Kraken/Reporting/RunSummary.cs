using System.Globalization;
using System.Text;
using MarketMaking.Simulation.Reporting;

namespace MarketMaker.Kraken.Reporting;

/// <summary>
/// What a run did, printed at the end and written as JSON. Money per venue in its quote currency and in total in USD
/// (dollar stablecoins at 1), rounded to cents; quantities in base units, rounded to the instrument's lot.
/// </summary>
internal sealed record RunSummary
{
    public required string Mode { get; init; }

    /// <summary>Gets the strategy run (<c>market-maker</c>, <c>avellaneda-stoikov</c>, or the user's strategy's name).</summary>
    public required string Strategy { get; init; }

    public required double WallSeconds { get; init; }

    public required bool RecordingCompleted { get; init; }

    /// <summary>Gets the simulated venues' seed (sim mode), or <see langword="null"/> live.</summary>
    public required int? Seed { get; init; }

    /// <summary>Gets how many recording lines the replay could not read and skipped (0 unless a file changed after the start's check).</summary>
    public required long RecordingLinesSkipped { get; init; }

    public required long EventsReplayed { get; init; }

    public required OrderCounts Orders { get; init; }

    /// <summary>Gets our fills on every venue (the rows of <see cref="FillsPath"/>).</summary>
    public required int Fills { get; init; }

    /// <summary>Gets each venue's result: position, volume, gross (spread capture + inventory), fees and net.</summary>
    public required IReadOnlyList<VenuePnl> Venues { get; init; }

    /// <summary>Gets the venues' results added up, in USD.</summary>
    public required PnlTotals Totals { get; init; }

    /// <summary>Gets the base asset quoted: the unit of <see cref="NetPosition"/> and <see cref="LargestNetPosition"/>.</summary>
    public required string BaseAsset { get; init; }

    /// <summary>Gets the position in the base asset summed over every venue at the end.</summary>
    public required decimal NetPosition { get; init; }

    /// <summary>Gets the largest absolute net position sampled during the run.</summary>
    public required decimal LargestNetPosition { get; init; }

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

    /// <summary>Gets the path of the fills CSV (one row per fill; its quantities and fees add up to each venue's volume and fees).</summary>
    public required string FillsPath { get; init; }

    public string ToText()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"=== market-maker-kraken summary ({Mode}) ===");
        text.AppendLine(c, $"Strategy {Strategy}; ran {WallSeconds:0.0} s{(Seed is { } seed ? $" (seed {seed})" : string.Empty)}; {EventsReplayed:N0} events replayed{(RecordingCompleted ? " (the whole recording)" : string.Empty)}{(RecordingLinesSkipped > 0 ? $"; {RecordingLinesSkipped:N0} unreadable recording lines skipped" : string.Empty)}");
        text.AppendLine(c, $"Orders: {Orders.Placed} placed (sent to a venue), {Orders.Filled} filled, {Orders.Canceled} canceled, {Orders.Rejected} rejected, {Orders.Denied} denied by risk (never sent)");
        text.AppendLine("PnL by venue (gross = spread capture + inventory; net = gross - fees):");
        foreach (var venue in Venues)
        {
            text.AppendLine(c, $"  {venue.Venue}: {venue.VenueName}; fees {venue.FeeSchedule}");
            text.AppendLine(c, $"    {venue.Instrument}: {Figures.Trading(venue)}");
            text.AppendLine(c, $"    {Figures.Pnl(venue)}");
        }

        text.AppendLine(c, $"  total: {Figures.Totals(Totals)}");
        text.AppendLine(c, $"Net position {Figures.NetPosition(NetPosition, LargestNetPosition, BaseAsset)}");
        text.AppendLine(c, $"Hedges: {Hedges.Describe(BaseAsset)}");
        text.AppendLine(c, $"Quote uptime {Figures.Uptime(QuoteUptime, TwoSidedUptime)}; reconnects {Reconnects}; kill switch: {(KillSwitchTrips.Count == 0 ? "not tripped" : string.Join("; ", KillSwitchTrips))}");
        text.AppendLine(c, $"Open orders at exit: {OpenOrdersAtExit}{(VenueOpenOrdersAtExit >= 0 ? $" (the simulated venues hold {VenueOpenOrdersAtExit})" : string.Empty)}");
        text.AppendLine(RestingAtExit.Count == 0 ? "Venues checked at exit: none of our orders open" : "STILL RESTING AT EXIT: " + string.Join("; ", RestingAtExit));
        text.Append(c, $"Fills: {FillsPath}");
        return text.ToString();
    }
}

/// <summary>What hedging did (its fees are among the hedge venue's fees).</summary>
/// <param name="Orders">Hedge orders sent.</param>
/// <param name="Fills">Their fills.</param>
/// <param name="Volume">Their quantity, in base units.</param>
/// <param name="Notional">Their notional, in USD, rounded to cents.</param>
/// <param name="Slippage">What they paid against the mid when each was decided, in USD, rounded to cents.</param>
/// <param name="SlippageBps">The slippage in bps of the notional.</param>
internal sealed record HedgeSummary(int Orders, int Fills, decimal Volume, decimal Notional, decimal Slippage, double SlippageBps)
{
    /// <summary>The hedges as the summary and the dashboard print them.</summary>
    /// <param name="baseAsset">The unit of the volume.</param>
    /// <returns>The text.</returns>
    public string Describe(string baseAsset) =>
        string.Create(CultureInfo.InvariantCulture, $"{Orders} orders, {Figures.Quantity(Volume)} {baseAsset}, {Notional:N2} USD notional, slippage {Slippage:N2} USD ({SlippageBps:0.##} bps); fees counted in the hedge venue's");

    /// <summary>The hedger's statistics, rounded as printed; none without hedging.</summary>
    /// <param name="statistics">The statistics, or <see langword="null"/>.</param>
    /// <returns>The summary.</returns>
    public static HedgeSummary Of(MarketMaking.Inventory.HedgeStatistics? statistics) => statistics is { } s
        ? new HedgeSummary(s.Orders, s.Fills, s.Volume, decimal.Round(s.Notional, 2), decimal.Round(s.Slippage, 2), Math.Round(s.SlippageBps, 2))
        : new HedgeSummary(0, 0, 0, 0, 0, 0);
}
