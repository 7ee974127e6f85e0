using System.Diagnostics;
using System.Globalization;
using HdrHistogram;

namespace MarketMaking.Benchmarks.Kernel;

/// <summary>
/// Times every tick of a long replay through the real kernel (<see cref="KernelUnderTest"/>) and prints the latency
/// percentiles (HdrHistogram, 3 significant digits) and the bytes allocated per tick on the loop's thread: of every tick
/// (until the loop has nothing left to do), and, for the ticks that sent requests, tick to order (from the tick's post
/// to the first request's bytes serialized: what the field calls tick-to-trade) and the whole tick (every request's
/// bytes; the venue answers them after, as a venue's answers arrive after its requests have left, and what the answers
/// allocate is counted apart). The timers due before a tick (the strategy's requote timer, the kill switch's checks) run
/// first, timed apart: what they send is timer to order. Tick to order is also given apart for book messages of at most
/// and of more than 64 level changes (Binance's diffs run to hundreds). Run with
/// <c>dotnet run -c Release --project bench/MarketMaking.Benchmarks -- --tick-histogram [ticks] [--loop-cpu N] [--journal-cpu N]</c>
/// (default 1,000,000, after 100,000 ticks of warm-up; the threads where the OS puts them unless pinned).
/// </summary>
internal static class TickHistogram
{
    private const int WarmUp = 100_000;

    /// <summary>Book messages with more level changes than this count as long in the split of tick to order.</summary>
    private const int LongMessageLevels = 64;

    public static async Task RunAsync(int count, CpuPlacement placement)
    {
        var (kernel, ticks, recorded) = KernelUnderTest.StartWarm(WarmUp, count, placement);
        await using var running = kernel;

        var all = new LongHistogram(10_000_000_000, 3);
        var withRequests = new LongHistogram(10_000_000_000, 3);
        var tickToOrder = new LongHistogram(10_000_000_000, 3);
        var timerToOrder = new LongHistogram(10_000_000_000, 3);

        // Tick to order split by the message's size: a Binance diff of hundreds of levels takes longer to apply than one
        // of a few, even to a book kept to ten levels.
        var shortToOrder = new LongHistogram(10_000_000_000, 3);
        var longToOrder = new LongHistogram(10_000_000_000, 3);
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var paused = GC.GetTotalPauseDuration();
        var requestsBefore = kernel.Venue.Requests;
        var switchesBefore = ContextSwitches();
        long allocated = 0, allocatedWithRequests = 0, allocatedToOrder = 0, ticksToOrderAllocating = 0, allocatedTimerToOrder = 0;
        long ticksAllocating = 0, ticksAllocatingOnResync = 0, timerMessages = 0, timerMessageBytes = 0, timerLoopBytes = 0, answers = 0, answerBytes = 0;
        for (var i = WarmUp; i < ticks.Length; i++)
        {
            // The timers due before the tick first (a strategy's requote timer, the kill switch's checks): what they send
            // is timer to order, not tick to order. Their messages are made where the clock fires them (here; a timer
            // thread in a live run), then the loop takes them.
            var requests = kernel.Venue.Requests;
            kernel.Venue.Mark();
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            kernel.AdvanceTo(ticks[i].TsInit);
            var loopBytes = GC.GetAllocatedBytesForCurrentThread();
            timerMessageBytes += loopBytes - bytes;
            timerMessages += kernel.RunLoop();
            timerLoopBytes += GC.GetAllocatedBytesForCurrentThread() - loopBytes;
            if (kernel.Venue.Requests != requests)
            {
                timerToOrder.RecordValue(Nanoseconds(kernel.Venue.FirstSentTimestamp - start));
                allocatedTimerToOrder += kernel.Venue.FirstSentAllocatedBytes - loopBytes;
            }

            answers += kernel.Venue.Requests - requests;
            var answerStart = GC.GetAllocatedBytesForCurrentThread();
            kernel.Settle();
            answerBytes += GC.GetAllocatedBytesForCurrentThread() - answerStart;

            // The tick, through every request it sends (their answers come after, as a venue's do).
            requests = kernel.Venue.Requests;
            kernel.Venue.Mark();
            var syncBefore = kernel.Book.SyncState;
            bytes = GC.GetAllocatedBytesForCurrentThread();
            start = Stopwatch.GetTimestamp();
            kernel.Request(ticks[i]);
            var nanoseconds = Nanoseconds(Stopwatch.GetTimestamp() - start);
            var tickBytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
            allocated += tickBytes;
            ticksAllocating += tickBytes > 0 ? 1 : 0;
            ticksAllocatingOnResync += tickBytes > 0 && (syncBefore != MarketMaking.Models.BookSyncState.Synced || kernel.Book.SyncState != MarketMaking.Models.BookSyncState.Synced) ? 1 : 0;
            all.RecordValue(nanoseconds);
            if (kernel.Venue.Requests != requests)
            {
                allocatedWithRequests += tickBytes;
                withRequests.RecordValue(nanoseconds);
                var toOrderNanoseconds = Nanoseconds(kernel.Venue.FirstSentTimestamp - start);
                tickToOrder.RecordValue(toOrderNanoseconds);
                (LevelsIn(ticks[i]) > LongMessageLevels ? longToOrder : shortToOrder).RecordValue(toOrderNanoseconds);
                var toOrder = kernel.Venue.FirstSentAllocatedBytes - bytes;
                allocatedToOrder += toOrder;
                ticksToOrderAllocating += toOrder > 0 ? 1 : 0;
            }

            answers += kernel.Venue.Requests - requests;
            answerStart = GC.GetAllocatedBytesForCurrentThread();
            kernel.Settle();
            answerBytes += GC.GetAllocatedBytesForCurrentThread() - answerStart;
        }

        var switches = ContextSwitches();
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{count:N0} ticks through the kernel ({recorded:N0} recorded Binance spot BTCUSDT events replayed in turn), after {WarmUp:N0} of warm-up; {placement}{AllowedCpus()}"));
        Print("every tick", all);
        Print("tick to order", tickToOrder);
        Print($"  of ≤ {LongMessageLevels} levels", shortToOrder);
        Print($"  of > {LongMessageLevels} levels", longToOrder);
        Print("ticks that sent requests", withRequests);
        Print("timer to order", timerToOrder);
        var quiet = count - withRequests.TotalCount;
        Console.WriteLine(string.Create(c, $"allocated on the loop's thread by a tick through its requests' bytes: {(double)allocated / count:N1} B per tick; {(double)(allocated - allocatedWithRequests) / quiet:N1} B per tick without requests, {(double)allocatedWithRequests / Math.Max(1, withRequests.TotalCount):N1} B per tick with requests; {allocated:N0} B in all, by {ticksAllocating:N0} ticks, {ticksAllocatingOnResync:N0} of them where the book went out of sync or back (the reason's text) ({allocatedToOrder:N0} B in all to the first request's bytes: {ticksToOrderAllocating:N0} of {tickToOrder.TotalCount:N0} ticks allocated anything)"));
        Console.WriteLine(string.Create(c, $"timers: {timerMessages:N0} messages, made where the clock fires them ({(double)timerMessageBytes / Math.Max(1, timerMessages):N0} B each: here, a timer thread in a live run), then {timerLoopBytes:N0} B in all on the loop ({allocatedTimerToOrder:N0} B to their first requests' bytes)"));
        Console.WriteLine(string.Create(c, $"the venue's answers: {answers:N0}, {(double)answerBytes / Math.Max(1, answers):N0} B each made and applied (the answer's message made where the answer arrives: here, the adapter's receive thread in a live run)"));
        Console.WriteLine(string.Create(c, $"GCs: {GC.CollectionCount(0) - gen0} gen0, {GC.CollectionCount(2) - gen2} gen2, {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:N1} ms paused in all; heap {GC.GetTotalMemory(false) / 1_048_576.0:N0} MB"));
        Console.WriteLine(kernel.OmsSummary);
        if (switches is { } after && switchesBefore is { } before)
        {
            Console.WriteLine(string.Create(c, $"the loop's thread was switched out {after.Voluntary - before.Voluntary:N0} times waiting and preempted {after.Involuntary - before.Involuntary:N0} times; it took {after.MinorFaults - before.MinorFaults:N0} minor page faults"));
        }
        Console.WriteLine(string.Create(c, $"requests serialized: {kernel.Venue.Requests - requestsBefore:N0} ({kernel.Venue.Bytes:N0} bytes in all)"));
    }

    /// <summary>The calling thread's context switches and minor page faults so far, from Linux's <c>/proc/thread-self</c>; <see langword="null"/> elsewhere.</summary>
    private static (long Voluntary, long Involuntary, long MinorFaults)? ContextSwitches()
    {
        if (ThreadStatus("voluntary_ctxt_switches") is not { } voluntary || ThreadStatus("nonvoluntary_ctxt_switches") is not { } involuntary)
        {
            return null;
        }

        // /proc/thread-self/stat: the 10th field is the thread's minor page faults (the 2nd, the name, has no spaces here).
        var minorFaults = long.Parse(File.ReadAllText("/proc/thread-self/stat").Split(' ')[9], CultureInfo.InvariantCulture);
        return (long.Parse(voluntary, CultureInfo.InvariantCulture), long.Parse(involuntary, CultureInfo.InvariantCulture), minorFaults);
    }

    /// <summary>The CPUs the calling thread may run on (what pinning did); empty off Linux.</summary>
    private static string AllowedCpus() => ThreadStatus("Cpus_allowed_list") is { } cpus ? $" (the loop's thread may run on CPUs {cpus})" : string.Empty;

    /// <summary>A field of the calling thread's <c>/proc/thread-self/status</c> (Linux), or <see langword="null"/>.</summary>
    private static string? ThreadStatus(string field)
    {
        const string Status = "/proc/thread-self/status";
        var prefix = field + ":";
        return File.Exists(Status) ? File.ReadLines(Status).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim() : null;
    }

    /// <summary>How many levels a book message changes (a snapshot: every level it holds); 0 for a trade.</summary>
    private static int LevelsIn(MarketMaking.Models.MarketDataEvent tick) => tick switch
    {
        MarketMaking.Models.BookDelta delta => delta.Bids.Length + delta.Asks.Length,
        MarketMaking.Models.BookSnapshot snapshot => snapshot.Bids.Length + snapshot.Asks.Length,
        _ => 0,
    };

    private static long Nanoseconds(long stopwatchTicks) => (long)(stopwatchTicks * (1e9 / Stopwatch.Frequency));

    private static void Print(string what, LongHistogram histogram) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-26} n={histogram.TotalCount,9:N0}  p50 {Micros(histogram, 50)}  p90 {Micros(histogram, 90)}  p99 {Micros(histogram, 99)}  p99.9 {Micros(histogram, 99.9)}  max {histogram.GetMaxValue() / 1000.0:N1} µs"));

    private static string Micros(LongHistogram histogram, double percentile) =>
        histogram.TotalCount == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{histogram.GetValueAtPercentile(percentile) / 1000.0:N2} µs");
}
