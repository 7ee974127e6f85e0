using System.Globalization;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.Latency;

/// <summary>A simulated venue's latencies in words, for a report: "order entry 1–2 ms, response 1–2 ms, feed as recorded".</summary>
internal static class LatencyDescription
{
    public static string Of(SimulatedVenueOptions options)
    {
        var order = options.OrderLatency switch
        {
            null => $"order entry {Range(options.OrderEntryLatency)}, response {Range(options.ResponseLatency)}",
            RecordedOrderLatency recorded => $"order latency from {recorded.Count.ToString(CultureInfo.InvariantCulture)} recorded round trips",
            var other => $"order latency {other.GetType().Name}",
        };
        return $"{order}, feed {(options.FeedLatency == FeedLatency.Recorded ? "as recorded" : "without latency")}";
    }

    private static string Range(LatencyOptions latency) =>
        latency.Jitter == TimeSpan.Zero ? Milliseconds(latency.Fixed) : $"{Milliseconds(latency.Fixed)}–{Milliseconds(latency.Fixed + latency.Jitter)}";

    private static string Milliseconds(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0.###} ms");
}
