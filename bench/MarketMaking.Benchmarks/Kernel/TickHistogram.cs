using System.Diagnostics;
using System.Globalization;
using HdrHistogram;

namespace MarketMaking.Benchmarks.Kernel;

/// <summary>
/// Times every tick of a long replay through the real kernel (<see cref="KernelUnderTest"/>) and prints the latency
/// percentiles (HdrHistogram, 3 significant digits) and the bytes allocated per tick on the loop's thread. Run with
/// <c>dotnet run -c Release --project bench/MarketMaking.Benchmarks -- --tick-histogram [ticks]</c> (default 1,000,000,
/// after 100,000 ticks of warm-up).
/// </summary>
internal static class TickHistogram
{
    private const int WarmUp = 100_000;

    public static async Task RunAsync(int count)
    {
        var (ticks, recorded) = KernelUnderTest.Ticks(WarmUp + count);
        await using var kernel = KernelUnderTest.Start(ticks[0].TsInit);
        for (var i = 0; i < WarmUp; i++)
        {
            kernel.Tick(ticks[i]);
        }

        var all = new LongHistogram(10_000_000_000, 3);
        var withRequests = new LongHistogram(10_000_000_000, 3);
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var requestsBefore = kernel.Venue.Requests;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = WarmUp; i < ticks.Length; i++)
        {
            var requests = kernel.Venue.Requests;
            var start = Stopwatch.GetTimestamp();
            kernel.Tick(ticks[i]);
            var nanoseconds = (long)((Stopwatch.GetTimestamp() - start) * (1e9 / Stopwatch.Frequency));
            all.RecordValue(nanoseconds);
            if (kernel.Venue.Requests != requests)
            {
                withRequests.RecordValue(nanoseconds);
            }
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{count:N0} ticks through the kernel ({recorded:N0} recorded Binance spot BTCUSDT events replayed in turn), after {WarmUp:N0} of warm-up"));
        Print("every tick", all);
        Print("ticks that sent requests", withRequests);
        Console.WriteLine(string.Create(c, $"allocated on the loop's thread: {(double)allocated / count:N0} B per tick; GCs: {GC.CollectionCount(0) - gen0} gen0, {GC.CollectionCount(2) - gen2} gen2"));
        Console.WriteLine(string.Create(c, $"requests serialized: {kernel.Venue.Requests - requestsBefore:N0} ({kernel.Venue.Bytes:N0} bytes in all)"));
    }

    private static void Print(string what, LongHistogram histogram) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-26} n={histogram.TotalCount,9:N0}  p50 {Micros(histogram, 50)}  p90 {Micros(histogram, 90)}  p99 {Micros(histogram, 99)}  p99.9 {Micros(histogram, 99.9)}  max {histogram.GetMaxValue() / 1000.0:N1} µs"));

    private static string Micros(LongHistogram histogram, double percentile) =>
        histogram.TotalCount == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{histogram.GetValueAtPercentile(percentile) / 1000.0:N2} µs");
}
