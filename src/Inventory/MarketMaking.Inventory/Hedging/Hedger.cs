using MarketMaking.Models;

namespace MarketMaking.Inventory;

/// <summary>
/// Runs a hedging policy on the engine loop: gives it the net position, the hedge orders in flight and the hedge
/// venue's book (<see cref="IHedgeContext"/>), sends what it decides through the OMS (strategy <see cref="Strategy"/>),
/// caps every hedge so that it can never over-hedge, and keeps the <see cref="HedgeStatistics"/>.
/// </summary>
public sealed class Hedger : IHedgeContext, IDisposable
{
    /// <summary>The strategy name of hedge orders.</summary>
    public const string Strategy = "hedge";

    private static readonly VenueId s_engine = VenueId.Create("engine");
    private readonly IHedgingPolicy _policy;
    private readonly InventoryManager _inventory;
    private readonly IOrderCommands _orders;
    private readonly BookKeeper _books;
    private readonly TimeProvider _clock;
    private readonly IVenueEventSink _loop;
    private readonly HedgeOptions _options;
    private AssetId? _asset;
    private readonly Dictionary<ClientOrderId, decimal> _decisionMids = [];
    private ITimer? _timer;

    /// <summary>Initializes the hedger.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="inventory">The positions.</param>
    /// <param name="orders">The OMS.</param>
    /// <param name="books">The books (the hedge venue's).</param>
    /// <param name="clock">The clock.</param>
    /// <param name="loop">The engine loop's sink (hedge ticks).</param>
    /// <param name="options">Clip, slippage and tick interval.</param>
    public Hedger(IHedgingPolicy policy, InventoryManager inventory, IOrderCommands orders, BookKeeper books, TimeProvider clock, IVenueEventSink loop, HedgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(books);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(options);
        _policy = policy;
        _inventory = inventory;
        _orders = orders;
        _books = books;
        _clock = clock;
        _loop = loop;
        _options = options;
    }

    /// <summary>Gets the policy.</summary>
    public IHedgingPolicy Policy => _policy;

    /// <summary>Gets the statistics.</summary>
    public HedgeStatistics Statistics { get; } = new();

    /// <inheritdoc/>
    public decimal NetPosition => _inventory.NetPosition(Asset, _policy.ExposureVenues);

    /// <summary>Gets the hedged asset: the base of the hedge instrument (resolved at first use, after every <see cref="InventoryManager.Track"/>).</summary>
    public AssetId Asset => _asset ??= _inventory.AssetsOf(_policy.Route.Instrument).Base;

    /// <inheritdoc/>
    public decimal InFlight => OpenHedges.Sum(o => (o.Side == Side.Buy ? 1 : -1) * (o.Quantity.Value - o.FilledQuantity.Value));

    /// <inheritdoc/>
    public decimal Unhedged => NetPosition + InFlight;

    /// <inheritdoc/>
    public decimal Clip => _options.MaxClip;

    /// <inheritdoc/>
    public OrderBook? HedgeBook => _books.Books.TryGetValue((_policy.Route.Venue, _policy.Route.Instrument), out var book) && book.Mid is not null ? book : null;

    /// <inheritdoc/>
    public IReadOnlyList<IOrderView> OpenHedges => [.. _orders.OpenOrders(_policy.Route.Venue, _policy.Route.Instrument).Where(o => o.Strategy == Strategy)];

    /// <inheritdoc/>
    public long NowNanoseconds => _clock.GetUnixNanoseconds();

    /// <summary>Takes an event after the inventory applied it: counts hedge fills, then lets the policy look.</summary>
    /// <param name="venueEvent">The event.</param>
    /// <param name="appliedFill">The fill the OMS applied from this event (once per trade id), or <see langword="null"/>.</param>
    public void OnEvent(VenueEvent venueEvent, FillEvent? appliedFill)
    {
        ArgumentNullException.ThrowIfNull(venueEvent);
        _timer ??= _clock.CreateTimer(static state => ((Hedger)state!).PostTick(), this, _options.CheckInterval, _options.CheckInterval);
        if (appliedFill is not null)
        {
            CountHedgeFill(appliedFill);
        }

        var relevant = appliedFill is not null
            || venueEvent is HedgeTick or OrderEntryResult or OrderUpdate
            || (venueEvent is BookSnapshot or BookDelta && ((MarketDataEvent)venueEvent).Venue == _policy.Route.Venue);
        if (!relevant)
        {
            return;
        }

        _policy.Evaluate(this);
        var net = NetPosition;
        Statistics.Unhedged = net + InFlight;
        Statistics.MaxAbsoluteNetPosition = Math.Max(Statistics.MaxAbsoluteNetPosition, Math.Abs(net));
    }

    /// <inheritdoc/>
    public IOrderView? SendMarketable(decimal quantity)
    {
        if (HedgeBook is not { BestBid: { } bid, BestAsk: { } ask } book)
        {
            return null;
        }

        var price = MarketablePrice.Through(book.Spec, Unhedged > 0 ? Side.Sell : Side.Buy, bid.Price, ask.Price, _options.SlippageBps);
        return Send(quantity, price, TimeInForce.ImmediateOrCancel, postOnly: false);
    }

    /// <inheritdoc/>
    public IOrderView? SendPassive(decimal quantity, Price price) => Send(quantity, price, TimeInForce.GoodTillCanceled, postOnly: true);

    /// <inheritdoc/>
    public void Reprice(IOrderView order, Price price)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.LimitPrice == price)
        {
            return;
        }

        if (_orders.CapabilitiesOf(order.Venue)?.Supports(VenueFeatures.Amend) != true)
        {
            // A venue that cannot amend (MEXC Spot): cancel; the policy rests a new order once the cancel is confirmed.
            _orders.Cancel(order);
            return;
        }

        if (_orders.Amend(order, null, price) && HedgeBook?.Mid is { } mid)
        {
            _decisionMids[order.ClientOrderId] = mid.Value;
        }
    }

    /// <inheritdoc/>
    public void Cancel(IOrderView order) => _orders.Cancel(order);

    /// <inheritdoc/>
    public void Dispose() => _timer?.Dispose();

    private IOrderView? Send(decimal quantity, Price price, TimeInForce timeInForce, bool postOnly)
    {
        var unhedged = Unhedged;
        if (unhedged == 0 || HedgeBook is not { } book)
        {
            return null;
        }

        // Never past flat, never more than a clip.
        var capped = book.Spec.RoundDownToLot(new Quantity(Math.Min(Math.Min(quantity, Math.Abs(unhedged)), Clip)));
        if (capped.Value <= 0 || capped.Value < book.Spec.MinQuantity.Value)
        {
            return null;
        }

        var order = _orders.Submit(new OrderIntent(_policy.Route.Venue, _policy.Route.Instrument, unhedged > 0 ? Side.Sell : Side.Buy, OrderType.Limit, capped)
        {
            LimitPrice = price,
            TimeInForce = timeInForce,
            PostOnly = postOnly,
            Strategy = Strategy,
        });
        _decisionMids[order.ClientOrderId] = book.Mid!.Value.Value;
        Statistics.Orders++;
        return order;
    }

    private void CountHedgeFill(FillEvent fill)
    {
        var order = _orders.FindOrder(fill.Venue, fill.VenueOrderId);
        if (order?.Strategy != Strategy || !_decisionMids.TryGetValue(order.ClientOrderId, out var mid))
        {
            return;
        }

        var price = fill.Price.Value;
        var quantity = fill.Quantity.Value;
        Statistics.Fills++;
        Statistics.Volume += quantity;
        Statistics.Notional += price * quantity;
        Statistics.Fees += _inventory.FeeInQuote(fill);
        Statistics.Slippage += (fill.Side == Side.Buy ? price - mid : mid - price) * quantity;
    }

    private void PostTick() => _ = _loop.PostAsync(new HedgeTick(s_engine, _clock.GetUnixNanoseconds())).AsTask();
}
