using System.Globalization;
using MarketMaking.Simulation.Reporting;

namespace MarketMaker.Kraken.Reporting;

/// <summary>The run's figures as text, shared by the dashboard and the summary so that both print the same thing.</summary>
internal static class Figures
{
    /// <summary>A quantity in base units, without trailing zeros.</summary>
    public static string Quantity(decimal value) => value.ToString("0.########", CultureInfo.InvariantCulture);

    /// <summary>One venue's PnL: gross = spread + inventory; fees; net, in its quote currency.</summary>
    public static string Pnl(VenuePnl venue) =>
        string.Create(CultureInfo.InvariantCulture, $"gross {venue.Gross:N2} = spread {venue.SpreadCapture:N2} + inventory {venue.Inventory:N2}; fees {venue.Fees:N2}; net {venue.Net:N2} {venue.QuoteAsset}");

    /// <summary>One venue's trading: fills, volume, notional, and the position.</summary>
    public static string Trading(VenuePnl venue) =>
        string.Create(CultureInfo.InvariantCulture, $"{venue.Fills} fills, {Quantity(venue.Volume)} {venue.BaseAsset} ({venue.Notional:N2} {venue.QuoteAsset}); position {Quantity(venue.Position)} {venue.BaseAsset}{(venue.Position != 0 ? string.Create(CultureInfo.InvariantCulture, $" at {venue.AverageEntry:N2}") : string.Empty)}");

    /// <summary>The venues added up, in USD.</summary>
    public static string Totals(PnlTotals totals) =>
        string.Create(CultureInfo.InvariantCulture, $"{totals.Notional:N2} USD traded; gross {totals.Gross:N2} = spread {totals.SpreadCapture:N2} + inventory {totals.Inventory:N2}; fees {totals.Fees:N2}; net {totals.Net:N2} USD");

    /// <summary>The net position over every venue and the largest sampled.</summary>
    public static string NetPosition(decimal net, decimal largest, string asset) => $"{Quantity(net)} {asset} over all venues (largest {Quantity(largest)} {asset})";

    /// <summary>The quote uptime, or why there is none.</summary>
    public static string Uptime(double? wanted, double? twoSided) =>
        wanted is { } quoted ? string.Create(CultureInfo.InvariantCulture, $"{quoted:P1} (both sides {twoSided:P1})") : "n/a (both sides never quoted at once)";
}
