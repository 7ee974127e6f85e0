namespace MarketMaking.Simulation.Recordings;

/// <summary>
/// A recording whose events' two timestamps can be listed without decoding the events: a venue replaying it with the
/// feed latency as recorded takes the clocks' offset from the first events (<see cref="Venue.RecordingTimeline"/>), and
/// a scan of their timestamps costs a fraction of reading them.
/// </summary>
internal interface ITimestampScan
{
    /// <summary>The timestamps of the events the recording yields, in order, as they would be read.</summary>
    /// <returns>Each event's exchange and receive time, in ns since the Unix epoch; the scan ends where a read would end
    /// (its end, or a cut or corrupt record, which the scan does not report).</returns>
    IEnumerable<(long TsEvent, long TsInit)> Timestamps();
}
