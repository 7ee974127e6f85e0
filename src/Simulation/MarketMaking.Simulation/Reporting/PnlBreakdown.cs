using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Simulation.Reporting;

/// <summary>
/// The run's PnL by venue and in total, from the inventory's positions (gross: realized + unrealized at the mid) and
/// the recorded fills (fees, volume, spread capture): the one computation behind the dashboard and the summary, so that
/// both show the same figures. Each amount is rounded to cents once; the sums and differences are taken after, so
/// that the parts add up exactly as printed.
/// </summary>
public static class PnlBreakdown
{
    /// <summary>Computes the breakdown.</summary>
    /// <param name="inventory">The inventory (read under its lock).</param>
    /// <param name="books">The books (the instruments' lot sizes).</param>
    /// <param name="fills">The fills recorded.</param>
    /// <param name="nameOf">Names a venue (in a simulated run, what it replays).</param>
    /// <param name="feesOf">Names the fee schedule a venue charges, or where its fees come from.</param>
    /// <returns>Each venue's result, and the totals in USD.</returns>
    public static (IReadOnlyList<VenuePnl> Venues, PnlTotals Totals) Compute(InventoryManager inventory, BookKeeper books, IReadOnlyList<FillRecord> fills, Func<VenueId, string> nameOf, Func<VenueId, string> feesOf)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(books);
        ArgumentNullException.ThrowIfNull(fills);
        ArgumentNullException.ThrowIfNull(nameOf);
        ArgumentNullException.ThrowIfNull(feesOf);
        // The positions copied on the loop (a short read); the fills, which only grow, summed here, off it.
        var positions = inventory.Read(i => i.Positions
            .OrderBy(p => p.Venue.Value, StringComparer.Ordinal)
            .ThenBy(p => p.Instrument.Value, StringComparer.Ordinal)
            .Select(p => (p.Venue, p.Instrument, p.Assets, p.Quantity, p.AverageEntryPrice, p.Mark, Result: p.RealizedPnl + p.UnrealizedPnl,
                Lot: books.Books.GetValueOrDefault((p.Venue, p.Instrument))?.Spec.LotSize.Value, UsdPerQuote: i.ToUsd(p.Assets.Quote, 1m)))
            .ToArray());
        var venues = new List<VenuePnl>();
        decimal notional = 0, gross = 0, spread = 0, fees = 0;
        foreach (var position in positions)
        {
            var own = fills.Where(f => f.Fill.Venue == position.Venue && f.Fill.Instrument == position.Instrument).ToArray();
            var venue = Cents(position.Result);
            var capture = Cents(own.Sum(f => f.SpreadCapture));
            var paid = Cents(own.Sum(f => f.FeeInQuote));
            var traded = own.Sum(f => f.Fill.Price.Value * f.Fill.Quantity.Value);
            venues.Add(new VenuePnl(
                position.Venue.Value,
                nameOf(position.Venue),
                position.Instrument.Value,
                position.Assets.Base.Value,
                position.Assets.Quote.Value,
                feesOf(position.Venue),
                ToLot(position.Quantity, position.Lot),
                Cents(position.AverageEntryPrice),
                position.Mark,
                own.Length,
                ToLot(own.Sum(f => f.Fill.Quantity.Value), position.Lot),
                Cents(traded),
                venue,
                capture,
                venue - capture,
                paid,
                venue - paid));
            notional += Cents(traded * position.UsdPerQuote);
            gross += Cents(venue * position.UsdPerQuote);
            spread += Cents(capture * position.UsdPerQuote);
            fees += Cents(paid * position.UsdPerQuote);
        }

        return (venues, new PnlTotals(notional, gross, spread, gross - spread, fees, gross - fees));
    }

    private static decimal Cents(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>Rounds to a whole number of lots, without trailing zeros (0.008, not 0.00800000).</summary>
    private static decimal ToLot(decimal quantity, decimal? lot)
    {
        var rounded = lot is { } size && size > 0 ? decimal.Round(quantity / size, 0, MidpointRounding.AwayFromZero) * size : quantity;
        return rounded / 1.0000000000000000000000000000m;
    }
}
