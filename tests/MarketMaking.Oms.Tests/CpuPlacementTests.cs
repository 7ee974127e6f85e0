using MarketMaking.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Oms.Tests;

/// <summary>
/// The engine loop's and the journal writer's threads pinned to CPUs (Oms:LoopCpu, Oms:JournalWriterCpu): what Linux
/// reports for each thread (<c>/proc/self/task/*/status</c>), and a CPU that cannot be had refused at start.
/// </summary>
public sealed class CpuPlacementTests
{
    private static readonly VenueId s_venue = VenueId.Create("test");

    [Test]
    public void AddOms_ACpuOutOfRange_OrNotOurs_FailsAtStartWithTheSettingAndTheReason()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Oms:LoopCpu"] = "4096",
            ["Oms:JournalWriterCpu"] = "-1",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddOms(configuration).BuildServiceProvider();

        var thrown = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(thrown!.Failures, OperatingSystem.IsLinux()
            ? Is.EquivalentTo(new[] { "Oms: LoopCpu 4096: CPU 4096 is not a CPU number (0 to 1023)", "Oms: JournalWriterCpu -1: CPU -1 is not a CPU number (0 to 1023)" })
            : Has.All.Contains("supported on Linux only"));
    }

    [Test]
    public void Validator_ACpuThisProcessMayNotUse_IsNamed()
    {
        Assume.That(OperatingSystem.IsLinux(), "CPU pinning is Linux only");
        var notOurs = Enumerable.Range(0, 1024).First(cpu => !AllowedCpus("self").Contains(cpu));

        var result = new OmsOptionsValidator().Validate(null, new OmsOptions { LoopCpu = notOurs });

        Assert.That(result.Failures, Is.EqualTo(new[] { $"Oms: LoopCpu {notOurs}: CPU {notOurs} is not among the CPUs this process may run on" }));
    }

    [Test]
    public async Task EngineLoop_WithACpu_RunsOnItsOwnNamedThreadPinnedThere_AndTheProcessesOtherThreadsLeaveItThatCpuUntilItEnds()
    {
        Assume.That(OperatingSystem.IsLinux(), "CPU pinning is Linux only");
        var cpus = AllowedCpus("self");
        Assume.That(cpus, Has.Count.GreaterThanOrEqualTo(2), "leaving a CPU to the loop takes two");
        var cpu = cpus[^1];

        // A thread started before the loop: it may run anywhere now, and must leave the loop's CPU once the loop runs.
        using var stop = new ManualResetEventSlim();
        string? bystander = null;
        var started = new ManualResetEventSlim();
        var other = new Thread(() =>
        {
            bystander = ThreadId();
            started.Set();
            stop.Wait();
        });
        other.Start();
        started.Wait();

        (string? Name, IReadOnlyList<int> Cpus) seen = default;
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var loop = new EngineLoop(cpu: cpu))
        {
            loop.AddHandler(new Handler(_ =>
            {
                seen = (Thread.CurrentThread.Name, AllowedCpus($"self/task/{ThreadId()}"));
                handled.TrySetResult();
            }));
            loop.Start();
            await loop.Sink.PostAsync(new VenueStatusChanged(s_venue, VenueTradingStatus.Online, "up", 1));
            await handled.Task.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Multiple(() =>
            {
                Assert.That(seen.Name, Is.EqualTo("engine-loop"));
                Assert.That(seen.Cpus, Is.EqualTo(new[] { cpu }));
                Assert.That(AllowedCpus($"self/task/{bystander}"), Does.Not.Contain(cpu).And.Not.Empty);
            });
        }

        // The loop has ended: the other threads have that CPU back.
        Assert.That(AllowedCpus($"self/task/{bystander}"), Does.Contain(cpu));
        stop.Set();
        other.Join();
    }

    [Test]
    public async Task JournalWriter_WithACpu_RunsPinnedThere()
    {
        Assume.That(OperatingSystem.IsLinux(), "CPU pinning is Linux only");
        var cpu = AllowedCpus("self")[0];
        var path = Path.Combine(Path.GetTempPath(), $"mm-pin-{Guid.NewGuid():N}.db");
        try
        {
            using (var journal = OrderJournal.Open(path, durable: false, ownThread: true, writerCpu: cpu))
            {
                // The writer pins itself as it starts: wait for its thread to say so rather than for a time.
                string? writer = null;
                await WaitForAsync(
                    () => (writer = Threads().FirstOrDefault(t => t.Name == "journal-writer").Id) is not null && AllowedCpus($"self/task/{writer}").SequenceEqual([cpu]),
                    "the journal's writer pinned to its CPU");

                Assert.That(AllowedCpus($"self/task/{writer}"), Is.EqualTo(new[] { cpu }));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>The CPUs a process or thread may run on, from <c>Cpus_allowed_list</c> (e.g. <c>0-3,6</c>).</summary>
    private static List<int> AllowedCpus(string proc)
    {
        var line = File.ReadLines($"/proc/{proc}/status").Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
        return [.. line[(line.IndexOf(':') + 1)..].Trim().Split(',').SelectMany(range =>
        {
            var ends = range.Split('-').Select(int.Parse).ToArray();
            return Enumerable.Range(ends[0], ends[^1] - ends[0] + 1);
        })];
    }

    private static string ThreadId() => Directory.ResolveLinkTarget("/proc/thread-self", returnFinalTarget: false)!.Name;

    private static IEnumerable<(string Id, string Name)> Threads() =>
        Directory.EnumerateDirectories("/proc/self/task").Select(task => (Path.GetFileName(task), SafeRead(Path.Combine(task, "comm")).Trim()));

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            // The thread ended meanwhile.
            return string.Empty;
        }
    }

    private sealed class Handler(Action<VenueEvent> onEvent) : IEngineHandler
    {
        public string Name => "probe";

        public void OnEvent(VenueEvent venueEvent) => onEvent(venueEvent);
    }
}
