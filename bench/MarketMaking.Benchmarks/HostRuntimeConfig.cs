using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace MarketMaking.Benchmarks;

/// <summary>
/// Measured as the bundled host and <c>mm</c> run: with tiered compilation off (their project files set
/// <c>TieredCompilation</c> to false), so that code that runs rarely, such as the order path on one tick in a hundred,
/// is fully optimized from its first call instead of waiting at a lower tier; and with arrays up to 1 MB allocated in the
/// young generation rather than the large object heap (<c>System.GC.LOHThreshold</c>, docs/architecture.md, "Runtime").
/// </summary>
internal class HostRuntimeConfig : ManualConfig
{
    public HostRuntimeConfig()
        : this(Job.Default)
    {
    }

    /// <summary>Initializes the configuration with a job of one's own (counts of iterations and invocations).</summary>
    /// <param name="job">The job.</param>
    protected HostRuntimeConfig(Job job) => AddJob(job.WithEnvironmentVariables(
        new EnvironmentVariable("DOTNET_TieredCompilation", "0"),
        new EnvironmentVariable("DOTNET_GCLOHThreshold", "0x100000")));
}
