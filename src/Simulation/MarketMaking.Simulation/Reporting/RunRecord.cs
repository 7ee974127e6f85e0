using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Simulation.Reporting;

/// <summary>What a run did, for <see cref="RunReport"/>: the kernel's state at the end and the recorders that followed it.</summary>
/// <param name="Strategies">The strategies run, by name.</param>
/// <param name="QuotedVenue">The venue quoted (the others hedge).</param>
/// <param name="StartNanoseconds">When the run started, in ns since the Unix epoch (its clock's).</param>
/// <param name="EndNanoseconds">When it ended.</param>
/// <param name="EventsReplayed">Recorded events replayed, by venue id (empty in a live run).</param>
/// <param name="Orders">Every order of the run.</param>
/// <param name="OpenOrdersAtEnd">The orders the OMS still counts open at the end.</param>
/// <param name="KillSwitchTrips">The kill switch's trips: trigger, action and reason.</param>
/// <param name="Inventory">The positions and PnL.</param>
/// <param name="Books">The books (the marks).</param>
/// <param name="VenueName">A venue as the report names it.</param>
/// <param name="VenueFees">A venue's fee schedule, as the report names it.</param>
/// <param name="Fills">The fills as inventory took them (<see cref="FillRecorder"/>).</param>
/// <param name="Markouts">The fills' markouts (<see cref="MarkoutRecorder"/>).</param>
/// <param name="Equity">The per-second samples and statistics (<see cref="EquityRecorder"/>).</param>
public sealed record RunRecord(
    IReadOnlyList<string> Strategies,
    VenueId QuotedVenue,
    long StartNanoseconds,
    long EndNanoseconds,
    IReadOnlyDictionary<string, long> EventsReplayed,
    IReadOnlyList<OmsOrder> Orders,
    int OpenOrdersAtEnd,
    IReadOnlyList<string> KillSwitchTrips,
    InventoryManager Inventory,
    BookKeeper Books,
    Func<VenueId, string> VenueName,
    Func<VenueId, string> VenueFees,
    FillRecorder Fills,
    MarkoutRecorder Markouts,
    EquityRecorder Equity);
