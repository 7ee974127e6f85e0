using System.Globalization;
using System.Text;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Reporting;

/// <summary>
/// Writes the run's fills as CSV, one row per fill, in the order applied: <c>ts_event_ns</c> (the venue's time, ns
/// since the Unix epoch), <c>venue</c>, <c>instrument</c>, <c>side</c>, <c>price</c> (quote per base),
/// <c>quantity</c> (base units), <c>fee</c> (quote currency; negative for a rebate), <c>liquidity</c> (maker or taker),
/// <c>client_order_id</c>, <c>venue_order_id</c>, <c>trade_id</c>, <c>mid</c> (the venue's mid when applied; empty
/// when unknown), <c>spread_capture</c> (quote currency), <c>restored</c> (applied in an earlier run, from the journal).
/// Each venue's quantities and fees add up to its volume and fees in the summary.
/// </summary>
public static class FillsCsv
{
    /// <summary>The header row.</summary>
    public const string Header = "ts_event_ns,venue,instrument,side,price,quantity,fee,liquidity,client_order_id,venue_order_id,trade_id,mid,spread_capture,restored";

    /// <summary>Writes the file.</summary>
    /// <param name="path">The file, replaced.</param>
    /// <param name="fills">The fills.</param>
    /// <returns>Completes when written.</returns>
    public static Task WriteAsync(string path, IReadOnlyList<FillRecord> fills) => File.WriteAllTextAsync(path, Format(fills));

    /// <summary>Formats the file's text.</summary>
    /// <param name="fills">The fills.</param>
    /// <returns>The header and one row per fill.</returns>
    public static string Format(IReadOnlyList<FillRecord> fills)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(text, fills);
        return text.ToString();
    }

    /// <summary>Writes the file's text a row at a time.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="fills">The fills.</param>
    internal static void WriteTo(TextWriter writer, IReadOnlyList<FillRecord> fills)
    {
        ArgumentNullException.ThrowIfNull(fills);
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine(Header);
        foreach (var record in fills)
        {
            var fill = record.Fill;
            writer.WriteLine(string.Create(c, $"{fill.TsEvent},{fill.Venue.Value},{fill.Instrument.Value},{(fill.Side == Side.Buy ? "buy" : "sell")},{fill.Price.Value},{fill.Quantity.Value},{record.FeeInQuote},{fill.Liquidity.ToString().ToLowerInvariant()},{fill.ClientOrderId?.Value},{fill.VenueOrderId.Value},{fill.TradeId.Value},{record.Mid},{record.SpreadCapture},{(record.Restored ? "true" : "false")}"));
        }
    }
}
