using System.Globalization;

namespace MarketMaking.Simulation.Reporting;

/// <summary>
/// Writes the run's equity series as CSV, one row a second of simulated time: <c>ts_ns</c> (ns since the Unix epoch),
/// <c>net_pnl</c> (USD, fees counted, marked to the mid),
/// <c>gross_pnl</c> (the same before fees and rebates), <c>net_position</c> (base units, every venue), <c>mid</c>,
/// <c>best_bid</c>, <c>best_ask</c> (the quoted book, quote per base), <c>our_bid</c>, <c>our_ask</c> (our best resting
/// quotes on the quoted venue); an unknown value is empty.
/// </summary>
public static class EquityCsv
{
    /// <summary>The header row.</summary>
    public const string Header = "ts_ns,net_pnl,gross_pnl,net_position,mid,best_bid,best_ask,our_bid,our_ask";

    /// <summary>Writes the file, a row at a time.</summary>
    /// <param name="path">The file, replaced.</param>
    /// <param name="samples">The samples, in time order.</param>
    public static void Write(string path, IEnumerable<EquitySample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var c = CultureInfo.InvariantCulture;
        using var writer = ReportFile.CreateText(path);
        writer.WriteLine(Header);
        foreach (var s in samples)
        {
            writer.WriteLine(string.Create(c, $"{s.TimeNanoseconds},{s.NetPnl},{s.GrossPnl},{s.NetPosition},{s.Mid},{s.BestBid},{s.BestAsk},{s.OurBid},{s.OurAsk}"));
        }
    }
}
