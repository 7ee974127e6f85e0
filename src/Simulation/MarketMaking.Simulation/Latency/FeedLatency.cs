namespace MarketMaking.Simulation.Latency;

/// <summary>When an in-process simulated venue acts on a recorded market-data event, against when its client sees it.</summary>
public enum FeedLatency
{
    /// <summary>
    /// As recorded: the venue acts at the exchange's time (<see cref="Models.VenueEvent.TsEvent"/>) and the client sees
    /// the event at its receive time (<see cref="Models.VenueEvent.TsInit"/>), so an order can be filled by a trade the
    /// strategy has not seen yet (hftbacktest's feed latency). The recorder's clock is taken to be off the venue's by
    /// the smallest receive − exchange time among the first 10,000 events (that message's latency zero); an event
    /// without an exchange time, or one that would come out after its receive time, is acted on at its receive time.
    /// </summary>
    Recorded,

    /// <summary>None: the venue acts on each event when the client sees it, at its receive time.</summary>
    None,
}
