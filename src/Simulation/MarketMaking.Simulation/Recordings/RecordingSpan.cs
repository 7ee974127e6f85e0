using System.Collections;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Recordings;

/// <summary>A recording's events received up to a time, its timestamp scan (<see cref="ITimestampScan"/>) kept.</summary>
internal sealed class RecordingSpan : IEnumerable<MarketDataEvent>, ITimestampScan
{
    private readonly IEnumerable<MarketDataEvent> _recording;
    private readonly ITimestampScan _scan;
    private readonly long _end;

    private RecordingSpan(IEnumerable<MarketDataEvent> recording, ITimestampScan scan, long end) => (_recording, _scan, _end) = (recording, scan, end);

    /// <summary>The events of a recording received up to a time, scannable when the recording is.</summary>
    /// <param name="recording">The events, in order.</param>
    /// <param name="end">The last receive time kept, in ns since the Unix epoch.</param>
    /// <returns>The events up to <paramref name="end"/>.</returns>
    public static IEnumerable<MarketDataEvent> Until(IEnumerable<MarketDataEvent> recording, long end) =>
        recording is ITimestampScan scan ? new RecordingSpan(recording, scan, end) : recording.TakeWhile(e => e.TsInit <= end);

    /// <inheritdoc/>
    public IEnumerator<MarketDataEvent> GetEnumerator() => _recording.TakeWhile(e => e.TsInit <= _end).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public IEnumerable<(long TsEvent, long TsInit)> Timestamps() => _scan.Timestamps().TakeWhile(t => t.TsInit <= _end);
}
