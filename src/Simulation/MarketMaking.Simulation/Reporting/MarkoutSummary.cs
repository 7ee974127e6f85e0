using System.Globalization;
using System.Text.Json.Serialization;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Reporting;

/// <summary>
/// Our fills on one side, marked to the mid a fixed time after each: the realized (half-)spread at that horizon. A
/// positive markout earned money (a buy the mid rose after, a sell it fell after); the markout at 0 is the spread
/// captured against the mid at the fill, and the fall from it to the later horizons is the adverse selection paid.
/// </summary>
/// <param name="Side">Our side.</param>
/// <param name="HorizonMilliseconds">The time after the fill, in ms (0: at the fill).</param>
/// <param name="Fills">The fills marked (those whose horizon the run reached, with a mid on their book).</param>
/// <param name="MeanBps">The quantity-weighted mean, in bps of the fill price: ±(mid − price) / price × 10,000.</param>
/// <param name="Total">The sum of ±(mid − price) × quantity, in the quote currency.</param>
public sealed record MarkoutSummary([property: JsonConverter(typeof(JsonStringEnumConverter<Side>))] Side Side, long HorizonMilliseconds, int Fills, decimal MeanBps, decimal Total)
{
    /// <summary>A horizon as the reports name it: <c>fill</c>, <c>100 ms</c>, <c>1 s</c>.</summary>
    /// <param name="horizonMilliseconds">The time after the fill, in ms.</param>
    /// <returns>The label.</returns>
    public static string HorizonLabel(long horizonMilliseconds) => horizonMilliseconds switch
    {
        0 => "fill",
        < 1_000 => string.Create(CultureInfo.InvariantCulture, $"{horizonMilliseconds} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{horizonMilliseconds / 1_000} s"),
    };
}
