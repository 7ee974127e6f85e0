using MarketMaking.Models;

namespace MarketMaking.Risk;

/// <summary>
/// The pre-trade gate: runs every <see cref="PreTradeChecks"/> check on each new order and amend, with the book's tick,
/// lot and mid (<see cref="BookKeeper"/>), the position (<see cref="IPortfolio"/>), the OMS's open orders and the
/// trading state. The first failing check denies the order; it then never reaches an adapter.
/// </summary>
/// <remarks>
/// Check order: trading state, instrument known, tick, lot, minimum notional, maximum notional, price band, self-cross,
/// position at worst, the venue's leverage at worst (where it has a margin), open orders, order rate. A market order is
/// valued at the mid. An amend is checked as the order it would become; it counts toward the order rate (venues charge
/// amends).
/// </remarks>
public sealed class RiskGate : IOrderGate
{
    private static readonly long s_second = TimeSpan.TicksPerSecond;
    private readonly RiskLimits _limits;
    private readonly TradingControl _control;
    private readonly BookKeeper _books;
    private readonly IPortfolio _portfolio;
    private readonly TimeProvider _clock;
    private readonly Dictionary<VenueId, Queue<long>> _sent = [];

    /// <summary>Initializes the gate.</summary>
    /// <param name="limits">The limits.</param>
    /// <param name="control">The trading state.</param>
    /// <param name="books">The books (tick, lot, mid).</param>
    /// <param name="portfolio">The positions.</param>
    /// <param name="clock">The clock (the order rate's window).</param>
    public RiskGate(RiskLimits limits, TradingControl control, BookKeeper books, IPortfolio portfolio, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(books);
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(clock);
        _limits = limits;
        _control = control;
        _books = books;
        _portfolio = portfolio;
        _clock = clock;
    }

    /// <inheritdoc/>
    public OrderDenial? CheckSubmit(OrderIntent intent, IOpenOrders orders)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(orders);
        var denial = Check(intent.Venue, intent.Instrument, intent.Side, intent.Quantity, intent.LimitPrice, orders, except: null);
        if (denial is null)
        {
            RecordSent(intent.Venue);
        }

        return denial;
    }

    /// <inheritdoc/>
    public OrderDenial? CheckAmend(IOrderView order, Quantity? newQuantity, Price? newLimitPrice, IOpenOrders orders)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(orders);
        var remaining = new Quantity((newQuantity ?? order.Quantity).Value - order.FilledQuantity.Value);
        var denial = Check(order.Venue, order.Instrument, order.Side, remaining, newLimitPrice ?? order.LimitPrice, orders, except: order);
        if (denial is null)
        {
            RecordSent(order.Venue);
        }

        return denial;
    }

    private OrderDenial? Check(VenueId venue, InstrumentId instrument, Side side, Quantity quantity, Price? limitPrice, IOpenOrders orders, IOrderView? except)
    {
        var position = _portfolio.PositionOf(venue, instrument);
        var (openBuys, openSells, ourBestBid, ourBestAsk) = orders.ExposureOf(venue, instrument, except);
        if (PreTradeChecks.TradingStateAllows(_control.State, side, quantity, position, side == Side.Buy ? openBuys : openSells) is { } stateDenial)
        {
            return stateDenial;
        }

        if (!_books.Books.TryGetValue((venue, instrument), out var book))
        {
            return new OrderDenial(DenialReason.UnknownInstrument, $"{instrument} on {venue} has no book: its tick, lot and mid are unknown");
        }

        var spec = book.Spec;
        if (limitPrice is null && book.Mid is null)
        {
            return new OrderDenial(DenialReason.NoMarketData, "no mid to value a market order");
        }

        var price = limitPrice ?? book.Mid!.Value;
        return (limitPrice is { } limit ? PreTradeChecks.PriceOnTick(spec, limit) : null)
            ?? PreTradeChecks.QuantityOnLot(spec, quantity)
            ?? PreTradeChecks.MinNotional(spec, price, quantity)
            ?? PreTradeChecks.MaxOrderNotional(price, quantity, _limits.MaxOrderNotional)
            ?? (limitPrice is { } banded ? PreTradeChecks.PriceWithinBand(banded, book.Mid, _limits.MaxPriceDeviationBps) : null)
            ?? PreTradeChecks.NoSelfCross(side, price, side == Side.Buy ? ourBestAsk : ourBestBid)
            ?? PreTradeChecks.PositionLimit(side, quantity, position, openBuys, openSells, _limits.MaxPositionFor(instrument.Value))
            ?? Leverage(venue, instrument, side, quantity, price, orders, except)
            ?? PreTradeChecks.LiquidationDistance(side, quantity, position, book.Mid, _portfolio.LiquidationPriceOf(venue, instrument), _limits.MinLiquidationDistanceBps)
            ?? (except is null ? PreTradeChecks.MaxOpenOrders(orders.OpenOrderCount(venue), _limits.MaxOpenOrders) : null)
            ?? PreTradeChecks.OrdersPerSecond(SentInLastSecond(venue), _limits.MaxOrdersPerSecond);
    }

    /// <summary>The venue's gross notional at worst, without and with the order, against its margin; none without a margin.</summary>
    private OrderDenial? Leverage(VenueId venue, InstrumentId instrument, Side side, Quantity quantity, Price price, IOpenOrders orders, IOrderView? except)
    {
        if (!_limits.MarginUsd.TryGetValue(venue.Value, out var margin))
        {
            return null;
        }

        decimal before = 0, after = 0;
        foreach (var ((bookVenue, bookInstrument), book) in _books.Books)
        {
            if (bookVenue != venue)
            {
                continue;
            }

            var mid = book.Mid?.Value ?? (bookInstrument == instrument ? price.Value : 0m);
            var position = _portfolio.PositionOf(venue, bookInstrument);
            var (buys, sells, _, _) = orders.ExposureOf(venue, bookInstrument, except);
            before += Worst(position, buys, sells) * mid;
            if (bookInstrument == instrument)
            {
                (buys, sells) = side == Side.Buy ? (buys + quantity.Value, sells) : (buys, sells + quantity.Value);
            }

            after += Worst(position, buys, sells) * mid;
        }

        return PreTradeChecks.LeverageLimit(before, after, margin, _limits.MaxLeverage);

        static decimal Worst(decimal position, decimal buys, decimal sells) => Math.Max(Math.Abs(position + buys), Math.Abs(position - sells));
    }

    private int SentInLastSecond(VenueId venue)
    {
        if (!_sent.TryGetValue(venue, out var times))
        {
            return 0;
        }

        var now = _clock.GetUtcNow().UtcTicks;
        while (times.Count > 0 && now - times.Peek() >= s_second)
        {
            times.Dequeue();
        }

        return times.Count;
    }

    private void RecordSent(VenueId venue)
    {
        if (!_sent.TryGetValue(venue, out var times))
        {
            _sent[venue] = times = new Queue<long>();
        }

        times.Enqueue(_clock.GetUtcNow().UtcTicks);
    }
}
