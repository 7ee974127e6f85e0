using System.Diagnostics;
using System.Globalization;

namespace MarketMaking.Benchmarks.Kernel;

/// <summary>
/// Where the kernel spends: replays recorded ticks through <see cref="KernelUnderTest"/>, handing each tick to the
/// pipeline's handlers one by one (as the loop does) and counting the bytes each allocates on the loop's thread and its
/// mean time on the ticks that sent requests, then what the loop's own messages take (timers, venue answers). A
/// diagnostic to aim the work, not a figure (the timing around each handler adds its own):
/// run with <c>dotnet run -c Release --project bench/MarketMaking.Benchmarks -- --tick-allocations [ticks]</c>.
/// </summary>
internal static class TickAllocations
{
    private const int WarmUp = 100_000;

    public static async Task RunAsync(int count)
    {
        var (ticks, _) = KernelUnderTest.Ticks(WarmUp + count);
        await using var kernel = KernelUnderTest.Start(ticks[0].TsInit);
        for (var i = 0; i < WarmUp; i++)
        {
            kernel.Tick(ticks[i]);
        }

        var handlers = kernel.Pipeline;
        var bytes = new long[handlers.Count];
        var elapsed = new long[handlers.Count];
        var spent = new long[handlers.Count];
        long loop = 0, withRequests = 0;
        for (var i = WarmUp; i < ticks.Length; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            kernel.AdvanceTo(ticks[i].TsInit);
            loop += GC.GetAllocatedBytesForCurrentThread() - before;
            var requests = kernel.Venue.Requests;
            for (var h = 0; h < handlers.Count; h++)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
                var start = Stopwatch.GetTimestamp();
                handlers[h].OnEvent(ticks[i]);
                spent[h] = Stopwatch.GetTimestamp() - start;
                bytes[h] += GC.GetAllocatedBytesForCurrentThread() - before;
            }

            if (kernel.Venue.Requests != requests)
            {
                withRequests++;
                for (var h = 0; h < handlers.Count; h++)
                {
                    elapsed[h] += spent[h];
                }
            }

            before = GC.GetAllocatedBytesForCurrentThread();
            kernel.RunPending();
            loop += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"bytes allocated on the loop's thread per tick, over {count:N0} ticks after {WarmUp:N0} of warm-up"));
        for (var h = 0; h < handlers.Count; h++)
        {
            Console.WriteLine(string.Create(c, $"  {handlers[h].Name,-24} {(double)bytes[h] / count,8:N1} B  {elapsed[h] * (1e6 / Stopwatch.Frequency) / Math.Max(1, withRequests),8:N2} µs on a tick that sent requests  ({handlers[h].GetType().Name})"));
        }

        Console.WriteLine(string.Create(c, $"  {"the loop's own messages",-24} {(double)loop / count,8:N1} B  (timers, venue answers and what they set off)"));
    }
}
