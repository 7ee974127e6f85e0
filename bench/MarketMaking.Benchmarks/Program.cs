using System.Globalization;
using BenchmarkDotNet.Running;
using MarketMaking.Benchmarks.Kernel;

if (args.Length > 0 && args[0] == "--tick-histogram")
{
    await TickHistogram.RunAsync(args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000, CpuPlacement.Parse(args));
    return;
}

if (args.Length > 0 && args[0] == "--tick-allocations")
{
    await TickAllocations.RunAsync(args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000, CpuPlacement.Parse(args));
    return;
}

if (args.Length > 0 && args[0] == "--noise-floor")
{
    NoiseFloor.Run(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0);
    return;
}

if (args.Length > 0 && args[0] == "--oms-runs")
{
    MarketMaking.Benchmarks.OmsRuns.Run(args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20, CpuPlacement.Parse(args).Loop);
    return;
}

if (args.Length > 0 && args[0] == "--grid-backtest")
{
    // The grid backtest run N times in one process (from the binary file, or the gzip JSON with --gzip), for a profiler
    // (perf) to watch; each run's wall time printed, to see the JIT's tiers settle (BenchmarkDotNet's figures are the
    // measurement). With --phases, also each phase's wall time (BacktestEngine.ActivitySourceName's activities).
    var grid = new MarketMaking.Benchmarks.Backtest.GridBacktestBenchmark();
    grid.Setup();
    using var phases = args.Contains("--phases") ? new MarketMaking.Benchmarks.Backtest.BacktestPhases() : null;
    // Beside the wall time, the replay thread's time on a CPU and waiting for one (Linux's schedstat): the first is what
    // a change to the replay's code moves, the second what the machine's other load adds.
    for (var i = 0; i < (args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10); i++)
    {
        var (onCpu, waiting) = ThreadSchedStat();
        var paused = GC.GetTotalPauseDuration();
        var (collections, full) = (GC.CollectionCount(0), GC.CollectionCount(2));
        var (allocatedHere, allocated) = (GC.GetAllocatedBytesForCurrentThread(), GC.GetTotalAllocatedBytes());
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _ = args.Contains("--gzip") ? grid.FromGzipJson() : grid.FromBinary();
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var (onCpuAfter, waitingAfter) = ThreadSchedStat();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i + 1}: {elapsed:F0} ms ({(onCpuAfter - onCpu) / 1e6:F1} ms on a CPU, {(waitingAfter - waiting) / 1e6:F1} ms waiting for one, {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F1} ms paused by the GC in {GC.CollectionCount(0) - collections} collections, {GC.CollectionCount(2) - full} of them full; {(GC.GetTotalAllocatedBytes() - allocated) / 1e6:F1} MB allocated, {(GC.GetAllocatedBytesForCurrentThread() - allocatedHere) / 1e6:F1} MB of it on this thread){phases?.TakeLine()}"));
    }

    grid.Cleanup();
    return;
}

if (args.Length > 0 && args[0] == "--allocations")
{
    // What the grid backtest allocates a run, by type, on the replay's thread and on the others (the reader's, the
    // journal's writer, the report's page), over 10 runs after 3 to warm up.
    var grid = new MarketMaking.Benchmarks.Backtest.GridBacktestBenchmark();
    grid.Setup();
    using var ticks = new MarketMaking.Benchmarks.Backtest.AllocationTicks();
    for (var i = 0; i < 3; i++)
    {
        grid.FromBinary();
    }

    ticks.Start();
    for (var i = 0; i < 10; i++)
    {
        grid.FromBinary();
    }

    ticks.StopAndPrint(10);
    grid.Cleanup();
    return;
}

if (args.Length > 0 && args[0] == "--diff-distances")
{
    MarketMaking.Benchmarks.Backtest.VenueBookBenchmark.PrintDiffDistances();
    return;
}

if (args.Length > 0 && args[0] == "--order-footprint")
{
    MarketMaking.Benchmarks.OrderFootprint.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

// This thread's nanoseconds on a CPU and waiting in a run queue, from /proc/thread-self/schedstat (0 and 0 elsewhere).
static (long OnCpu, long Waiting) ThreadSchedStat()
{
    try
    {
        var fields = File.ReadAllText("/proc/thread-self/schedstat").Split(' ');
        return (long.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture));
    }
    catch (IOException)
    {
        return (0, 0);
    }
}
