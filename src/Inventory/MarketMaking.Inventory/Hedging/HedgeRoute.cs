using MarketMaking.Models;

namespace MarketMaking.Inventory;

/// <summary>Where hedges are sent: a venue and the instrument traded there.</summary>
/// <param name="Venue">The hedge venue.</param>
/// <param name="Instrument">The instrument, whose base asset is the one hedged.</param>
public readonly record struct HedgeRoute(VenueId Venue, InstrumentId Instrument);
