using System.Diagnostics;
using System.Globalization;
using HdrHistogram;

namespace MarketMaking.Benchmarks.Kernel;

/// <summary>
/// What the machine itself adds to a latency percentile: the same fixed piece of work, allocation-free and with no I/O
/// (a dependent chain of integer operations calibrated to take about as long as a tick to order's median), timed
/// 200,000 times on one thread. Every microsecond above its median at p99 is the machine's (interrupts, the
/// hypervisor, other threads), not the code's: no kernel can be shown faster than this floor here. Run with
/// <c>dotnet run -c Release --project bench/MarketMaking.Benchmarks -- --noise-floor [µs] [pages]</c> (default 5 µs,
/// 0 pages). With pages, each piece of work first reads one word from each of that many pages of a 256 MB array, the
/// same scattered pages every time (a requote reads the same objects, spread over the heap): what the machine adds to
/// work whose memory is warm, when something (another thread, the hypervisor moving the virtual CPU) has evicted it.
/// </summary>
internal static class NoiseFloor
{
    private const int Samples = 200_000;
    private const int PageWords = 4096 / sizeof(long);

    public static void Run(double targetMicroseconds, int pages)
    {
        // Written once, so that every page is mapped before the measurement.
        var memory = new long[pages > 0 ? 256L * 1024 * 1024 / sizeof(long) : 0];
        for (var i = 0; i < memory.Length; i += PageWords)
        {
            memory[i] = i;
        }

        var steps = Calibrate(targetMicroseconds, memory, pages);
        var histogram = new LongHistogram(10_000_000_000, 3);
        var sink = 0UL;
        for (var i = 0; i < Samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            sink += Work(steps, (ulong)i, memory, pages);
            histogram.RecordValue((long)((Stopwatch.GetTimestamp() - start) * (1e9 / Stopwatch.Frequency)));
        }

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"a fixed {targetMicroseconds:N1} µs of work ({steps:N0} dependent steps after reading the same {pages:N0} scattered pages), {Samples:N0} times on one thread (checksum {sink % 1000})"));
        Console.WriteLine(string.Create(c, $"p50 {Micros(histogram, 50)}  p90 {Micros(histogram, 90)}  p99 {Micros(histogram, 99)}  p99.9 {Micros(histogram, 99.9)}  max {histogram.GetMaxValue() / 1000.0:N1} µs"));
    }

    /// <summary>The number of steps whose median time is the target, found on this machine.</summary>
    private static int Calibrate(double targetMicroseconds, long[] memory, int pages)
    {
        var steps = 1_000;
        for (var round = 0; round < 8; round++)
        {
            var times = new long[2_001];
            for (var i = 0; i < times.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                Work(steps, (ulong)i, memory, pages);
                times[i] = Stopwatch.GetTimestamp() - start;
            }

            Array.Sort(times);
            var median = times[times.Length / 2] * (1e6 / Stopwatch.Frequency);
            steps = Math.Max(1, (int)(steps * targetMicroseconds / Math.Max(median, 1e-3)));
        }

        return steps;
    }

    /// <summary>A word read from each of some random pages, then a chain of multiply-xorshift steps: each depends on the last, so the CPU cannot overlap them.</summary>
    private static ulong Work(int steps, ulong seed, long[] memory, int pages)
    {
        var x = seed | 1;
        var pageCount = (ulong)(memory.Length / PageWords);

        // The same pages every time, as a requote reads the same objects: warm unless something evicted them.
        var page = 1UL;
        for (var p = 0; p < pages; p++)
        {
            page = (page * 6364136223846793005UL) + 1442695040888963407UL;
            x ^= (ulong)memory[(long)((page >> 20) % pageCount) * PageWords];
        }

        for (var i = 0; i < steps; i++)
        {
            x = (x * 6364136223846793005UL) ^ (x >> 29);
        }

        return x;
    }

    private static string Micros(LongHistogram histogram, double percentile) =>
        string.Create(CultureInfo.InvariantCulture, $"{histogram.GetValueAtPercentile(percentile) / 1000.0:N2} µs");
}
