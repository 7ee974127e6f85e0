using System.Globalization;
using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Simulation.Reporting;

/// <summary>
/// Writes every order of a run as CSV, one row per order in the order the intents were made: <c>created_ns</c> and
/// <c>updated_ns</c> (ns since the Unix epoch), <c>venue</c>, <c>instrument</c>, <c>client_order_id</c>,
/// <c>venue_order_id</c> (empty when the venue never gave one), <c>strategy</c>, <c>side</c>, <c>type</c>,
/// <c>post_only</c>, <c>price</c> (quote per base; empty for a market order), <c>quantity</c> and
/// <c>filled_quantity</c> (base units), <c>average_price</c> (of the fills; empty without one), <c>fees</c> (in the
/// fills' fee asset), <c>status</c> (how it ended, or where it stands), <c>error</c> (the venue's or the pre-trade
/// check's last word on it). Its filled quantities add up to the fills CSV's quantities.
/// </summary>
public static class OrdersCsv
{
    /// <summary>The header row.</summary>
    public const string Header = "created_ns,updated_ns,venue,instrument,client_order_id,venue_order_id,strategy,side,type,post_only,price,quantity,filled_quantity,average_price,fees,status,error";

    /// <summary>Formats the file's text.</summary>
    /// <param name="orders">Every order the OMS tracked.</param>
    /// <returns>The header and one row per order, by creation time and then client order id.</returns>
    public static string Format(IEnumerable<OmsOrder> orders)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(text, orders);
        return text.ToString();
    }

    /// <summary>Writes the file's text a row at a time (a run's report writes it straight to the file: a run can hold
    /// tens of thousands of orders, denied ones included, and their text whole, twice over in a builder and its string,
    /// was the report's largest allocation).</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="orders">The orders.</param>
    internal static void WriteTo(TextWriter writer, IEnumerable<OmsOrder> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine(Header);
        foreach (var o in orders.OrderBy(o => o.CreatedNanoseconds).ThenBy(o => o.ClientOrderId.Value, StringComparer.Ordinal))
        {
            writer.WriteLine(string.Create(c, $"{o.CreatedNanoseconds},{o.UpdatedNanoseconds},{o.Venue.Value},{o.Instrument.Value},{o.ClientOrderId.Value},{o.VenueOrderId?.Value},{CsvField.Quote(o.Strategy)},{(o.Side == Side.Buy ? "buy" : "sell")},{o.Type.ToString().ToLowerInvariant()},{(o.PostOnly ? "true" : "false")},{o.LimitPrice?.Value},{o.Quantity.Value},{o.FilledQuantity.Value},{o.AveragePrice?.Value},{o.Fees},{o.Status.ToString().ToLowerInvariant()},{CsvField.Quote(o.LastError)}"));
        }
    }
}
