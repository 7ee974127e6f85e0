using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Strategies;

/// <summary>
/// Turns the desired grid into the fewest changes to the resting orders: each side's orders are matched to the grid's
/// levels best first; an order within the refresh tolerance of its level (and of its size) is left alone; otherwise it
/// is amended when amends are allowed, else canceled and replaced; extra orders are canceled; missing levels get new
/// orders. The rate budget for new orders and amends is spent on the levels nearest the mid first; beyond it, new
/// orders and amends wait, and an order that should move is canceled only when
/// it is more aggressive than its level (a bid above it, an ask below it: the quote the market would pick off), and
/// otherwise stays where it is, further from the mid than wanted but still quoting.
/// </summary>
/// <remarks>
/// Amend is preferred because Kraken keeps the order's ids and counts an amend of a young order 1 + 3 points against
/// 8 + 1 for cancel and new (<see href="https://docs.kraken.com/api/docs/guides/spot-ratelimits"/>). Canceling a
/// merely distant order while the budget is short would spend 8 points to leave that side empty until the budget
/// recovers.
/// </remarks>
public static class QuoteDiffer
{
    /// <summary>Computes the changes.</summary>
    /// <param name="resting">Our open orders on the instrument (accepted or partially filled).</param>
    /// <param name="grid">The desired grid.</param>
    /// <param name="toleranceBps">How far (in bps of the desired price) a resting price may be before it is moved.</param>
    /// <param name="amendAllowed">Whether the venue amends in place.</param>
    /// <param name="canPlaceNew">Whether the rate budget allows new orders now (cancels always go).</param>
    /// <returns>The changes: cancels first, then amends, then new orders.</returns>
    public static IReadOnlyList<QuoteAction> Diff(IReadOnlyCollection<OmsOrder> resting, QuoteGrid grid, double toleranceBps, bool amendAllowed, bool canPlaceNew) =>
        Diff(resting, grid, toleranceBps, amendAllowed, canPlaceNew ? int.MaxValue : 0);

    /// <summary>Computes the changes within a budget of new orders and amends, spent on the levels nearest the mid first.</summary>
    /// <param name="resting">Our open orders on the instrument (accepted or partially filled).</param>
    /// <param name="grid">The desired grid.</param>
    /// <param name="toleranceBps">How far (in bps of the desired price) a resting price may be before it is moved.</param>
    /// <param name="amendAllowed">Whether the venue amends in place.</param>
    /// <param name="newOrderBudget">How many new orders and amends the rate budget allows now (cancels always go).</param>
    /// <returns>The changes: cancels first, then amends, then new orders.</returns>
    public static IReadOnlyList<QuoteAction> Diff(IReadOnlyCollection<OmsOrder> resting, QuoteGrid grid, double toleranceBps, bool amendAllowed, int newOrderBudget)
    {
        ArgumentNullException.ThrowIfNull(resting);
        ArgumentNullException.ThrowIfNull(grid);
        var cancels = new List<QuoteAction>();
        var amends = new List<QuoteAction>();
        var places = new List<QuoteAction>();
        var sides = new[] { (Side: Side.Buy, Levels: grid.Bids, Orders: Sorted(resting, Side.Buy)), (Side: Side.Sell, Levels: grid.Asks, Orders: Sorted(resting, Side.Sell)) };
        var depth = sides.Max(s => Math.Max(s.Orders.Count, s.Levels.Length));

        // Level by level, both sides at each: the quotes nearest the mid get the budget first, and at each level a side
        // with no order there is filled before a resting order is moved (an empty side quotes nothing).
        for (var i = 0; i < depth; i++)
        {
            foreach (var (side, levels, orders) in sides)
            {
                if (i >= levels.Length && i < orders.Count)
                {
                    cancels.Add(new QuoteAction(QuoteActionKind.Cancel, side, orders[i], null, null));
                }
                else if (i < levels.Length && i >= orders.Count && newOrderBudget > 0)
                {
                    newOrderBudget--;
                    places.Add(new QuoteAction(QuoteActionKind.Place, side, null, levels[i].Price, levels[i].Quantity));
                }
            }

            foreach (var (side, levels, orders) in sides)
            {
                if (i >= levels.Length || i >= orders.Count)
                {
                    continue;
                }

                var level = levels[i];
                var order = orders[i];
                var distanceBps = (double)Math.Abs((order.LimitPrice!.Value.Value - level.Price.Value) / level.Price.Value) * 10_000;
                if (distanceBps <= toleranceBps && order.RemainingQuantity == level.Quantity)
                {
                    continue;
                }

                if (newOrderBudget > 0)
                {
                    newOrderBudget--;
                    if (amendAllowed)
                    {
                        // An amend sets the order's total quantity: what is filled stays filled.
                        var total = new Quantity(order.FilledQuantity.Value + level.Quantity.Value);
                        amends.Add(new QuoteAction(QuoteActionKind.Amend, side, order, level.Price, total));
                    }
                    else
                    {
                        cancels.Add(new QuoteAction(QuoteActionKind.Cancel, side, order, null, null));
                        places.Add(new QuoteAction(QuoteActionKind.Place, side, null, level.Price, level.Quantity));
                    }
                }
                else if (distanceBps > toleranceBps && IsMoreAggressive(side, order.LimitPrice!.Value, level.Price))
                {
                    cancels.Add(new QuoteAction(QuoteActionKind.Cancel, side, order, null, null));
                }
            }
        }

        return [.. cancels, .. amends, .. places];
    }

    private static List<OmsOrder> Sorted(IReadOnlyCollection<OmsOrder> resting, Side side) =>
        [.. resting.Where(o => o.Side == side && o.LimitPrice is not null).OrderBy(o => side == Side.Buy ? -o.LimitPrice!.Value.Value : o.LimitPrice!.Value.Value)];

    private static bool IsMoreAggressive(Side side, Price resting, Price wanted) =>
        side == Side.Buy ? resting > wanted : resting < wanted;
}
