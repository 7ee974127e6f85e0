namespace MarketMaking.Models;

/// <summary>
/// An adapter's copy of a venue book changed sync state: it went out of sync (checksum mismatch, sequence gap, lost
/// connection) and its updates are being held back, or it is in sync again from a fresh snapshot. Consumers should not
/// quote off a book while it is not <see cref="BookSyncState.Synced"/>.
/// </summary>
/// <param name="Venue">The venue.</param>
/// <param name="Instrument">The instrument.</param>
/// <param name="State">The state now.</param>
/// <param name="Reason">Why it is out of sync, or <see cref="OutOfSyncReason.None"/>.</param>
/// <param name="Detail">A human-readable detail (expected and computed checksums, the gap), or <see langword="null"/>.</param>
/// <param name="TsEvent">The venue time of the message that caused it in ns since the Unix epoch (the local time when none).</param>
/// <param name="TsInit">The local time of the change in ns since the Unix epoch.</param>
public sealed record BookSyncChanged(
    VenueId Venue,
    InstrumentId Instrument,
    BookSyncState State,
    OutOfSyncReason Reason,
    string? Detail,
    long TsEvent,
    long TsInit) : MarketDataEvent(Venue, Instrument, TsEvent, TsInit);
