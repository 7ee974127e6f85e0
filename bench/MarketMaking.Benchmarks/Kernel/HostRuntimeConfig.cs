using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace MarketMaking.Benchmarks.Kernel;

/// <summary>
/// The kernel measured as the bundled host and <c>mm</c> run it: with tiered compilation off (their project files set
/// <c>TieredCompilation</c> to false), so that the order path, which runs on one tick in a hundred, is fully optimized
/// from its first call instead of waiting at a lower tier. 3 warm-up and 20 measured iterations of 96 invocations.
/// </summary>
internal sealed class HostRuntimeConfig : ManualConfig
{
    public HostRuntimeConfig() =>
        AddJob(Job.Default
            .WithWarmupCount(3)
            .WithIterationCount(20)
            .WithInvocationCount(96)
            .WithEnvironmentVariable("DOTNET_TieredCompilation", "0"));
}
