using System.Diagnostics;
using System.Globalization;

namespace MarketMaking.Benchmarks;

/// <summary>
/// The OMS benchmark's event run, repeated in one process and timed run by run, to see a run's rate beside the next
/// (BenchmarkDotNet gives one figure a process): <c>--oms-runs [runs] [--loop-cpu N]</c>. A diagnostic, not a figure.
/// </summary>
internal static class OmsRuns
{
    public static void Run(int runs, int? loopCpu)
    {
        var benchmark = new OmsBenchmark { LoopCpu = loopCpu };
        benchmark.Setup();
        for (var run = 0; run < runs; run++)
        {
            benchmark.StartLoop();
            var started = Stopwatch.GetTimestamp();
            var processed = benchmark.EventThroughTheOmsWithFourSubscribers();
            var elapsed = Stopwatch.GetElapsedTime(started);
            benchmark.DisposeLoop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: {elapsed.TotalNanoseconds / processed:N1} ns an event ({processed:N0} events)"));
        }
    }
}
