using System.Runtime.CompilerServices;
using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Simulation.Accounts;

namespace MarketMaking.Simulation.Matching;

/// <summary>
/// The simulated matching engine of one instrument: the replayed public book and trades, plus our own orders, which
/// rest with a queue position (<see cref="QueueModel"/>) and fill against the replayed trades; marketable orders take
/// liquidity from the replayed book at its prices.
/// </summary>
/// <remarks>
/// <para>Rules, following Kraken Spot (<see href="https://docs.kraken.com/api/docs/rest-api/add-order"/>,
/// <see href="https://docs.kraken.com/api/docs/rest-api/amend-order"/>): a post-only order that would take is refused
/// with <c>EOrder:Post only order</c>; IOC cancels what it could not fill at once, FOK fills completely or not at all;
/// an amend keeps the order's place in the queue when it only lowers the quantity, and loses it when it changes the
/// price or raises the quantity; an amend below the filled quantity ends the order. A resting order is filled in
/// full, at its own price, when a public trade goes through its price or the replayed book crosses it.</para>
/// <para>Our orders do not change the replayed book (no market impact): liquidity we take is still shown to later
/// orders, and our resting orders are not shown. Fees are charged in the quote currency. Every change is published in
/// order as <see cref="OrderUpdate"/>, <see cref="FillEvent"/> and <see cref="BalanceUpdate"/> events.</para>
/// <para>Not thread-safe: one caller drives it (the simulated venue).</para>
/// </remarks>
public sealed class MatchingEngine
{
    private readonly VenueId _venue;
    private readonly IBookSynchronizer _synchronizer;
    private readonly FeeSchedule _fees;
    private readonly Func<string, SimulatedAccount?> _accounts;
    private readonly Action<VenueEvent> _publish;
    private readonly SimulatedIds _ids;
    private readonly IQueueModel _queueModel;
    private readonly double _lotSize;
    private readonly List<SimulatedOrder> _resting = [];
    private readonly Dictionary<VenueOrderId, SimulatedOrder> _orders = [];

    /// <summary>
    /// Gets whether a trade that reaches a resting order fills only what the trade had left past the queue ahead
    /// (<see langword="true"/>, the default), or the whole order (hftbacktest's no-partial-fill exchange: optimistic on
    /// size, for a strategy whose orders are small against the trades).
    /// </summary>
    public bool PartialFills { get; init; } = true;

    /// <summary>Initializes an engine.</summary>
    /// <param name="venue">The venue the events carry.</param>
    /// <param name="synchronizer">Keeps the replayed book (its <see cref="IBookSynchronizer.Book"/> spec is the instrument's).</param>
    /// <param name="baseAsset">The asset bought and sold.</param>
    /// <param name="quoteAsset">The asset prices are in; fees are charged in it.</param>
    /// <param name="fees">The fee rates.</param>
    /// <param name="accounts">Finds an account by id (<see langword="null"/> when unknown).</param>
    /// <param name="ids">The venue's id source.</param>
    /// <param name="publish">Receives every event, in order.</param>
    /// <param name="queueModel">How queue positions move on a level's changes without a trade; <see cref="PowerQueueModel.Linear"/> by default.</param>
    public MatchingEngine(
        VenueId venue,
        IBookSynchronizer synchronizer,
        AssetId baseAsset,
        AssetId quoteAsset,
        FeeSchedule fees,
        Func<string, SimulatedAccount?> accounts,
        SimulatedIds ids,
        Action<VenueEvent> publish,
        IQueueModel? queueModel = null)
    {
        ArgumentNullException.ThrowIfNull(synchronizer);
        ArgumentNullException.ThrowIfNull(fees);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(publish);
        _venue = venue;
        _synchronizer = synchronizer;
        _queueModel = queueModel ?? PowerQueueModel.Linear;
        _lotSize = (double)synchronizer.Book.Spec.LotSize.Value;
        BaseAsset = baseAsset;
        QuoteAsset = quoteAsset;
        _fees = fees;
        _accounts = accounts;
        _ids = ids;
        _publish = publish;
    }

    /// <summary>Gets the instrument's specification.</summary>
    public InstrumentSpec Spec => Book.Spec;

    /// <summary>Gets the instrument.</summary>
    public InstrumentId Instrument => Book.Spec.Instrument;

    /// <summary>Gets the base asset.</summary>
    public AssetId BaseAsset { get; }

    /// <summary>Gets the quote asset.</summary>
    public AssetId QuoteAsset { get; }

    /// <summary>Gets the replayed public book.</summary>
    public OrderBook Book => _synchronizer.Book;

    /// <summary>Gets our resting orders, both sides, in the order they rested.</summary>
    public IReadOnlyList<SimulatedOrder> RestingOrders => _resting;

    /// <summary>Finds one of our orders (open or ended) by venue id.</summary>
    public SimulatedOrder? Find(VenueOrderId id) => _orders.GetValueOrDefault(id);

    /// <summary>Applies one replayed market-data event: book changes move queue positions, trades fill resting orders.</summary>
    /// <param name="marketEvent">The event.</param>
    /// <param name="now">The simulated time in ns since the Unix epoch.</param>
    public void OnMarketData(MarketDataEvent marketEvent, long now)
    {
        ArgumentNullException.ThrowIfNull(marketEvent);
        switch (marketEvent)
        {
            case BookSnapshot snapshot:
                _synchronizer.OnSnapshot(snapshot);
                OnBookChanged(now);
                break;
            case BookDelta delta:
                _synchronizer.OnDelta(delta);
                OnBookChanged(now);
                break;
            case Trade trade:
                OnTrade(trade, now);
                break;
        }
    }

    /// <summary>Places an order for an account.</summary>
    /// <param name="request">The order.</param>
    /// <param name="account">The account id.</param>
    /// <param name="now">The simulated time in ns since the Unix epoch.</param>
    /// <returns>The acknowledgement, or the refusal (<see cref="SimulatedRejection"/>: its reason as <see cref="VenueError.VenueCode"/>).</returns>
    public VenueResult<OrderAck> Place(OrderRequest request, string account, long now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_accounts(account) is not { } owner)
        {
            return Refuse<OrderAck>(SimulatedReject.UnknownAccount);
        }

        if (request.Validate() is { } problem)
        {
            return Refuse<OrderAck>(SimulatedReject.InvalidArguments, problem);
        }

        if (CheckSpec(request.LimitPrice, request.Quantity) is { } specError)
        {
            return Refuse<OrderAck>(specError);
        }

        if (_resting.Exists(o => o.Account == account && o.ClientOrderId == request.ClientOrderId))
        {
            return Refuse<OrderAck>(SimulatedReject.DuplicateOrder);
        }

        var isMarket = request.Type == OrderType.Market;
        var priceTicks = isMarket ? (request.Side == Side.Buy ? long.MaxValue : long.MinValue) : Spec.ToTicks(request.LimitPrice!.Value);
        var lots = Spec.ToLots(request.Quantity);
        var crosses = Crosses(request.Side, priceTicks);
        if (crosses && request.PostOnly)
        {
            return Refuse<OrderAck>(SimulatedReject.PostOnlyWouldCross);
        }

        if (isMarket && !crosses)
        {
            return Refuse<OrderAck>(SimulatedReject.InsufficientLiquidity);
        }

        if (request.TimeInForce == TimeInForce.FillOrKill && TakeableLots(request.Side, priceTicks) < lots)
        {
            return Refuse<OrderAck>(SimulatedReject.InsufficientLiquidity);
        }

        if (request.TimeInForce == TimeInForce.GoodTillDate)
        {
            return Refuse<OrderAck>(SimulatedReject.Unsupported, "timeinforce GTD is not simulated");
        }

        var hold = HoldFor(request.Side, priceTicks, lots);
        if (hold > owner.Available(HeldAsset(request.Side)))
        {
            return Refuse<OrderAck>(SimulatedReject.InsufficientFunds);
        }

        if (request.ValidateOnly)
        {
            // Kraken's validate: every check, nothing placed, no order id.
            return VenueResult<OrderAck>.Success(new OrderAck(null, request.ClientOrderId));
        }

        owner.TryHold(HeldAsset(request.Side), hold);

        var order = new SimulatedOrder(_ids.NextOrderId(), request.ClientOrderId, account, request.Side, priceTicks, lots, _ids.NextSequence())
        {
            PostOnly = request.PostOnly,
            Hold = hold,
        };
        _orders[order.VenueOrderId] = order;
        Publish(order, now, isMarket ? OrderType.Market : OrderType.Limit, reason: null, full: true);
        if (crosses)
        {
            Take(order, owner, now);
        }

        if (order.IsOpen)
        {
            if (isMarket || request.TimeInForce is TimeInForce.ImmediateOrCancel or TimeInForce.FillOrKill)
            {
                End(order, owner, OrderStatus.Canceled, "Immediate or cancel: remainder canceled", now);
            }
            else
            {
                Rest(order, now);
            }
        }

        return VenueResult<OrderAck>.Success(new OrderAck(order.VenueOrderId, order.ClientOrderId));
    }

    /// <summary>Amends a resting order's quantity (the total, filled part included) or price.</summary>
    /// <param name="request">The amend.</param>
    /// <param name="account">The account id.</param>
    /// <param name="now">The simulated time in ns since the Unix epoch.</param>
    /// <returns>The acknowledgement, or the refusal.</returns>
    public VenueResult<AmendAck> Amend(AmendRequest request, string account, long now)
    {
        if (FindOpen(request.Order, account) is not { } order || _accounts(account) is not { } owner)
        {
            return Refuse<AmendAck>(SimulatedReject.UnknownOrder);
        }

        if (CheckSpec(request.NewLimitPrice, request.NewQuantity) is { } specError)
        {
            return Refuse<AmendAck>(specError);
        }

        var newPrice = request.NewLimitPrice is { } price ? Spec.ToTicks(price) : order.PriceTicks;
        var newLots = request.NewQuantity is { } quantity ? Spec.ToLots(quantity) : order.QuantityLots;
        if (Crosses(order.Side, newPrice) && (order.PostOnly || request.PostOnly))
        {
            return Refuse<AmendAck>(SimulatedReject.PostOnlyWouldCross);
        }

        // The hold follows the new remaining quantity and price.
        var newHold = newLots > order.FilledLots ? HoldFor(order.Side, newPrice, newLots - order.FilledLots) : 0;
        owner.Release(HeldAsset(order.Side), order.Hold);
        if (!owner.TryHold(HeldAsset(order.Side), newHold))
        {
            owner.TryHold(HeldAsset(order.Side), order.Hold);
            return Refuse<AmendAck>(SimulatedReject.InsufficientFunds);
        }

        order.Hold = newHold;
        var losesPriority = newPrice != order.PriceTicks || newLots > order.QuantityLots;
        order.PriceTicks = newPrice;
        order.QuantityLots = newLots;
        if (order.RemainingLots <= 0)
        {
            End(order, owner, OrderStatus.Canceled, "Amended below the filled quantity", now);
            return VenueResult<AmendAck>.Success(new AmendAck(_ids.NextAmendId()));
        }

        if (losesPriority)
        {
            order.Sequence = _ids.NextSequence();
            JoinQueue(order);
        }

        Publish(order, now, OrderType.Limit, "amended", full: true);
        if (Crosses(order.Side, order.PriceTicks))
        {
            _resting.Remove(order);
            Take(order, owner, now);
            if (order.IsOpen)
            {
                Rest(order, now);
            }
        }

        return VenueResult<AmendAck>.Success(new AmendAck(_ids.NextAmendId()));
    }

    /// <summary>Cancels an order.</summary>
    /// <param name="reference">The order.</param>
    /// <param name="account">The account id.</param>
    /// <param name="now">The simulated time in ns since the Unix epoch.</param>
    /// <returns>One canceled, or <see cref="SimulatedReject.UnknownOrder"/> when it is not open (filled, canceled, never placed).</returns>
    public VenueResult<CancelAck> Cancel(OrderReference reference, string account, long now)
    {
        if (FindOpen(reference, account) is not { } order || _accounts(account) is not { } owner)
        {
            return Refuse<CancelAck>(SimulatedReject.UnknownOrder);
        }

        End(order, owner, OrderStatus.Canceled, "User requested", now);
        return VenueResult<CancelAck>.Success(new CancelAck(1));
    }

    /// <summary>Cancels every open order of an account on this instrument.</summary>
    /// <param name="account">The account id.</param>
    /// <param name="now">The simulated time in ns since the Unix epoch.</param>
    /// <param name="reason">The reason the executions carry.</param>
    /// <returns>How many were canceled.</returns>
    public int CancelAll(string account, long now, string reason = "User requested")
    {
        if (_accounts(account) is not { } owner)
        {
            return 0;
        }

        var open = _resting.Where(o => o.Account == account).ToArray();
        foreach (var order in open)
        {
            End(order, owner, OrderStatus.Canceled, reason, now);
        }

        return open.Length;
    }

    private static VenueResult<T> Refuse<T>(SimulatedReject reason, string? detail = null) => SimulatedRejection.Failure<T>(reason, detail);

    private AssetId HeldAsset(Side side) => side == Side.Buy ? QuoteAsset : BaseAsset;

    private SimulatedReject? CheckSpec(Price? price, Quantity? quantity)
    {
        if (price is { } p && !Spec.TryToTicks(p, out _))
        {
            return SimulatedReject.TickSize;
        }

        if (quantity is { } q && (!Spec.TryToLots(q, out _) || q < Spec.MinQuantity))
        {
            return SimulatedReject.OrderMinimum;
        }

        return price is { } notionalPrice && quantity is { } notionalQuantity && notionalPrice.Value * notionalQuantity.Value < Spec.MinNotional
            ? SimulatedReject.CostMinimum
            : null;
    }

    private bool Crosses(Side side, long priceTicks) => Crosses(side, priceTicks, BestTicks(Book, Side.Buy), BestTicks(Book, Side.Sell));

    /// <summary>Whether a price reaches the other side's best: a buy at or above the best ask, a sell at or below the best bid; never an empty side.</summary>
    private static bool Crosses(Side side, long priceTicks, long? bestBid, long? bestAsk) =>
        side == Side.Buy ? bestAsk <= priceTicks : bestBid >= priceTicks;

    /// <summary>The replayed book's best price on a side, in ticks; <see langword="null"/> when the side is empty.</summary>
    private static long? BestTicks(OrderBook book, Side side) =>
        side == Side.Buy ? (book.BidDepth > 0 ? book.GetBid(0).PriceTicks : null) : (book.AskDepth > 0 ? book.GetAsk(0).PriceTicks : null);

    private long TakeableLots(Side side, long limitTicks)
    {
        long lots = 0;
        var depth = side == Side.Buy ? Book.AskDepth : Book.BidDepth;
        for (var i = 0; i < depth; i++)
        {
            var level = side == Side.Buy ? Book.GetAsk(i) : Book.GetBid(i);
            if (side == Side.Buy ? level.PriceTicks > limitTicks : level.PriceTicks < limitTicks)
            {
                break;
            }

            lots += level.QuantityLots;
        }

        return lots;
    }

    private decimal HoldFor(Side side, long priceTicks, long lots)
    {
        if (side == Side.Sell)
        {
            return Spec.FromLots(lots).Value;
        }

        // A buy holds its cost at the worst price it can pay, taker fee included.
        var worst = priceTicks == long.MaxValue ? WorstTakePrice(lots) : Spec.FromTicks(priceTicks).Value;
        return worst * Spec.FromLots(lots).Value * (1 + _fees.TakerRate);
    }

    private decimal WorstTakePrice(long lots)
    {
        var worst = 0m;
        for (var i = 0; i < Book.AskDepth && lots > 0; i++)
        {
            var level = Book.GetAsk(i);
            worst = Spec.FromTicks(level.PriceTicks).Value;
            lots -= level.QuantityLots;
        }

        return worst;
    }

    private void Take(SimulatedOrder order, SimulatedAccount owner, long now)
    {
        var depth = order.Side == Side.Buy ? Book.AskDepth : Book.BidDepth;
        for (var i = 0; i < depth && order.RemainingLots > 0; i++)
        {
            var level = order.Side == Side.Buy ? Book.GetAsk(i) : Book.GetBid(i);
            if (order.Side == Side.Buy ? level.PriceTicks > order.PriceTicks : level.PriceTicks < order.PriceTicks)
            {
                break;
            }

            Fill(order, owner, Math.Min(level.QuantityLots, order.RemainingLots), level.PriceTicks, isMaker: false, now);
        }
    }

    private void Rest(SimulatedOrder order, long now)
    {
        JoinQueue(order);
        order.Status = order.FilledLots > 0 ? OrderStatus.PartiallyFilled : OrderStatus.Accepted;
        _resting.Add(order);
        Publish(order, now, OrderType.Limit, reason: null, full: false);
    }

    private void JoinQueue(SimulatedOrder order)
    {
        // Behind what is displayed at the price now. Our own earlier orders there are ahead too, but they are not
        // displayed: a trade reaches this order only after filling them (see OnTrade), which keeps them ahead.
        var displayed = Book.QuantityAt(order.Side, order.PriceTicks);
        order.QueueAheadLots = displayed;
        order.LevelSeenLots = displayed;
        order.TradedSinceSeenLots = 0;
    }

    private void OnBookChanged(long now)
    {
        // The book and its best prices read once, not once for each order (the book is the synchronizer's, behind an interface).
        var book = Book;
        if (book.SyncState != BookSyncState.Synced || _resting.Count == 0)
        {
            return;
        }

        var (bestBid, bestAsk) = (BestTicks(book, Side.Buy), BestTicks(book, Side.Sell));
        var crossed = false;
        foreach (var order in _resting)
        {
            var level = book.QuantityAt(order.Side, order.PriceTicks);
            crossed |= Crosses(order.Side, order.PriceTicks, bestBid, bestAsk);
            if (level == order.LevelSeenLots && order.TradedSinceSeenLots == 0)
            {
                // Nothing changed at this price: the queue stays where it is (most changes of a deep book are elsewhere).
                continue;
            }

            // The model works in base units (the published models' unit: one of them depends on it); the engine in lots.
            var lot = _lotSize;
            order.QueueAheadLots = _queueModel.OnLevelChange(order.QueueAheadLots * lot, order.LevelSeenLots * lot, level * lot, order.TradedSinceSeenLots * lot) / lot;
            order.LevelSeenLots = level;
            order.TradedSinceSeenLots = 0;
        }

        if (crossed)
        {
            FillCrossed(bestBid, bestAsk, now);
        }
    }

    /// <summary>
    /// Fills the orders the replayed book moved through: each would have been taken first. A method of its own so that
    /// <see cref="OnBookChanged"/> does not allocate, at every book change, the closure over the best prices the filter captures.
    /// </summary>
    private void FillCrossed(long? bestBid, long? bestAsk, long now)
    {
        foreach (var order in _resting.Where(o => Crosses(o.Side, o.PriceTicks, bestBid, bestAsk)).ToArray())
        {
            Fill(order, _accounts(order.Account)!, order.RemainingLots, order.PriceTicks, isMaker: true, now);
        }
    }

    private void OnTrade(Trade trade, long now)
    {
        if (_resting.Count == 0 || trade.AggressorSide == Side.Unspecified
            || !Spec.TryToTicks(trade.Price, out var priceTicks) || !Spec.TryToLots(trade.Quantity, out var tradeLots))
        {
            return;
        }

        var passive = trade.AggressorSide == Side.Sell ? Side.Buy : Side.Sell;
        foreach (var order in _resting)
        {
            if (Reaches(order, passive, priceTicks))
            {
                // Most trades reach none of our orders: the list of those they reach is made only for the others.
                FillAtTrade(passive, priceTicks, tradeLots, now);
                return;
            }
        }
    }

    // Inlined: called for each resting order at each trade, which the JIT otherwise left a call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Reaches(SimulatedOrder order, Side passive, long priceTicks) =>
        order.Side == passive && (passive == Side.Buy ? order.PriceTicks >= priceTicks : order.PriceTicks <= priceTicks);

    /// <summary>Fills our orders a trade reached, in the order they were placed.</summary>
    private void FillAtTrade(Side passive, long priceTicks, long tradeLots, long now)
    {
        var candidates = _resting
            .Where(o => Reaches(o, passive, priceTicks))
            .OrderBy(o => o.Sequence)
            .ToArray();
        long filledAtPrice = 0;
        foreach (var order in candidates)
        {
            var owner = _accounts(order.Account)!;
            if (order.PriceTicks != priceTicks)
            {
                // The trade went through our price: every unit at our price, ours included, was taken first.
                Fill(order, owner, order.RemainingLots, order.PriceTicks, isMaker: true, now);
                continue;
            }

            order.TradedSinceSeenLots += tradeLots;
            order.QueueAheadLots = QueueModel.OnTrade(order.QueueAheadLots, tradeLots - filledAtPrice, order.RemainingLots, out var filled);
            if (filled > 0)
            {
                // Without partial fills a trade that reaches the order fills it whole, whatever its size.
                filled = PartialFills ? filled : order.RemainingLots;
                filledAtPrice += filled;
                Fill(order, owner, filled, order.PriceTicks, isMaker: true, now);
            }
        }
    }

    private void Fill(SimulatedOrder order, SimulatedAccount owner, long lots, long priceTicks, bool isMaker, long now)
    {
        if (lots <= 0)
        {
            return;
        }

        var quantity = Spec.FromLots(lots);
        var price = Spec.FromTicks(priceTicks);
        var notional = price.Value * quantity.Value;
        var fee = _fees.FeeOf(notional, isMaker);
        var release = order.RemainingLots == lots ? order.Hold : order.Hold * lots / order.RemainingLots;
        order.Hold -= release;
        owner.Release(HeldAsset(order.Side), release);
        if (order.Side == Side.Buy)
        {
            owner.Change(BaseAsset, quantity.Value);
            owner.Change(QuoteAsset, -(notional + fee));
        }
        else
        {
            owner.Change(BaseAsset, -quantity.Value);
            owner.Change(QuoteAsset, notional - fee);
        }

        owner.RecordFill(QuoteAsset, fee);
        order.FilledLots += lots;
        order.Status = order.RemainingLots == 0 ? OrderStatus.Filled : OrderStatus.PartiallyFilled;
        var tradeId = _ids.NextTradeId();
        _publish(new FillEvent(_venue, Instrument, order.VenueOrderId, tradeId, order.Side, price, quantity, now, now)
        {
            ClientOrderId = order.ClientOrderId,
            Liquidity = isMaker ? LiquiditySide.Maker : LiquiditySide.Taker,
            Fee = fee,
            FeeAsset = QuoteAsset,
            OrderStatus = order.Status,
        });
        PublishBalance(owner, BaseAsset, tradeId, now);
        PublishBalance(owner, QuoteAsset, tradeId, now);
        if (order.Status == OrderStatus.Filled)
        {
            // Kraken ends an order with a separate "filled" execution after its last trade.
            _resting.Remove(order);
            Publish(order, now, OrderType.Limit, reason: null, full: false);
        }
    }

    private void End(SimulatedOrder order, SimulatedAccount owner, OrderStatus status, string reason, long now)
    {
        owner.Release(HeldAsset(order.Side), order.Hold);
        order.Hold = 0;
        order.Status = status;
        _resting.Remove(order);
        Publish(order, now, OrderType.Limit, reason, full: false);
    }

    private SimulatedOrder? FindOpen(OrderReference reference, string account)
    {
        var order = reference.VenueOrderId is { Value: not null } id
            ? _orders.GetValueOrDefault(id)
            : _resting.Find(o => o.Account == account && reference.ClientOrderId is { } clientId && o.ClientOrderId == clientId);
        return order is { IsOpen: true } && order.Account == account ? order : null;
    }

    private void Publish(SimulatedOrder order, long now, OrderType type, string? reason, bool full) =>
        _publish(new OrderUpdate(_venue, order.VenueOrderId, order.Status, now, now)
        {
            ClientOrderId = order.ClientOrderId,
            Instrument = Instrument,
            Side = order.Side,
            OrderType = full ? type : null,
            LimitPrice = full && order.PriceTicks is not (long.MaxValue or long.MinValue) ? Spec.FromTicks(order.PriceTicks) : null,
            Quantity = full ? Spec.FromLots(order.QuantityLots) : null,
            FilledQuantity = Spec.FromLots(order.FilledLots),
            PostOnly = full ? order.PostOnly : null,
            Reason = reason,
        });

    private void PublishBalance(SimulatedAccount owner, AssetId asset, TradeId tradeId, long now) =>
        _publish(new BalanceUpdate(_venue, asset, owner.Total(asset), now, now)
        {
            Available = owner.Available(asset),
            Reference = tradeId.Value,
        });
}
