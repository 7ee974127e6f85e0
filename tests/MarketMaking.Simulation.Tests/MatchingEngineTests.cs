using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Simulation.Accounts;
using MarketMaking.Simulation.Matching;

namespace MarketMaking.Simulation.Tests;

/// <summary>The matching engine on hand-built books and trades: priority, partial fills, order rules, queue positions and balances.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MatchingEngineTests
{
    private const string Account = "acct";
    private static readonly VenueId s_venue = VenueId.Create("sim");
    private static readonly InstrumentId s_btcUsd = InstrumentId.Create("BTC/USD");
    private static readonly AssetId s_btc = AssetId.Create("BTC");
    private static readonly AssetId s_usd = AssetId.Create("USD");

    private readonly List<VenueEvent> _events = [];
    private readonly SimulatedAccount _account = new(Account, new Dictionary<AssetId, decimal> { [s_btc] = 10m, [s_usd] = 1_000_000m });
    private readonly MatchingEngine _engine;
    private int _clientIds;

    public MatchingEngineTests()
    {
        var book = new OrderBook(InstrumentSpec.FromPrecision(s_btcUsd, 1, 4));
        _engine = new MatchingEngine(
            s_venue, new DirectBookSynchronizer(book), s_btc, s_usd, new FeeSchedule { MakerRate = 0.001m, TakerRate = 0.002m },
            id => id == Account ? _account : null, new SimulatedIds(), _events.Add);

        // Bids 99.9 × 2, 99.8 × 3; asks 100.0 × 1, 100.1 × 4.
        _engine.OnMarketData(new BookSnapshot(s_venue, s_btcUsd, [Level(99.9m, 2), Level(99.8m, 3)], [Level(100.0m, 1), Level(100.1m, 4)], 1, 1), 1);
    }

    private static BookLevel Level(decimal price, decimal quantity) => new(new Price(price), new Quantity(quantity));

    private void Delta(Side side, decimal price, decimal quantity) =>
        _engine.OnMarketData(new BookDelta(s_venue, s_btcUsd, side == Side.Buy ? [Level(price, quantity)] : [], side == Side.Sell ? [Level(price, quantity)] : [], 2, 2), 2);

    private void PublicTrade(decimal price, decimal quantity, Side aggressor) =>
        _engine.OnMarketData(new Trade(s_venue, s_btcUsd, new Price(price), new Quantity(quantity), aggressor, TradeId.Create("t"), 3, 3), 3);

    private VenueResult<OrderAck> Place(Side side, decimal price, decimal quantity, bool postOnly = false, TimeInForce timeInForce = TimeInForce.GoodTillCanceled) =>
        _engine.Place(new OrderRequest(s_btcUsd, side, OrderType.Limit, new Quantity(quantity), ClientOrderId.Create($"c-{++_clientIds}"))
        {
            LimitPrice = new Price(price),
            PostOnly = postOnly,
            TimeInForce = timeInForce,
        }, Account, 10);

    private SimulatedOrder Order(VenueResult<OrderAck> ack) => _engine.Find(ack.Value!.VenueOrderId!.Value)!;

    private decimal[] FillQuantities() => [.. _events.OfType<FillEvent>().Select(f => f.Quantity.Value)];

    [Test]
    public void PostOnly_ThatWouldCross_IsRefusedWithItsTypedReason_AndNothingIsHeldOrPublished()
    {
        var result = Place(Side.Buy, 100.0m, 1, postOnly: true);

        Assert.Multiple(() =>
        {
            Assert.That(result.Error!.Kind, Is.EqualTo(VenueErrorKind.PostOnlyWouldCross));
            Assert.That(SimulatedRejection.TryRead(result.Error, out var reason) ? reason : default, Is.EqualTo(SimulatedReject.PostOnlyWouldCross));
            Assert.That(_account.Held(s_usd), Is.Zero);
            Assert.That(_events, Is.Empty);
            Assert.That(_engine.RestingOrders, Is.Empty);
        });
    }

    [Test]
    public void LimitOrder_RestsBehindTheDisplayedQuantity_AndHoldsItsCost()
    {
        var order = Order(Place(Side.Buy, 99.9m, 1, postOnly: true));

        Assert.Multiple(() =>
        {
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Accepted));
            Assert.That(order.QueueAheadLots, Is.EqualTo(2 * 10_000), "2 BTC displayed at 99.9, in lots of 0.0001");
            Assert.That(_account.Held(s_usd), Is.EqualTo(99.9m * 1.002m), "price × quantity with the taker fee");
            Assert.That(_events.OfType<OrderUpdate>().Select(u => u.Status), Is.EqualTo(new[] { OrderStatus.PendingNew, OrderStatus.Accepted }));
        });
    }

    [Test]
    public void Trades_ConsumeTheQueueAheadFirst_ThenFillPartially_ThenFully()
    {
        var order = Order(Place(Side.Buy, 99.9m, 1));

        PublicTrade(99.9m, 1.5m, Side.Sell);
        var aheadAfterFirst = order.QueueAheadLots;
        PublicTrade(99.9m, 0.8m, Side.Sell);
        var afterPartial = order.FilledLots;
        PublicTrade(99.9m, 5m, Side.Sell);

        Assert.Multiple(() =>
        {
            Assert.That(aheadAfterFirst, Is.EqualTo(0.5 * 10_000));
            Assert.That(afterPartial, Is.EqualTo(0.3m * 10_000), "0.8 traded: 0.5 ahead, then 0.3 of ours");
            Assert.That(FillQuantities(), Is.EqualTo(new[] { 0.3m, 0.7m }));
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Filled));
            Assert.That(_events.OfType<FillEvent>(), Has.All.Property(nameof(FillEvent.Liquidity)).EqualTo(LiquiditySide.Maker));
            Assert.That(_engine.RestingOrders, Is.Empty);
        });
    }

    [Test]
    public void OurOrdersAtOnePrice_FillInTheOrderTheyArrived()
    {
        var first = Order(Place(Side.Sell, 100.1m, 1));
        var second = Order(Place(Side.Sell, 100.1m, 1));

        // 4 displayed ahead of the first; the second is behind both the 4 and the first.
        PublicTrade(100.1m, 5.5m, Side.Buy);

        Assert.Multiple(() =>
        {
            Assert.That(second.QueueAheadLots, Is.Zero);
            Assert.That(first.Status, Is.EqualTo(OrderStatus.Filled));
            Assert.That(second.FilledLots, Is.EqualTo(0.5m * 10_000));
            Assert.That(_events.OfType<FillEvent>().Select(f => f.VenueOrderId), Is.EqualTo(new[] { first.VenueOrderId, second.VenueOrderId }));
        });
    }

    [Test]
    public void BetterPrice_FillsFirst_EvenWhenItArrivedLater()
    {
        var worse = Order(Place(Side.Buy, 99.8m, 1));
        var better = Order(Place(Side.Buy, 99.9m, 1));

        // A sell sweeps down to 99.8: the 99.9 bid is taken before anything at 99.8, whose queue (3 displayed) is not reached.
        PublicTrade(99.8m, 2m, Side.Sell);

        Assert.Multiple(() =>
        {
            Assert.That(better.Status, Is.EqualTo(OrderStatus.Filled));
            Assert.That(worse.FilledLots, Is.Zero);
            Assert.That(worse.QueueAheadLots, Is.EqualTo(1 * 10_000), "3 ahead, 2 traded at 99.8");
        });
    }

    [Test]
    public void QueueAhead_ShrinksOnlyByTheDocumentedRule()
    {
        var order = Order(Place(Side.Buy, 99.8m, 1));

        Delta(Side.Buy, 99.8m, 6m);                 // +3 joins behind us
        var afterIncrease = order.QueueAheadLots;
        PublicTrade(99.8m, 1m, Side.Sell);          // 1 traded from the front
        Delta(Side.Buy, 99.8m, 5m);                 // the level shows the trade: explained, nothing canceled
        var afterTrade = order.QueueAheadLots;
        Delta(Side.Buy, 99.8m, 2.5m);               // 2.5 canceled out of 5: half of the queue, so half of what is ahead
        var afterCancel = order.QueueAheadLots;
        Delta(Side.Buy, 99.9m, 0m);                 // another level: no effect

        Assert.Multiple(() =>
        {
            Assert.That(afterIncrease, Is.EqualTo(3 * 10_000));
            Assert.That(afterTrade, Is.EqualTo(2 * 10_000));
            Assert.That(afterCancel, Is.EqualTo(1 * 10_000));
            Assert.That(order.QueueAheadLots, Is.EqualTo(1 * 10_000));
            Assert.That(order.FilledLots, Is.Zero);
        });
    }

    [Test]
    public void TradeThroughOurPrice_FillsTheWholeOrderAtOurPrice()
    {
        var order = Order(Place(Side.Buy, 99.8m, 1));

        PublicTrade(99.7m, 0.01m, Side.Sell);

        Assert.Multiple(() =>
        {
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Filled));
            Assert.That(_events.OfType<FillEvent>().Single().Price, Is.EqualTo(new Price(99.8m)));
        });
    }

    [Test]
    public void BookMovingThroughOurPrice_FillsTheWholeOrderAtOurPriceAsMaker_AndLeavesTheOtherSideResting()
    {
        var bid = Order(Place(Side.Buy, 99.9m, 0.5m));
        var ask = Order(Place(Side.Sell, 100.1m, 0.2m));

        // The public bids at and below our price leave, then an ask arrives at 99.8: the public book is not crossed (no
        // bid left), but it went through our bid, which would have been taken first.
        Delta(Side.Buy, 99.9m, 0);
        Delta(Side.Buy, 99.8m, 0);
        Assert.That(_events.OfType<FillEvent>(), Is.Empty, "no fill before the book reaches our price");
        Delta(Side.Sell, 99.8m, 1);

        var fill = _events.OfType<FillEvent>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(fill.Side, Is.EqualTo(Side.Buy));
            Assert.That(fill.Price, Is.EqualTo(new Price(99.9m)));
            Assert.That(fill.Quantity, Is.EqualTo(new Quantity(0.5m)));
            Assert.That(fill.Liquidity, Is.EqualTo(LiquiditySide.Maker));
            Assert.That(fill.Fee, Is.EqualTo(0.5m * 99.9m * 0.001m), "the maker rate on the notional");
            Assert.That(bid.Status, Is.EqualTo(OrderStatus.Filled));
            Assert.That(ask.Status, Is.EqualTo(OrderStatus.Accepted));
            Assert.That(_engine.RestingOrders, Is.EqualTo(new[] { ask }));
        });
    }

    [Test]
    public void MarketableLimit_TakesTheBookAtItsPrices_ThenRestsTheRemainder()
    {
        var order = Order(Place(Side.Buy, 100.1m, 6));

        var fills = _events.OfType<FillEvent>().ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(fills.Select(f => (f.Price.Value, f.Quantity.Value)), Is.EqualTo(new[] { (100.0m, 1m), (100.1m, 4m) }));
            Assert.That(fills, Has.All.Property(nameof(FillEvent.Liquidity)).EqualTo(LiquiditySide.Taker));
            Assert.That(fills.Select(f => f.Fee), Is.EqualTo(new[] { 100.0m * 0.002m, 100.1m * 4 * 0.002m }));
            Assert.That(order.Status, Is.EqualTo(OrderStatus.PartiallyFilled));
            Assert.That(order.RemainingLots, Is.EqualTo(1 * 10_000));
            Assert.That(_engine.RestingOrders, Does.Contain(order));
        });
    }

    [Test]
    public void ImmediateOrCancel_CancelsWhatItCouldNotFillAtOnce()
    {
        var order = Order(Place(Side.Sell, 99.9m, 3, timeInForce: TimeInForce.ImmediateOrCancel));

        Assert.Multiple(() =>
        {
            Assert.That(FillQuantities(), Is.EqualTo(new[] { 2m }));
            Assert.That(order.Status, Is.EqualTo(OrderStatus.Canceled));
            Assert.That(_engine.RestingOrders, Is.Empty);
            Assert.That(_account.Held(s_btc), Is.Zero, "the rest of the hold is released");
        });
    }

    [Test]
    public void Amend_LowerQuantityKeepsThePlace_NewPriceOrHigherQuantityLosesIt()
    {
        var order = Order(Place(Side.Buy, 99.9m, 2));
        PublicTrade(99.9m, 1.5m, Side.Sell);
        var reference = OrderReference.ByVenueId(order.VenueOrderId);

        _engine.Amend(new AmendRequest(s_btcUsd, reference) { NewQuantity = new Quantity(1) }, Account, 11);
        var afterDown = order.QueueAheadLots;
        _engine.Amend(new AmendRequest(s_btcUsd, reference) { NewQuantity = new Quantity(1.5m) }, Account, 12);
        var afterUp = order.QueueAheadLots;
        _engine.Amend(new AmendRequest(s_btcUsd, reference) { NewLimitPrice = new Price(99.8m) }, Account, 13);

        Assert.Multiple(() =>
        {
            Assert.That(afterDown, Is.EqualTo(0.5 * 10_000), "kept its place");
            Assert.That(afterUp, Is.EqualTo(2 * 10_000), "back of the queue: behind the 2 displayed");
            Assert.That(order.QueueAheadLots, Is.EqualTo(3 * 10_000), "behind the 3 displayed at 99.8");
            Assert.That(order.PriceTicks, Is.EqualTo(998));
            Assert.That(_account.Held(s_usd), Is.EqualTo(99.8m * 1.5m * 1.002m));
        });
    }

    [Test]
    public void Cancel_OfAnOrderAlreadyFilled_IsUnknownOrder_AndChangesNothing()
    {
        var ack = Place(Side.Buy, 100.0m, 1);
        var before = (_account.Total(s_btc), _account.Total(s_usd));

        var result = _engine.Cancel(OrderReference.ByVenueId(ack.Value!.VenueOrderId!.Value), Account, 20);

        Assert.Multiple(() =>
        {
            Assert.That(Order(ack).Status, Is.EqualTo(OrderStatus.Filled));
            Assert.That(result.Error!.Kind, Is.EqualTo(VenueErrorKind.UnknownOrder));
            Assert.That(SimulatedRejection.TryRead(result.Error, out var reason) ? reason : default, Is.EqualTo(SimulatedReject.UnknownOrder));
            Assert.That((_account.Total(s_btc), _account.Total(s_usd)), Is.EqualTo(before));
        });
    }

    [Test]
    public void Balances_ChangeByExactlyTheFillsAndFees_AndHoldsAreReleased()
    {
        var buy = Place(Side.Buy, 100.1m, 2);        // takes 1 @ 100.0 and 1 @ 100.1
        var sell = Order(Place(Side.Sell, 100.2m, 1));
        PublicTrade(100.3m, 0.1m, Side.Buy);         // through our ask: filled at 100.2 as maker

        var fills = _events.OfType<FillEvent>().ToArray();
        var usd = fills.Sum(f => (f.Side == Side.Buy ? -1 : 1) * f.Price.Value * f.Quantity.Value - f.Fee);
        var btc = fills.Sum(f => (f.Side == Side.Buy ? 1 : -1) * f.Quantity.Value);
        Assert.Multiple(() =>
        {
            Assert.That(buy.IsSuccess && sell.Status == OrderStatus.Filled, Is.True);
            Assert.That(_account.Total(s_usd), Is.EqualTo(1_000_000m + usd));
            Assert.That(_account.Total(s_btc), Is.EqualTo(10m + btc));
            Assert.That(usd, Is.EqualTo(-200.1m - (200.1m * 0.002m) + 100.2m - (100.2m * 0.001m)));
            Assert.That(_account.Held(s_usd), Is.Zero);
            Assert.That(_account.Held(s_btc), Is.Zero);
            Assert.That(_events.OfType<BalanceUpdate>().Last(b => b.Asset == s_usd).Total, Is.EqualTo(_account.Total(s_usd)));
        });
    }

    [Test]
    public void Order_BeyondTheAvailableBalance_IsRefusedAsInsufficientFunds()
    {
        var result = Place(Side.Sell, 101m, 11);

        Assert.Multiple(() =>
        {
            Assert.That(result.Error!.Kind, Is.EqualTo(VenueErrorKind.InsufficientFunds));
            Assert.That(_account.Held(s_btc), Is.Zero);
        });
    }
}
