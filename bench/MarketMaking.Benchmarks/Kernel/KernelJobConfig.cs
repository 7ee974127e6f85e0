using BenchmarkDotNet.Jobs;

namespace MarketMaking.Benchmarks.Kernel;

/// <summary>The kernel benchmark's job, as the host runs: 3 warm-up and 20 measured iterations of 96 invocations.</summary>
internal sealed class KernelJobConfig : HostRuntimeConfig
{
    public KernelJobConfig()
        : base(Job.Default.WithWarmupCount(3).WithIterationCount(20).WithInvocationCount(96))
    {
    }
}
