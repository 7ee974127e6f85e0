using MarketMaking.Models;
using MarketMaking.Oms;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Strategies;

/// <summary>
/// Moves a strategy's resting quotes on one instrument to a desired grid through the OMS, post-only: the fewest
/// changes (<see cref="QuoteDiffer"/>), amends where the venue supports them; when the venue's rate budget
/// (<see cref="OrderManager.NewOrderHeadroom"/>) cannot take every new order and amend, missing levels and the levels
/// nearest the mid go first and the rest wait. Call it on the engine loop.
/// </summary>
public static class QuoteExecutor
{
    /// <summary>The loop thread's list of changes, kept between requotes.</summary>
    [ThreadStatic]
    private static List<QuoteChange>? s_changes;

    /// <summary>Gets a strategy's open orders on an instrument, or <see langword="null"/> while any of them waits for an answer (requoting then could double an order).</summary>
    /// <param name="orders">The order manager.</param>
    /// <param name="strategy">The strategy's name.</param>
    /// <param name="venue">The venue.</param>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The orders, all accepted or partially filled; or <see langword="null"/>.</returns>
    public static OmsOrder[]? SettledOrders(OrderManager orders, string strategy, VenueId venue, InstrumentId instrument)
    {
        var mine = new List<OmsOrder>();
        return TrySettledOrders(orders, strategy, venue, instrument, mine) ? [.. mine] : null;
    }

    /// <summary>
    /// Fills a list with a strategy's open orders on an instrument, as <see cref="SettledOrders"/> returns them, without
    /// allocating: a strategy keeps one list and requotes with it.
    /// </summary>
    /// <param name="orders">The order manager.</param>
    /// <param name="strategy">The strategy's name.</param>
    /// <param name="venue">The venue.</param>
    /// <param name="instrument">The instrument.</param>
    /// <param name="into">The list: cleared, then filled.</param>
    /// <returns>Whether every order is accepted or partially filled (else requoting could double an order).</returns>
    public static bool TrySettledOrders(OrderManager orders, string strategy, VenueId venue, InstrumentId instrument, List<OmsOrder> into)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        orders.Store.CopyOpenTo(venue, instrument, into);
        var settled = true;
        var kept = 0;
        for (var i = 0; i < into.Count; i++)
        {
            var order = into[i];
            if (string.Equals(order.Strategy, strategy, StringComparison.Ordinal))
            {
                into[kept++] = order;
                settled &= order.Status is OrderStatus.Accepted or OrderStatus.PartiallyFilled;
            }
        }

        into.RemoveRange(kept, into.Count - kept);
        return settled;
    }

    /// <summary>
    /// Cancels every open order of a strategy on some instruments and waits for the venue's answers (a strategy's
    /// <see cref="IStrategy.ShutdownAsync"/>). The orders are read under the OMS's lock, so it may run off the loop.
    /// </summary>
    /// <param name="orders">The order manager.</param>
    /// <param name="strategy">The strategy's name.</param>
    /// <param name="venue">The venue.</param>
    /// <param name="instruments">The instruments.</param>
    /// <param name="cancellationToken">Stops waiting for the answers.</param>
    /// <returns>Completes when every cancel is answered.</returns>
    public static async Task CancelOwnOrdersAsync(OrderManager orders, string strategy, VenueId venue, IEnumerable<InstrumentId> instruments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(instruments);
        var mine = orders.Read(store => instruments.SelectMany(i => store.Open(venue, i)).Where(o => o.Strategy == strategy).ToArray());
        await Task.WhenAll(mine.Select(o => orders.CancelAsync(o, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the changes that move the resting orders to the grid. Moving an order that is merely further from the mid
    /// than wanted leaves room in the rate budget for one new order per quoted side (<see cref="QuoteDiffer"/>). A
    /// requote allocates nothing of its own: the changes are values in a list the thread keeps.
    /// </summary>
    /// <param name="context">The strategy's context (the OMS and logger).</param>
    /// <param name="strategy">The strategy's name (tags new orders).</param>
    /// <param name="venue">The venue.</param>
    /// <param name="instrument">The instrument.</param>
    /// <param name="resting">The resting orders, from <see cref="SettledOrders"/> or <see cref="TrySettledOrders"/>.</param>
    /// <param name="grid">The quotes wanted.</param>
    /// <param name="toleranceBps">How far a resting price may be from its level before it is moved, in bps.</param>
    /// <returns>How many changes were sent (new orders, amends and cancels).</returns>
    public static int Apply(IStrategyContext context, string strategy, VenueId venue, InstrumentId instrument, IReadOnlyList<OmsOrder> resting, QuoteGrid grid, double toleranceBps)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(resting);

        // The common case: every order rests at its level.
        return QuoteDiffer.IsInPlace(resting, grid, toleranceBps) ? 0 : SendChanges(context, strategy, venue, instrument, resting, grid.Bids.AsSpan(), grid.Asks.AsSpan(), toleranceBps);
    }

    /// <summary>
    /// As <see cref="Apply(IStrategyContext, string, VenueId, InstrumentId, IReadOnlyList{OmsOrder}, QuoteGrid, double)"/>,
    /// on levels not yet made a grid that the caller found not in place (<see cref="QuoteDiffer.IsInPlace(IReadOnlyList{OmsOrder}, ReadOnlySpan{BookLevel}, ReadOnlySpan{BookLevel}, double)"/>).
    /// </summary>
    internal static int SendChanges(IStrategyContext context, string strategy, VenueId venue, InstrumentId instrument, IReadOnlyList<OmsOrder> resting, ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks, double toleranceBps)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resting);
        var orders = context.Orders;
        var venueFeatures = orders.CapabilitiesOf(venue)?.Features ?? VenueFeatures.None;
        var headroom = orders.NewOrderHeadroom(venue, instrument);

        // Out of the thread's slot while the orders go out: a strategy requoting from inside an OMS call gets its own list.
        var changes = s_changes ?? [];
        s_changes = null;
        QuoteDiffer.DiffInto(resting, bids, asks, toleranceBps, venueFeatures, headroom, RefillReserve(bids, asks), changes);
        if (headroom != int.MaxValue && context.Logger.IsEnabled(LogLevel.Debug))
        {
            LogHeldForBudget(context.Logger, instrument, resting, bids, asks, toleranceBps, venueFeatures, headroom, changes);
        }

        foreach (var change in changes)
        {
            switch (change.Kind)
            {
                case QuoteActionKind.Place:
                    orders.Submit(new OrderIntent(venue, instrument, change.Side, OrderType.Limit, change.Quantity!.Value)
                    {
                        LimitPrice = change.Price,
                        PostOnly = true,
                        Strategy = strategy,
                    });
                    break;
                case QuoteActionKind.Amend:
                    orders.Amend(change.Order!, change.Quantity, change.Price);
                    break;
                case QuoteActionKind.Cancel:
                    orders.Cancel(change.Order!);
                    break;
            }
        }

        var sent = changes.Count;
        changes.Clear();
        s_changes = changes;
        return sent;
    }

    /// <summary>Logs, at debug level, how many new orders and amends the rate budget holds back.</summary>
    private static void LogHeldForBudget(ILogger logger, InstrumentId instrument, IReadOnlyList<OmsOrder> resting, ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks, double toleranceBps, VenueFeatures venueFeatures, int headroom, List<QuoteChange> changes)
    {
        var unlimited = new List<QuoteChange>();
        QuoteDiffer.DiffInto(resting, bids, asks, toleranceBps, venueFeatures, int.MaxValue, 0, unlimited);
        var wanted = unlimited.Count(c => c.Kind != QuoteActionKind.Cancel);
        if (changes.Count(c => c.Kind != QuoteActionKind.Cancel) < wanted)
        {
            Log.QuotesHeldForBudget(logger, instrument.Value, wanted, headroom);
        }
    }

    /// <summary>One new order per side the grid quotes: what a fill on each side would need at once.</summary>
    private static int RefillReserve(ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks) => (bids.Length > 0 ? 1 : 0) + (asks.Length > 0 ? 1 : 0);
}
