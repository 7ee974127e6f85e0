using System.Collections.Immutable;

namespace MarketMaking.Models;

/// <summary>
/// A venue's record of the account's fills, for fills its user stream did not deliver: a venue whose stream sends no
/// snapshot after a reconnection (MEXC Spot) implements it, and reconciliation fetches from it the fills of the orders
/// the venue reports more filled than the OMS knows.
/// </summary>
public interface IFillHistory
{
    /// <summary>Gets the account's fills on an instrument, newest last.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="sinceNanoseconds">The earliest fill time wanted, ns since the Unix epoch, or <see langword="null"/> for the venue's default window.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The fills, each with the venue's trade id (applying one twice is harmless: the OMS counts each trade id once).</returns>
    Task<VenueResult<ImmutableArray<FillEvent>>> GetFillsAsync(InstrumentId instrument, long? sinceNanoseconds = null, CancellationToken cancellationToken = default);
}
