using System.Collections.Immutable;

namespace MarketMaking.Models;

/// <summary>
/// Order entry on a spot venue, over REST or a WebSocket: place, amend, cancel, cancel all, and the dead-man switch.
/// </summary>
/// <remarks>
/// Every call returns a <see cref="VenueResult{T}"/>. A failure means the request had no effect; a request that may have
/// taken effect without an answer (timeout, dropped connection) returns <see cref="VenueOutcome.Unknown"/>, and the
/// order stays unknown until reconciliation settles it. Acknowledgements are not fills: an order's fate is reported on
/// the user stream. Implementations are thread-safe. The calls return <see cref="ValueTask{TResult}"/> so that an order
/// entry that answers at once (a simulator, a dry run, a benchmark's) allocates nothing per request: await each result
/// once.
/// </remarks>
public interface ISpotOrderEntry
{
    /// <summary>Gets the venue this client talks to.</summary>
    VenueId Venue { get; }

    /// <summary>Gets what the venue and this adapter support.</summary>
    VenueCapabilities Capabilities { get; }

    /// <summary>Places an order.</summary>
    /// <param name="request">The order.</param>
    /// <param name="cancellationToken">Cancels waiting; the order may still reach the venue.</param>
    /// <returns>The acknowledgement, a failure (the order was not placed), or an unknown outcome.</returns>
    ValueTask<VenueResult<OrderAck>> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>Places several orders on one instrument in one request, when <see cref="VenueFeatures.BatchPlace"/> is supported.</summary>
    /// <param name="requests">The orders, all on the same instrument.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>One result per order in request order, or a failure or unknown outcome of the whole batch.</returns>
    ValueTask<VenueResult<ImmutableArray<VenueResult<OrderAck>>>> PlaceOrdersAsync(IReadOnlyList<OrderRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>Amends a resting order in place, when <see cref="VenueFeatures.Amend"/> is supported.</summary>
    /// <param name="request">The amend.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The acknowledgement, a failure (nothing changed), or an unknown outcome.</returns>
    ValueTask<VenueResult<AmendAck>> AmendOrderAsync(AmendRequest request, CancellationToken cancellationToken = default);

    /// <summary>Cancels an order.</summary>
    /// <param name="instrument">The order's instrument.</param>
    /// <param name="order">The order.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The acknowledgement, a failure (<see cref="VenueErrorKind.UnknownOrder"/> when no longer open), or an unknown outcome.</returns>
    ValueTask<VenueResult<CancelAck>> CancelOrderAsync(InstrumentId instrument, OrderReference order, CancellationToken cancellationToken = default);

    /// <summary>Cancels every open order of the account.</summary>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>How many were canceled, a failure, or an unknown outcome.</returns>
    ValueTask<VenueResult<CancelAck>> CancelAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Arms, re-arms or (with <see cref="TimeSpan.Zero"/>) disarms the venue's dead-man switch.</summary>
    /// <param name="timeout">The time after which the venue cancels every order unless called again.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The switch's state.</returns>
    ValueTask<VenueResult<DeadManSwitchStatus>> CancelAllAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default);
}
