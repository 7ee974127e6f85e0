using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Strategies.Tests;

/// <summary>From resting orders to the desired grid in the fewest changes, within the rate budget.</summary>
public sealed class QuoteDifferTests
{
    private static readonly InstrumentSpec s_spec = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 2, 3);
    private static readonly QuoteParameters s_parameters = new() { SpreadBps = 10, OrdersPerSide = 3, FinalOrderDistanceBps = 50, MinOrderSize = 0.010m, MaxOrderSize = 0.030m };
    private int _ids;

    private List<OmsOrder> RestingFor(QuoteGrid grid) =>
        [.. grid.Bids.Select(l => Order(Side.Buy, l)).Concat(grid.Asks.Select(l => Order(Side.Sell, l)))];

    private OmsOrder Order(Side side, BookLevel level)
    {
        var order = new OmsOrder(VenueId.Create("kraken"), ClientOrderId.Create($"c-{++_ids}"), s_spec.Instrument, side, OrderType.Limit, level.Quantity, 1)
        {
            LimitPrice = level.Price,
        };
        OrderLifecycle.Apply(order, OrderEventKind.SubmitAcknowledged, 2);
        return order;
    }

    private static QuoteGrid Grid(decimal mid) => QuoteGenerator.Generate(s_spec, new Price(mid), 0, 0, 0, s_parameters);

    [Test]
    public void MidMoveWithinTolerance_SendsNothing()
    {
        var resting = RestingFor(Grid(100.00m));

        var actions = QuoteDiffer.Diff(resting, Grid(100.01m), toleranceBps: 2, amendAllowed: true, canPlaceNew: true);

        Assert.That(actions, Is.Empty);
    }

    [Test]
    public void LargerMove_AmendsEveryOrderInPlace_WhenAmendIsAllowed()
    {
        // 4 bps: past the tolerance, within the spread (no bid reaches our asks).
        var resting = RestingFor(Grid(100.00m));
        var target = Grid(100.04m);

        var actions = QuoteDiffer.Diff(resting, target, toleranceBps: 2, amendAllowed: true, canPlaceNew: true);

        Assert.Multiple(() =>
        {
            Assert.That(actions.Select(a => a.Kind), Is.All.EqualTo(QuoteActionKind.Amend));
            Assert.That(actions, Has.Count.EqualTo(6));
            Assert.That(actions.Where(a => a.Side == Side.Buy).Select(a => a.Price!.Value.Value), Is.EqualTo(target.Bids.Select(l => l.Price.Value)));
            Assert.That(actions.Select(a => a.Order), Is.EquivalentTo(resting), "each resting order moved once");
        });
    }

    [Test]
    public void AJumpPastOurOwnAsks_MovesTheAsksFirst_AndTheBidsWaitUntilTheAsksHaveMoved()
    {
        // The mid jumps 1 %: the new bids would reach our asks, which stay at their old prices until the venue answers
        // their amends (the pre-trade checks would deny a bid there as a self-cross).
        var resting = RestingFor(Grid(100.00m));
        var target = Grid(101.00m);

        var first = QuoteDiffer.Diff(resting, target, 2, amendAllowed: true, canPlaceNew: true);
        var asksMoved = resting.Where(o => o.Side == Side.Buy).Concat(target.Asks.Select(l => Order(Side.Sell, l))).ToList();
        var second = QuoteDiffer.Diff(asksMoved, target, 2, amendAllowed: true, canPlaceNew: true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Select(a => (a.Kind, a.Side)), Is.All.EqualTo((QuoteActionKind.Amend, Side.Sell)));
            Assert.That(first, Has.Count.EqualTo(3));
            Assert.That(second.Select(a => (a.Kind, a.Side)), Is.All.EqualTo((QuoteActionKind.Amend, Side.Buy)));
            Assert.That(second.Select(a => a.Price!.Value), Is.EqualTo(target.Bids.Select(l => l.Price)));
        }
    }

    [Test]
    public void LargerMove_WithoutAmend_CancelsAndReplaces()
    {
        var actions = QuoteDiffer.Diff(RestingFor(Grid(100.00m)), Grid(100.04m), 2, amendAllowed: false, canPlaceNew: true);

        Assert.Multiple(() =>
        {
            Assert.That(actions.Count(a => a.Kind == QuoteActionKind.Cancel), Is.EqualTo(6));
            Assert.That(actions.Count(a => a.Kind == QuoteActionKind.Place), Is.EqualTo(6));
            Assert.That(actions.TakeWhile(a => a.Kind == QuoteActionKind.Cancel).Count(), Is.EqualTo(6), "cancels first");
        });
    }

    [Test]
    public void OnAVenueThatOnlyLowersAQuantityInPlace_AnOrderTooLargeAtItsPrice_IsLoweredThere_WithoutTheBudget_AndAMoveIsCancelAndNew()
    {
        // Binance spot: the keep-priority amend lowers a quantity at the same price and does nothing else.
        // The second bid rests at its level's price with 0.010 more than the level, of which 0.004 is filled.
        var grid = Grid(100.00m);
        var resting = RestingFor(grid);
        var bigBid = Order(Side.Buy, new BookLevel(grid.Bids[1].Price, new Quantity(grid.Bids[1].Quantity.Value + 0.010m)));
        OrderLifecycle.ApplyFill(bigBid, new FillEvent(bigBid.Venue, s_spec.Instrument, VenueOrderId.Create("v-big"), TradeId.Create("t-1"), Side.Buy, grid.Bids[1].Price, new Quantity(0.004m), 3, 3));
        resting[resting.IndexOf(resting.Where(o => o.Side == Side.Buy).Skip(1).First())] = bigBid;

        var lowered = QuoteDiffer.Diff(resting, grid, 2, VenueFeatures.AmendQuantityDown, newOrderBudget: 0, refillReserve: 0);
        var moved = QuoteDiffer.Diff(RestingFor(Grid(100.00m)), Grid(100.04m), 2, VenueFeatures.AmendQuantityDown, int.MaxValue, 0);

        Assert.Multiple(() =>
        {
            Assert.That(lowered.Select(a => (a.Kind, a.Order, a.Price)), Is.EqualTo(new[] { (QuoteActionKind.Amend, bigBid, (Price?)null) }), "the too-large order lowered at its own price, with no budget; the others rest at their levels");
            Assert.That(lowered[0].Quantity, Is.EqualTo(new Quantity(0.004m + grid.Bids[1].Quantity.Value)), "the new total: what is filled, and the level's size left");
            Assert.That(moved.Count(a => a.Kind == QuoteActionKind.Cancel), Is.EqualTo(6), "a new price is a cancel and a new order");
            Assert.That(moved.Count(a => a.Kind == QuoteActionKind.Place), Is.EqualTo(6));
        });
    }

    [Test]
    public void RateBudgetExhausted_OnlyQuotesMoreAggressiveThanWantedAreCanceled_NewQuotesAndAmendsWait()
    {
        var resting = RestingFor(Grid(100.00m));

        // The mid rose 20 bps: our asks now sit below where they should (the market would lift them), our bids below
        // where they should (merely further from the mid).
        var actions = QuoteDiffer.Diff(resting, Grid(100.20m), 2, amendAllowed: true, canPlaceNew: false);

        Assert.Multiple(() =>
        {
            Assert.That(actions.Select(a => a.Kind), Is.All.EqualTo(QuoteActionKind.Cancel), "no new order or amend while the budget is short");
            Assert.That(actions.Select(a => a.Order), Is.EquivalentTo(resting.Where(o => o.Side == Side.Sell)), "the asks are pulled; the bids keep quoting");
        });
    }

    [Test]
    public void ABudgetOfTwo_GoesToTheLevelNearestTheMidOnEachSide()
    {
        var resting = RestingFor(Grid(100.00m)).Where(o => o.Side == Side.Buy).ToList();
        var target = Grid(100.20m);

        var actions = QuoteDiffer.Diff(resting, target, 2, amendAllowed: true, newOrderBudget: 2);

        Assert.That(actions.Select(a => (a.Kind, a.Side, a.Price)), Is.EqualTo(new[]
        {
            (QuoteActionKind.Amend, Side.Buy, (Price?)target.Bids[0].Price),
            (QuoteActionKind.Place, Side.Sell, (Price?)target.Asks[0].Price),
        }), "the nearest bid moved and the nearest ask placed; the other levels wait");
    }

    [Test]
    public void ABudgetOfOne_FillsAnEmptySide_BeforeMovingARestingOrder()
    {
        var resting = RestingFor(Grid(100.00m)).Where(o => o.Side == Side.Buy).ToList();
        var target = Grid(100.20m);

        var actions = QuoteDiffer.Diff(resting, target, 2, amendAllowed: true, newOrderBudget: 1);

        Assert.That(actions.Select(a => (a.Kind, a.Side, a.Price)), Is.EqualTo(new[] { (QuoteActionKind.Place, Side.Sell, (Price?)target.Asks[0].Price) }),
            "the empty ask side gets the one change; the bids, further from the mid than wanted, wait");
    }

    [Test]
    public void ARefillReserve_HoldsBackMovingADistantOrder_NotFillingAnEmptySide()
    {
        // Every ask was filled, and the mid rose 20 bps: the bids are merely further from the mid than wanted.
        var resting = RestingFor(Grid(100.00m)).Where(o => o.Side == Side.Buy).ToList();
        var target = Grid(100.20m);

        var withReserve = QuoteDiffer.Diff(resting, target, 2, amendAllowed: true, newOrderBudget: 3, refillReserve: 2);
        var withoutReserve = QuoteDiffer.Diff(resting, target, 2, amendAllowed: true, newOrderBudget: 3);

        Assert.Multiple(() =>
        {
            Assert.That(withReserve.Select(a => (a.Kind, a.Side, a.Price)), Is.EqualTo(target.Asks.Select(l => (QuoteActionKind.Place, Side.Sell, (Price?)l.Price))),
                "the empty side is filled with the whole budget; the bids keep quoting where they are");
            Assert.That(withoutReserve.Select(a => (a.Kind, a.Side)), Is.EqualTo(new[] { (QuoteActionKind.Amend, Side.Buy), (QuoteActionKind.Place, Side.Sell), (QuoteActionKind.Place, Side.Sell) }),
                "without it, the nearest bid moves and the third ask waits");
        });
    }

    [Test]
    public void ARefillReserve_DoesNotHoldBackMovingAnOrderTheMarketCouldPickOff()
    {
        // Every ask was filled, and the mid fell 20 bps: the bids now sit above where they should.
        var resting = RestingFor(Grid(100.00m)).Where(o => o.Side == Side.Buy).ToList();
        var target = Grid(99.80m);

        var actions = QuoteDiffer.Diff(resting, target, 2, amendAllowed: true, newOrderBudget: 2, refillReserve: 2);

        Assert.Multiple(() =>
        {
            Assert.That(actions.Select(a => (a.Kind, a.Side)), Is.EqualTo(new[]
            {
                (QuoteActionKind.Cancel, Side.Buy), (QuoteActionKind.Cancel, Side.Buy), (QuoteActionKind.Amend, Side.Buy), (QuoteActionKind.Place, Side.Sell),
            }), "the nearest ask placed and the nearest bid moved down within the reserve; the bids beyond the budget pulled");
            Assert.That(actions[2].Price, Is.EqualTo(target.Bids[0].Price));
            Assert.That(actions.Take(2).Select(a => a.Order!.LimitPrice), Is.EqualTo(resting.Skip(1).Select(o => o.LimitPrice)));
        });
    }

    [Test]
    public void ExtraOrdersAreCanceled_AndMissingLevelsPlaced()
    {
        var grid = Grid(100.00m);
        var resting = RestingFor(grid);
        resting.Add(Order(Side.Sell, new BookLevel(new Price(101.00m), new Quantity(0.030m))));
        resting.RemoveAll(o => o.Side == Side.Buy && o.LimitPrice == grid.Bids[2].Price);

        var actions = QuoteDiffer.Diff(resting, grid, 2, amendAllowed: true, canPlaceNew: true);

        Assert.Multiple(() =>
        {
            Assert.That(actions, Has.Count.EqualTo(2));
            Assert.That(actions[0], Has.Property(nameof(QuoteAction.Kind)).EqualTo(QuoteActionKind.Cancel).And.Property(nameof(QuoteAction.Side)).EqualTo(Side.Sell));
            Assert.That(actions[0].Order!.LimitPrice, Is.EqualTo(new Price(101.00m)));
            Assert.That(actions[1], Has.Property(nameof(QuoteAction.Kind)).EqualTo(QuoteActionKind.Place));
            Assert.That(actions[1].Price, Is.EqualTo(grid.Bids[2].Price));
        });
    }

    [Test]
    public void IsInPlace_AgreesWithDiff_OverRandomRestingOrdersAndGrids()
    {
        // Seeded: the same 3,000 cases each run. Orders near, on and off the grid's levels, missing, extra, with other sizes.
        var random = new Random(20261203);
        for (var n = 0; n < 3_000; n++)
        {
            var grid = Grid(100m + (random.Next(-20, 21) * 0.01m));
            var resting = new List<OmsOrder>();
            foreach (var (side, levels) in new[] { (Side.Buy, grid.Bids), (Side.Sell, grid.Asks) })
            {
                foreach (var level in levels)
                {
                    var kind = random.Next(6);
                    if (kind == 0)
                    {
                        continue;
                    }

                    var price = new Price(level.Price.Value + (kind == 1 ? random.Next(-5, 6) * 0.01m : 0));
                    var quantity = kind == 2 ? new Quantity(level.Quantity.Value + 0.001m) : level.Quantity;
                    resting.Add(Order(side, new BookLevel(price, quantity)));
                    if (kind == 3)
                    {
                        resting.Add(Order(side, level));
                    }
                }
            }

            var tolerance = random.Next(0, 4);
            var unlimited = QuoteDiffer.Diff(resting, grid, tolerance, amendAllowed: true, canPlaceNew: true);
            var inPlace = QuoteDiffer.IsInPlace(resting, grid, tolerance);
            Assert.That(inPlace, Is.EqualTo(unlimited.Count == 0), $"case {n}");
            if (inPlace)
            {
                Assert.That(QuoteDiffer.Diff(resting, grid, tolerance, amendAllowed: false, newOrderBudget: 0), Is.Empty, $"case {n}, no budget");
            }
        }
    }
}
