using System.Collections.Immutable;
using MarketMaking.Models;

namespace MarketMaking.Adapters;

/// <summary>
/// A spot venue's request/response API: reference and market data, account state, order queries
/// (<see cref="IOrderQueries"/>) and order entry (<see cref="ISpotOrderEntry"/>). Every call returns a <see cref="VenueResult{T}"/>; none throws for a venue-side failure.
/// </summary>
/// <remarks>
/// Implementations are thread-safe, rate-limit themselves to the venue's published limits, and retry only what is safe
/// to retry: order entry only when the venue answered that it did not execute the request, or when the venue's client
/// order ids make a resend idempotent (Kraken's do not: they are unique only among open orders). Order entry that may
/// have taken effect without an answer returns <see cref="VenueOutcome.Unknown"/>.
/// </remarks>
public interface ISpotRest : IOrderQueries
{
    /// <summary>Gets the venue's clock.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The venue's time in ns since the Unix epoch.</returns>
    Task<VenueResult<long>> GetServerTimeAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the tradable instruments with their tick size, lot size, minimums and precisions.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The instruments' specs, named by the platform's instrument ids.</returns>
    Task<VenueResult<ImmutableArray<InstrumentSpec>>> GetInstrumentsAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets a snapshot of an instrument's L2 book.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="depth">The levels per side wanted.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The snapshot.</returns>
    Task<VenueResult<BookSnapshot>> GetBookAsync(InstrumentId instrument, int depth, CancellationToken cancellationToken = default);

    /// <summary>Gets an instrument's ticker.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ticker.</returns>
    Task<VenueResult<Ticker>> GetTickerAsync(InstrumentId instrument, CancellationToken cancellationToken = default);

    /// <summary>Gets the account's balances.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One balance per asset held.</returns>
    Task<VenueResult<ImmutableArray<AssetBalance>>> GetBalancesAsync(CancellationToken cancellationToken = default);
}
