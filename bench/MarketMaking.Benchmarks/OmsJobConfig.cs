using BenchmarkDotNet.Jobs;

namespace MarketMaking.Benchmarks;

/// <summary>The OMS benchmark's job, as the host runs: one invocation per iteration, so that each has its own started loop.</summary>
internal sealed class OmsJobConfig : HostRuntimeConfig
{
    public OmsJobConfig()
        : base(Job.Default.WithInvocationCount(1).WithUnrollFactor(1))
    {
    }
}
