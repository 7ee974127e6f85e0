using MarketMaking.Models;

namespace MarketMaking.Adapters;

/// <summary>
/// A spot venue's streaming API: public market data, the private user stream (orders, fills, balances), and order
/// entry over the connection (<see cref="ISpotOrderEntry"/>). Received data is normalized and posted to the
/// <see cref="IVenueEventSink"/> the adapter was built with.
/// </summary>
/// <remarks>
/// Connections are supervised: after a drop or a silence longer than the heartbeat timeout the adapter reconnects
/// with exponential backoff and jitter, restores every subscription (books restart from a fresh snapshot), and posts
/// <see cref="ConnectionStateChanged"/> events. A book that fails verification is reported and resynchronized.
/// </remarks>
public interface ISpotWs : ISpotOrderEntry, IAsyncDisposable
{
    /// <summary>Gets the state of the public (market-data) connection.</summary>
    ConnectionState PublicState { get; }

    /// <summary>Gets the state of the private (user stream and order entry) connection.</summary>
    ConnectionState PrivateState { get; }

    /// <summary>Opens the connections and keeps them open until <see cref="StopAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels the first connection attempt.</param>
    /// <returns>Completes when the public connection is up (the private one too, when credentials are set).</returns>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Closes the connections gracefully (disarming the dead-man switch first when it is armed).</summary>
    /// <param name="cancellationToken">Cancels the graceful part; the sockets are closed regardless.</param>
    /// <returns>Completes when closed.</returns>
    Task StopAsync(CancellationToken cancellationToken = default);

    /// <summary>Subscribes to an instrument's L2 book: a snapshot, then deltas, verified where the venue allows.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="depth">The levels per side; one of <see cref="VenueCapabilities.BookDepths"/>.</param>
    /// <param name="cancellationToken">Cancels waiting for the acknowledgement.</param>
    /// <returns>Success when the venue acknowledged the subscription.</returns>
    Task<VenueResult<bool>> SubscribeBookAsync(InstrumentId instrument, int depth, CancellationToken cancellationToken = default);

    /// <summary>Subscribes to an instrument's public trades.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="cancellationToken">Cancels waiting for the acknowledgement.</param>
    /// <returns>Success when the venue acknowledged the subscription.</returns>
    Task<VenueResult<bool>> SubscribeTradesAsync(InstrumentId instrument, CancellationToken cancellationToken = default);

    /// <summary>Subscribes to an instrument's best bid and ask.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="cancellationToken">Cancels waiting for the acknowledgement.</param>
    /// <returns>Success when the venue acknowledged the subscription.</returns>
    Task<VenueResult<bool>> SubscribeTopOfBookAsync(InstrumentId instrument, CancellationToken cancellationToken = default);

    /// <summary>Subscribes to the account's order updates, fills and balances (starting with snapshots of each).</summary>
    /// <param name="cancellationToken">Cancels waiting for the acknowledgement.</param>
    /// <returns>Success when the venue acknowledged the subscription.</returns>
    Task<VenueResult<bool>> SubscribeUserStreamAsync(CancellationToken cancellationToken = default);
}
