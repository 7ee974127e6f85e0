using BenchmarkDotNet.Attributes;
using MarketMaking.Models;

namespace MarketMaking.Benchmarks.Kernel;

/// <summary>
/// Tick to order through the real kernel (<see cref="KernelUnderTest"/>): recorded Binance spot BTCUSDT book deltas and
/// trades, one after the other, each taken by the books, the OMS, inventory, the kill switch and the market maker, whose
/// quote changes pass risk, are handed to the journal's writer and serialized into Kraken's request bytes.
/// </summary>
/// <remarks>
/// A single tick takes microseconds, about what BenchmarkDotNet's timer costs, so one invocation runs
/// <see cref="TicksPerInvocation"/> consecutive recorded ticks and the figure is their mean; the per-tick percentiles
/// come from the histogram command (<c>-- --tick-histogram</c>), which times each tick of a million.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(KernelJobConfig))]
public class KernelTickToOrderBenchmark
{
    private const int TicksPerInvocation = 1_000;
    private MarketDataEvent[] _ticks = [];
    private KernelUnderTest _kernel = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        // Enough for every invocation of the job below (jitting, 3 + 20 iterations of 96 and the allocation run, each
        // of 1,000 ticks), made before anything is measured.
        _ticks = KernelUnderTest.Ticks(3_000_000).Ticks;
        _kernel = KernelUnderTest.Start(_ticks[0].TsInit);
    }

    [GlobalCleanup]
    public void Cleanup() => _kernel.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>One recorded tick through the kernel, to the request bytes.</summary>
    [Benchmark(OperationsPerInvoke = TicksPerInvocation)]
    public int TickToOrder()
    {
        var taken = 0;
        for (var i = 0; i < TicksPerInvocation; i++)
        {
            taken += _kernel.Tick(_ticks[_next++]);
        }

        return taken;
    }
}
