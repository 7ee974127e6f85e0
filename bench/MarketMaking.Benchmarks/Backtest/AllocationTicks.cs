using System.Diagnostics.Tracing;
using System.Globalization;

namespace MarketMaking.Benchmarks.Backtest;

/// <summary>
/// What a process allocates, by type and by thread (the replay's or another), from the runtime's allocation ticks: the
/// GC reports one about every 100 KB allocated, naming the type of the object that crossed the mark, so the sums are a
/// sample; and the collections, by generation and by what started them (GCStart's depth and reason)
/// (https://learn.microsoft.com/dotnet/fundamentals/diagnostics/runtime-garbage-collection-events).
/// </summary>
internal sealed class AllocationTicks : EventListener
{
    private const int GcStartEventId = 1;
    private const int AllocationTickEventId = 10;
    private static readonly string[] s_reasons = ["small object allocation", "induced", "low memory", "empty", "large object allocation", "out of space (small)", "out of space (large)", "induced, not forced"];
    private readonly Dictionary<(uint Generation, uint Reason), int> _collections = [];
    private const long GcKeyword = 0x1;
    private readonly Dictionary<(string Type, bool OnReplay), long> _bytes = [];
    private long _replayThread = -1;
    private volatile bool _counting;

    /// <summary>Starts counting, the calling thread taken as the replay's.</summary>
    public void Start()
    {
        // The OS thread id, as the events carry it (Linux: the first field of /proc/thread-self/stat).
        _replayThread = long.Parse(File.ReadAllText("/proc/thread-self/stat").Split(' ')[0], CultureInfo.InvariantCulture);
        _counting = true;
    }

    /// <summary>Stops counting and prints the largest sums, per run.</summary>
    /// <param name="runs">The runs counted.</param>
    public void StopAndPrint(int runs)
    {
        _counting = false;
        lock (_bytes)
        {
            foreach (var ((type, onReplay), bytes) in _bytes.OrderByDescending(p => p.Value).Take(30))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6 / runs,8:F2} MB a run  {(onReplay ? "replay" : "other "),-6}  {type}"));
            }

            foreach (var ((generation, reason), count) in _collections.OrderBy(p => p.Key))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} collections of generation {generation} in {runs} runs, started by {(reason < s_reasons.Length ? s_reasons[reason] : $"reason {reason}")}"));
            }
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_counting || eventData.PayloadNames is not { } names || eventData.Payload is not { } payload)
        {
            return;
        }

        if (eventData.EventId == GcStartEventId)
        {
            lock (_bytes)
            {
                var key = ((uint)payload[names.IndexOf("Depth")]!, (uint)payload[names.IndexOf("Reason")]!);
                _collections[key] = _collections.GetValueOrDefault(key) + 1;
            }

            return;
        }

        if (eventData.EventId != AllocationTickEventId)
        {
            return;
        }

        var type = payload[names.IndexOf("TypeName")] as string ?? "?";
        var bytes = (long)(ulong)payload[names.IndexOf("AllocationAmount64")]!;
        lock (_bytes)
        {
            var key = (type, eventData.OSThreadId == _replayThread);
            _bytes[key] = _bytes.GetValueOrDefault(key) + bytes;
        }
    }
}
