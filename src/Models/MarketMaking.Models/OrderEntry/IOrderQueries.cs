using System.Collections.Immutable;

namespace MarketMaking.Models;

/// <summary>
/// A venue's order entry that also reads back the account's orders: what reconciliation needs, to compare the OMS's
/// orders with the venue's and cancel the ones it does not know. Every call returns a <see cref="VenueResult{T}"/>;
/// none throws for a venue-side failure.
/// </summary>
public interface IOrderQueries : ISpotOrderEntry
{
    /// <summary>Gets the account's open orders.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The open orders.</returns>
    Task<VenueResult<ImmutableArray<VenueOrder>>> GetOpenOrdersAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets orders by id, open or closed.</summary>
    /// <param name="orders">The venue's order ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The orders the venue knows.</returns>
    Task<VenueResult<ImmutableArray<VenueOrder>>> QueryOrdersAsync(IReadOnlyList<VenueOrderId> orders, CancellationToken cancellationToken = default);
}
