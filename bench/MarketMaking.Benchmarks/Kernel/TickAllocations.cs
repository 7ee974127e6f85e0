using System.Diagnostics;
using System.Globalization;
using HdrHistogram;

namespace MarketMaking.Benchmarks.Kernel;

/// <summary>
/// Where the kernel spends: replays recorded ticks through <see cref="KernelUnderTest"/>, handing each tick to the
/// pipeline's handlers one by one (as the loop does) and counting the bytes each allocates on the loop's thread and its
/// time on the ticks that sent requests, then what the loop's own messages take (timers, venue answers). A
/// diagnostic to aim the work, not a figure (the timing around each handler adds its own):
/// run with <c>dotnet run -c Release --project bench/MarketMaking.Benchmarks -- --tick-allocations [ticks] [--loop-cpu N] [--journal-cpu N]</c>.
/// </summary>
internal static class TickAllocations
{
    private const int WarmUp = 100_000;

    public static async Task RunAsync(int count, CpuPlacement placement)
    {
        var (kernel, ticks, _) = KernelUnderTest.StartWarm(WarmUp, count, placement);
        await using var running = kernel;

        var handlers = kernel.Pipeline;
        var bytes = new long[handlers.Count];
        var elapsed = handlers.Select(_ => new LongHistogram(10_000_000_000, 3)).ToArray();
        var always = handlers.Select(_ => new LongHistogram(10_000_000_000, 3)).ToArray();
        var spent = new long[handlers.Count];
        long loop = 0, withRequests = 0, synced = 0;
        var reasons = new Dictionary<string, int>();
        var levels = new LongHistogram(1_000_000, 3);
        var levelsWithRequests = new LongHistogram(1_000_000, 3);
        var toFirstRequest = new LongHistogram(10_000_000_000, 3);
        var sent = new List<(double Total, double Books, double Strategy, int Levels)>();
        for (var i = WarmUp; i < ticks.Length; i++)
        {
            var tickStart = Stopwatch.GetTimestamp();
            var before = GC.GetAllocatedBytesForCurrentThread();
            kernel.AdvanceTo(ticks[i].TsInit);
            loop += GC.GetAllocatedBytesForCurrentThread() - before;
            var requests = kernel.Venue.Requests;
            kernel.Venue.Mark();
            long senderStart = 0;
            for (var h = 0; h < handlers.Count; h++)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
                var start = Stopwatch.GetTimestamp();
                handlers[h].OnEvent(ticks[i]);
                spent[h] = Stopwatch.GetTimestamp() - start;
                if (senderStart == 0 && kernel.Venue.FirstSentTimestamp != 0)
                {
                    senderStart = start;
                }

                always[h].RecordValue((long)(spent[h] * (1e9 / Stopwatch.Frequency)));
                bytes[h] += GC.GetAllocatedBytesForCurrentThread() - before;
            }

            var changed = ticks[i] switch
            {
                MarketMaking.Models.BookDelta d => d.Bids.Length + d.Asks.Length,
                MarketMaking.Models.BookSnapshot b => b.Bids.Length + b.Asks.Length,
                _ => -1,
            };
            if (changed >= 0)
            {
                levels.RecordValue(changed);
            }

            if (kernel.Venue.Requests != requests)
            {
                withRequests++;
                if (senderStart != 0)
                {
                    // From the start of the handler that sent it (the strategy's) to the first request's bytes.
                    toFirstRequest.RecordValue((long)((kernel.Venue.FirstSentTimestamp - senderStart) * (1e9 / Stopwatch.Frequency)));
                    sent.Add(((kernel.Venue.FirstSentTimestamp - tickStart) * (1e6 / Stopwatch.Frequency), spent[0] * (1e6 / Stopwatch.Frequency), (kernel.Venue.FirstSentTimestamp - senderStart) * (1e6 / Stopwatch.Frequency), changed));
                }

                levelsWithRequests.RecordValue(Math.Max(0, changed));
                for (var h = 0; h < handlers.Count; h++)
                {
                    elapsed[h].RecordValue((long)(spent[h] * (1e9 / Stopwatch.Frequency)));
                }
            }

            var book = kernel.Book;
            synced += book.SyncState == MarketMaking.Models.BookSyncState.Synced ? 1 : 0;
            reasons[book.OutOfSyncReason.ToString()] = reasons.GetValueOrDefault(book.OutOfSyncReason.ToString()) + 1;
            before = GC.GetAllocatedBytesForCurrentThread();
            kernel.RunPending();
            loop += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"bytes allocated on the loop's thread per tick, over {count:N0} ticks after {WarmUp:N0} of warm-up"));
        for (var h = 0; h < handlers.Count; h++)
        {
            Console.WriteLine(string.Create(c, $"  {handlers[h].Name,-24} {(double)bytes[h] / count,8:N1} B ({bytes[h]:N0} B in all)  p50 {always[h].GetValueAtPercentile(50) / 1000.0,6:N2} µs on any tick, p50 {elapsed[h].GetValueAtPercentile(50) / 1000.0,6:N2} µs, p90 {elapsed[h].GetValueAtPercentile(90) / 1000.0,6:N2} µs, p99 {elapsed[h].GetValueAtPercentile(99) / 1000.0,6:N2} µs on a tick that sent requests  ({handlers[h].GetType().Name})"));
        }

        Console.WriteLine(string.Create(c, $"  the sending handler's start to the first request's bytes: p50 {toFirstRequest.GetValueAtPercentile(50) / 1000.0:N2} µs, p90 {toFirstRequest.GetValueAtPercentile(90) / 1000.0:N2} µs, p99 {toFirstRequest.GetValueAtPercentile(99) / 1000.0:N2} µs"));
        var slowest = sent.OrderByDescending(t => t.Total).Take(Math.Max(1, sent.Count / 100)).ToList();
        Console.WriteLine(string.Create(c, $"  the slowest 1 % of ticks to their first request ({slowest.Count}, from {slowest[^1].Total:N2} µs): medians: books {Median(slowest.Select(t => t.Books)):N2} µs, the sender's start to the request {Median(slowest.Select(t => t.Strategy)):N2} µs, levels {Median(slowest.Select(t => (double)t.Levels))}; of all {sent.Count}: books {Median(sent.Select(t => t.Books)):N2} µs, sender {Median(sent.Select(t => t.Strategy)):N2} µs"));
        Console.WriteLine(string.Create(c, $"levels per book event: p50 {levels.GetValueAtPercentile(50)}, p90 {levels.GetValueAtPercentile(90)}, p99 {levels.GetValueAtPercentile(99)}; on ticks that sent requests p50 {levelsWithRequests.GetValueAtPercentile(50)}, p90 {levelsWithRequests.GetValueAtPercentile(90)}"));
        Console.WriteLine(string.Create(c, $"book synced after {synced:N0} of {count:N0} ticks; {string.Join(", ", reasons)}; max depth {kernel.Book.MaxDepth}, {kernel.Book.BidDepth} bids and {kernel.Book.AskDepth} asks at the end"));
        Console.WriteLine(string.Create(c, $"  {"the loop's own messages",-24} {(double)loop / count,8:N1} B  (timers, venue answers and what they set off)"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
