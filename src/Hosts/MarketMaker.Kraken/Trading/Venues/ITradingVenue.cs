using MarketMaking.Inventory;
using MarketMaking.Models;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>
/// A venue the host trades on through its adapter — the one the strategy quotes, or a hedge venue — behind what the
/// host does with it whichever it is: read its instruments' rules, check the key before anything connects, hand its
/// order entry to the OMS and its order queries to reconciliation and the shutdown's sweep, connect its market data and
/// user stream, and close them.
/// </summary>
internal interface ITradingVenue
{
    /// <summary>The DI key of the hedge venue, when hedging goes to a venue of this kind.</summary>
    const string HedgeKey = "hedge";

    /// <summary>Gets the venue's id.</summary>
    VenueId Id { get; }

    /// <summary>Gets the venue's name in log lines and messages, such as <c>Kraken</c>.</summary>
    string Name { get; }

    /// <summary>Gets the name of the connection that carries the account's order updates (its reconnection starts a reconciliation).</summary>
    string OrderUpdatesConnection { get; }

    /// <summary>Gets the order entry the OMS sends through (live <c>--dry-run</c>: the venue's validate-only path where it has one).</summary>
    ISpotOrderEntry OrderEntry { get; }

    /// <summary>Gets the open-order and order-status reads of reconciliation and the shutdown's sweep.</summary>
    IOrderQueries Queries { get; }

    /// <summary>Reads the rules of the instruments quoted.</summary>
    /// <param name="wanted">The instruments, in the venue's naming.</param>
    /// <param name="wantedBy">Who wants them, for the message when the venue does not list one: <c>the strategy market-maker quotes</c>, <c>Inventory:Hedging:Symbol names</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Their specs.</returns>
    /// <exception cref="InvalidOperationException">The venue could not be read, or does not list one of them.</exception>
    Task<IReadOnlyList<InstrumentSpec>> InstrumentsAsync(IReadOnlyList<InstrumentId> wanted, string wantedBy, CancellationToken cancellationToken);

    /// <summary>Gets an instrument's base and quote asset as the venue listed them, once <see cref="InstrumentsAsync"/> has read them.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The assets, or <see langword="null"/> where the instrument's name says them (Kraken's <c>BTC/USDT</c>).</returns>
    AssetPair? AssetsOf(InstrumentId instrument);

    /// <summary>One authenticated call before anything connects: a refused key stops the start at once.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Completes when the key was accepted.</returns>
    /// <exception cref="InvalidOperationException">The key was refused or the account could not be read; the message says which.</exception>
    Task CheckKeysAsync(CancellationToken cancellationToken);

    /// <summary>Sets the account up where the venue needs it, connects, and subscribes the books, trades and user stream; once the engine loop runs.</summary>
    /// <param name="specs">The instruments quoted.</param>
    /// <param name="bookDepth">The levels per side kept.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>Completes when subscribed.</returns>
    /// <exception cref="InvalidOperationException">The venue refused a setting or a subscription.</exception>
    Task ConnectAsync(IReadOnlyList<InstrumentSpec> specs, int bookDepth, CancellationToken cancellationToken);

    /// <summary>Closes the connections, the last step of the shutdown.</summary>
    /// <param name="ordersMayRest">Whether the sweep could not confirm that none of ours rests (a dead-man switch is then left armed).</param>
    /// <returns>Completes when closed.</returns>
    Task StopAsync(bool ordersMayRest);
}
