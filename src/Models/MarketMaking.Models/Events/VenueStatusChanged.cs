namespace MarketMaking.Models;

/// <summary>The venue announced its trading status (on connect, and when it changes).</summary>
/// <param name="Venue">The venue.</param>
/// <param name="Status">What the engine accepts now.</param>
/// <param name="VenueText">The venue's own word for it, such as <c>maintenance</c>.</param>
/// <param name="TsInit">The local time it was received in ns since the Unix epoch.</param>
public sealed record VenueStatusChanged(VenueId Venue, VenueTradingStatus Status, string VenueText, long TsInit)
    : VenueEvent(Venue, TsInit, TsInit);
