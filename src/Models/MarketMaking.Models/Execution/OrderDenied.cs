
namespace MarketMaking.Models;

/// <summary>
/// A new order or amend a pre-trade check denied; it never reached the venue. Posted to the engine loop so that
/// strategies, metrics and the kill switch see it. A denied new order is also in the store, rejected with the reason.
/// </summary>
/// <param name="Venue">The venue.</param>
/// <param name="ClientOrderId">The order.</param>
/// <param name="Instrument">Its instrument.</param>
/// <param name="Action">Submit or amend.</param>
/// <param name="Denial">Why.</param>
/// <param name="TsInit">When, in ns since the Unix epoch.</param>
public sealed record OrderDenied(VenueId Venue, ClientOrderId ClientOrderId, InstrumentId Instrument, OrderEntryAction Action, OrderDenial Denial, long TsInit)
    : VenueEvent(Venue, TsInit, TsInit);
