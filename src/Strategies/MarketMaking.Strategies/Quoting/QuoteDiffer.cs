using System.Runtime.InteropServices;
using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Strategies;

/// <summary>
/// Turns the desired grid into the fewest changes to the resting orders: each side's orders are matched to the grid's
/// levels best first; an order within the refresh tolerance of its level (and of its size) is left alone; otherwise it
/// is amended when amends are allowed, else canceled and replaced, but for an order within the tolerance that is only
/// larger than its level, which a venue that lowers a quantity in place (<see cref="VenueFeatures.AmendQuantityDown"/>,
/// Binance spot) amends to the level's size at its own price, keeping its place in the queue and spending nothing of the
/// budget; extra orders are canceled; missing levels get new
/// orders. Within the rate budget for new orders and amends, level by level from the mid, three kinds of change come in
/// this order: a missing level (an empty level quotes nothing), an order more aggressive than its level (a bid above
/// it, an ask below it: the quote the market would pick off), and an order merely further from the mid than wanted. The
/// last kind may only use the budget above a refill reserve (one new order per quoted side), so that the order a fill
/// takes can be replaced at once instead of when the counter has decayed. Beyond the budget, new orders and amends
/// wait, and an order more aggressive than its level is canceled; any other order stays where it is, still quoting. A
/// new price that would reach our own best order on the other side (still at its old price until the venue answers its
/// change) waits for the next requote: the pre-trade checks would deny it as a self-cross.
/// </summary>
/// <remarks>
/// Amend is preferred because Kraken keeps the order's ids and counts an amend of a young order 1 + 3 points against
/// 8 + 1 for cancel and new (<see href="https://docs.kraken.com/api/docs/guides/spot-ratelimits"/>). Canceling a
/// merely distant order while the budget is short would spend 8 points to leave that side empty until the budget
/// recovers. Without the refill reserve, requoting drifted orders spends every point as it decays, and each fill then
/// leaves its side empty for as long as the counter takes to make room for one new order (four 10-minute live runs at
/// Kraken's Starter tier before the reserve: one side empty 0.8 to 6.7 % of the time).
/// </remarks>
public static class QuoteDiffer
{
    // Up to this many resting orders, IsInPlace sorts them on the stack.
    private const int MaxOrdersOnStack = 64;

    /// <summary>The loop thread's work lists, kept between requotes.</summary>
    [ThreadStatic]
    private static DiffWork? s_work;

    /// <summary>Computes the changes.</summary>
    /// <param name="resting">Our open orders on the instrument (accepted or partially filled).</param>
    /// <param name="grid">The desired grid.</param>
    /// <param name="toleranceBps">How far (in bps of the desired price) a resting price may be before it is moved.</param>
    /// <param name="amendAllowed">Whether the venue amends in place.</param>
    /// <param name="canPlaceNew">Whether the rate budget allows new orders now (cancels always go).</param>
    /// <returns>The changes: cancels first, then amends, then new orders.</returns>
    public static IReadOnlyList<QuoteAction> Diff(IReadOnlyCollection<OmsOrder> resting, QuoteGrid grid, double toleranceBps, bool amendAllowed, bool canPlaceNew) =>
        Diff(resting, grid, toleranceBps, amendAllowed, canPlaceNew ? int.MaxValue : 0, refillReserve: 0);

    /// <summary>Computes the changes within a budget of new orders and amends, spent on the levels nearest the mid first.</summary>
    /// <param name="resting">Our open orders on the instrument (accepted or partially filled).</param>
    /// <param name="grid">The desired grid.</param>
    /// <param name="toleranceBps">How far (in bps of the desired price) a resting price may be before it is moved.</param>
    /// <param name="amendAllowed">Whether the venue amends in place.</param>
    /// <param name="newOrderBudget">How many new orders and amends the rate budget allows now (cancels always go); <see cref="int.MaxValue"/> when unlimited.</param>
    /// <param name="refillReserve">How much of the budget only missing levels and too-aggressive orders may use: moving a merely distant order needs more than this left. Default 0.</param>
    /// <returns>The changes: cancels first, then amends, then new orders.</returns>
    public static IReadOnlyList<QuoteAction> Diff(IReadOnlyCollection<OmsOrder> resting, QuoteGrid grid, double toleranceBps, bool amendAllowed, int newOrderBudget, int refillReserve = 0) =>
        Diff(resting, grid, toleranceBps, amendAllowed ? VenueFeatures.Amend : VenueFeatures.None, newOrderBudget, refillReserve);

    /// <summary>Computes the changes within a budget, with the amends the venue's features allow.</summary>
    /// <param name="resting">Our open orders on the instrument (accepted or partially filled).</param>
    /// <param name="grid">The desired grid.</param>
    /// <param name="toleranceBps">How far (in bps of the desired price) a resting price may be before it is moved.</param>
    /// <param name="venueFeatures">The venue's features: <see cref="VenueFeatures.Amend"/> amends in place, <see cref="VenueFeatures.AmendQuantityDown"/> only lowers a quantity in place; the others are ignored.</param>
    /// <param name="newOrderBudget">How many new orders and amends the rate budget allows now (cancels always go); <see cref="int.MaxValue"/> when unlimited.</param>
    /// <param name="refillReserve">How much of the budget only missing levels and too-aggressive orders may use.</param>
    /// <returns>The changes: cancels first, then amends, then new orders.</returns>
    public static IReadOnlyList<QuoteAction> Diff(IReadOnlyCollection<OmsOrder> resting, QuoteGrid grid, double toleranceBps, VenueFeatures venueFeatures, int newOrderBudget, int refillReserve)
    {
        ArgumentNullException.ThrowIfNull(resting);
        ArgumentNullException.ThrowIfNull(grid);
        var changes = new List<QuoteChange>();
        DiffInto(resting as IReadOnlyList<OmsOrder> ?? [.. resting], grid.Bids.AsSpan(), grid.Asks.AsSpan(), toleranceBps, venueFeatures, newOrderBudget, refillReserve, changes);
        return [.. changes.Select(c => new QuoteAction(c.Kind, c.Side, c.Order, c.Price, c.Quantity))];
    }

    /// <summary>
    /// Computes the changes as <see cref="Diff(IReadOnlyCollection{OmsOrder}, QuoteGrid, double, bool, int, int)"/> does,
    /// into a list the caller keeps, without allocating (the loop's requotes): the per-side work lists are the
    /// thread's own.
    /// </summary>
    /// <param name="resting">Our open orders on the instrument (accepted or partially filled).</param>
    /// <param name="bids">The desired bids, best first.</param>
    /// <param name="asks">The desired asks, best first.</param>
    /// <param name="toleranceBps">How far (in bps of the desired price) a resting price may be before it is moved.</param>
    /// <param name="venueFeatures">The venue's features: which amends it allows.</param>
    /// <param name="newOrderBudget">How many new orders and amends the rate budget allows now; <see cref="int.MaxValue"/> when unlimited.</param>
    /// <param name="refillReserve">How much of the budget only missing levels and too-aggressive orders may use.</param>
    /// <param name="into">Cleared, then given the changes: cancels first, then amends, then new orders.</param>
    internal static void DiffInto(IReadOnlyList<OmsOrder> resting, ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks, double toleranceBps, VenueFeatures venueFeatures, int newOrderBudget, int refillReserve, List<QuoteChange> into)
    {
        var amendAllowed = (venueFeatures & VenueFeatures.Amend) != 0;
        var lowerInPlace = !amendAllowed && (venueFeatures & VenueFeatures.AmendQuantityDown) != 0;
        ArgumentOutOfRangeException.ThrowIfNegative(newOrderBudget);
        ArgumentOutOfRangeException.ThrowIfNegative(refillReserve);

        // Taken out of the thread's slot while in use, so that a nested call (none today) gets lists of its own.
        var work = s_work ?? new DiffWork();
        s_work = null;
        work.Clear();
        into.Clear();
        Sort(resting, Side.Buy, work.Bids);
        Sort(resting, Side.Sell, work.Asks);
        var depth = Math.Max(Math.Max(work.Bids.Count, bids.Length), Math.Max(work.Asks.Count, asks.Length));
        for (var i = 0; i < depth; i++)
        {
            for (var s = 0; s < 2; s++)
            {
                var side = s == 0 ? Side.Buy : Side.Sell;
                var levels = s == 0 ? bids : asks;
                var orders = s == 0 ? work.Bids : work.Asks;
                if (i >= levels.Length && i < orders.Count)
                {
                    work.Cancels.Add(new QuoteChange(QuoteActionKind.Cancel, side, orders[i], null, null));
                }
                else if (i < levels.Length && i >= orders.Count && newOrderBudget > 0 && !ReachesOurOtherSide(side, levels[i].Price, work))
                {
                    newOrderBudget--;
                    work.Places.Add(new QuoteChange(QuoteActionKind.Place, side, null, levels[i].Price, levels[i].Quantity));
                }
            }

            // Too aggressive first, with the whole budget; merely distant after, above the refill reserve.
            for (var pass = 0; pass < 2; pass++)
            {
                var aggressive = pass == 0;
                for (var s = 0; s < 2; s++)
                {
                    var side = s == 0 ? Side.Buy : Side.Sell;
                    var levels = s == 0 ? bids : asks;
                    var orders = s == 0 ? work.Bids : work.Asks;
                    if (i >= levels.Length || i >= orders.Count)
                    {
                        continue;
                    }

                    var level = levels[i];
                    var order = orders[i];
                    var distanceBps = DistanceBps((double)order.LimitPrice!.Value.Value, (double)level.Price.Value);
                    var tooAggressive = distanceBps > toleranceBps && IsMoreAggressive(side, order.LimitPrice!.Value, level.Price);
                    if (tooAggressive != aggressive || (distanceBps <= toleranceBps && order.RemainingQuantity == level.Quantity)
                        || ReachesOurOtherSide(side, level.Price, work))
                    {
                        continue;
                    }

                    if (lowerInPlace && distanceBps <= toleranceBps && order.RemainingQuantity > level.Quantity)
                    {
                        // Only too large: lowered where it rests (the total, what is filled staying filled), its place kept.
                        work.Amends.Add(new QuoteChange(QuoteActionKind.Amend, side, order, null, new Quantity(order.FilledQuantity.Value + level.Quantity.Value)));
                        continue;
                    }

                    if (newOrderBudget > (aggressive ? 0 : refillReserve))
                    {
                        newOrderBudget--;
                        Move(side, order, level, amendAllowed, work);
                    }
                    else if (aggressive)
                    {
                        work.Cancels.Add(new QuoteChange(QuoteActionKind.Cancel, side, order, null, null));
                    }
                }
            }
        }

        into.AddRange(work.Cancels);
        into.AddRange(work.Amends);
        into.AddRange(work.Places);
        work.Clear();
        s_work = work;
    }

    /// <summary>
    /// Gets whether every resting order already sits at its level, within the tolerance and at its size, with as many
    /// orders as levels on each side: when <see cref="Diff(IReadOnlyCollection{OmsOrder}, QuoteGrid, double, bool, int, int)"/>
    /// would return no change, whatever the budget. Checked without allocating (each side's orders sorted on the stack).
    /// </summary>
    /// <param name="resting">Our open orders on the instrument (accepted or partially filled).</param>
    /// <param name="grid">The desired grid.</param>
    /// <param name="toleranceBps">How far (in bps of the desired price) a resting price may be before it is moved.</param>
    /// <returns>Whether there is nothing to change.</returns>
    public static bool IsInPlace(IReadOnlyList<OmsOrder> resting, QuoteGrid grid, double toleranceBps)
    {
        ArgumentNullException.ThrowIfNull(resting);
        ArgumentNullException.ThrowIfNull(grid);
        return IsInPlace(resting, grid.Bids.AsSpan(), grid.Asks.AsSpan(), toleranceBps);
    }

    /// <summary>As <see cref="IsInPlace(IReadOnlyList{OmsOrder}, QuoteGrid, double)"/>, on levels not yet made a grid.</summary>
    internal static bool IsInPlace(IReadOnlyList<OmsOrder> resting, ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks, double toleranceBps) =>
        resting switch
        {
            List<OmsOrder> list => IsInPlace(CollectionsMarshal.AsSpan(list), bids, asks, toleranceBps),
            OmsOrder[] array => IsInPlace(array, bids, asks, toleranceBps),
            _ => IsInPlace([.. resting], bids, asks, toleranceBps),
        };

    /// <summary>
    /// The check, in one pass over the orders: each priced order's key (its price as a double, a bid's negated, so that
    /// ascending keys are best first on both sides; a decimal comparison costs a call) is sorted by insertion into its
    /// side's part of one scratch span, the bids' before the asks', which keeps equal prices in their order as
    /// <see cref="Sort"/> does; then each side's orders are compared with its levels. A side holds a few dozen orders at
    /// most.
    /// </summary>
    private static bool IsInPlace(ReadOnlySpan<OmsOrder> resting, ReadOnlySpan<BookLevel> bids, ReadOnlySpan<BookLevel> asks, double toleranceBps)
    {
        var count = resting.Length;
        if (count != bids.Length + asks.Length)
        {
            return false;
        }

        Span<double> keys = count <= MaxOrdersOnStack ? stackalloc double[count] : new double[count];
        Span<int> indices = count <= MaxOrdersOnStack ? stackalloc int[count] : new int[count];
        int bidCount = 0, askCount = 0;
        for (var i = 0; i < resting.Length; i++)
        {
            var order = resting[i];
            if (order.LimitPrice is not { } price)
            {
                return false;
            }

            var isBid = order.Side == Side.Buy;
            if (isBid ? bidCount == bids.Length : askCount == asks.Length)
            {
                return false;
            }

            var start = isBid ? 0 : bids.Length;
            var at = start + (isBid ? bidCount++ : askCount++);
            var key = isBid ? -(double)price.Value : (double)price.Value;
            while (at > start && keys[at - 1] > key)
            {
                keys[at] = keys[at - 1];
                indices[at] = indices[at - 1];
                at--;
            }

            keys[at] = key;
            indices[at] = i;
        }

        return AreAtLevels(resting, bids, keys, indices, toleranceBps)
            && AreAtLevels(resting, asks, keys[bids.Length..], indices[bids.Length..], toleranceBps);
    }

    /// <summary>Whether one side's orders, best first, each sit within the tolerance of their level and at its size.</summary>
    private static bool AreAtLevels(ReadOnlySpan<OmsOrder> resting, ReadOnlySpan<BookLevel> levels, ReadOnlySpan<double> keys, ReadOnlySpan<int> indices, double toleranceBps)
    {
        for (var k = 0; k < levels.Length; k++)
        {
            var level = levels[k];
            if (DistanceBps(Math.Abs(keys[k]), (double)level.Price.Value) > toleranceBps || resting[indices[k]].RemainingQuantity != level.Quantity)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a price would reach our own best resting order on the other side. That order stays at its price until the
    /// venue answers its own change, so the pre-trade checks would deny the new price as a self-cross; the level waits
    /// for a requote after the answer, and the order at it keeps quoting where it is.
    /// </summary>
    private static bool ReachesOurOtherSide(Side side, Price price, DiffWork work) =>
        side == Side.Buy
            ? work.Asks.Count > 0 && price >= work.Asks[0].LimitPrice!.Value
            : work.Bids.Count > 0 && price <= work.Bids[0].LimitPrice!.Value;

    private static void Move(Side side, OmsOrder order, BookLevel level, bool amendAllowed, DiffWork work)
    {
        if (amendAllowed)
        {
            // An amend sets the order's total quantity: what is filled stays filled.
            var total = new Quantity(order.FilledQuantity.Value + level.Quantity.Value);
            work.Amends.Add(new QuoteChange(QuoteActionKind.Amend, side, order, level.Price, total));
        }
        else
        {
            work.Cancels.Add(new QuoteChange(QuoteActionKind.Cancel, side, order, null, null));
            work.Places.Add(new QuoteChange(QuoteActionKind.Place, side, null, level.Price, level.Quantity));
        }
    }

    /// <summary>One side's priced orders, best first; equal prices keep their order (an insertion sort: a side holds a few orders).</summary>
    private static void Sort(IReadOnlyList<OmsOrder> resting, Side side, List<OmsOrder> sorted)
    {
        for (var i = 0; i < resting.Count; i++)
        {
            var order = resting[i];
            if (order.Side != side || order.LimitPrice is not { } price)
            {
                continue;
            }

            var at = sorted.Count;
            while (at > 0 && IsMoreAggressive(side, price, sorted[at - 1].LimitPrice!.Value))
            {
                at--;
            }

            sorted.Insert(at, order);
        }
    }

    /// <summary>How far a resting price is from its level, in bps of the level's price (in doubles: a decimal division costs more than the whole comparison).</summary>
    private static double DistanceBps(double resting, double level) => Math.Abs(resting - level) / level * 10_000;

    private static bool IsMoreAggressive(Side side, Price resting, Price wanted) =>
        side == Side.Buy ? resting > wanted : resting < wanted;

    /// <summary>One diff's work lists: each side's orders best first, and the changes by kind.</summary>
    private sealed class DiffWork
    {
        public List<OmsOrder> Bids { get; } = [];

        public List<OmsOrder> Asks { get; } = [];

        public List<QuoteChange> Cancels { get; } = [];

        public List<QuoteChange> Amends { get; } = [];

        public List<QuoteChange> Places { get; } = [];

        public void Clear()
        {
            Bids.Clear();
            Asks.Clear();
            Cancels.Clear();
            Amends.Clear();
            Places.Clear();
        }
    }
}
