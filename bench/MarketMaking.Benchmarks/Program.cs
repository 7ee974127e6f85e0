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
    // measurement).
    var grid = new MarketMaking.Benchmarks.Backtest.GridBacktestBenchmark();
    grid.Setup();
    for (var i = 0; i < (args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10); i++)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _ = args.Contains("--gzip") ? grid.FromGzipJson() : grid.FromBinary();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i + 1}: {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms"));
    }

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
