using MarketMaking.Models;

namespace MarketMaking.Oms;

/// <summary>
/// The OMS's orders in memory, with lookups by client order id, venue order id, venue and instrument, strategy, and
/// the open orders of one side. Owned by the engine loop; not thread-safe.
/// </summary>
public sealed class OrderStore : IOpenOrders
{
    // Keyed by venue first: a key of one id (8 B) instead of a pair (16 B), in the two indexes every order is in.
    private readonly Dictionary<VenueId, VenueIndexes> _byVenue = [];
    private readonly Dictionary<(VenueId, InstrumentId), OpenOrders> _openByInstrument = [];
    private readonly Dictionary<string, List<OmsOrder>> _byStrategy = new(StringComparer.Ordinal);

    // The instrument last looked up: per-event readers ask about one instrument over and over, and a set once made stays
    // in the dictionary, so the one found last is still the one there.
    private (VenueId Venue, InstrumentId Instrument) _lastKey;
    private OpenOrders? _lastOpen;

    /// <summary>Gets how many orders the store holds, finished ones included.</summary>
    public int Count { get; private set; }

    /// <summary>Gets how many orders are open.</summary>
    public int OpenCount
    {
        get
        {
            var count = 0;
            foreach (var open in _openByInstrument.Values)
            {
                count += open.Count;
            }

            return count;
        }
    }

    /// <summary>Counts the open orders of a venue, across instruments, without allocating.</summary>
    /// <param name="venue">The venue.</param>
    /// <returns>The count.</returns>
    public int OpenCountOn(VenueId venue)
    {
        var count = 0;
        foreach (var (key, open) in _openByInstrument)
        {
            count += key.Item1 == venue ? open.Count : 0;
        }

        return count;
    }

    /// <summary>Gets every order.</summary>
    public IEnumerable<OmsOrder> All => _byVenue.Values.SelectMany(v => v.ByClientId.Values);

    /// <summary>Adds an order (at its intent).</summary>
    /// <param name="order">The order.</param>
    /// <exception cref="ArgumentException">An order with its client id is already held for the venue.</exception>
    public void Add(OmsOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var indexes = IndexesOf(order.Venue);
        if (!indexes.ByClientId.TryAdd(order.ClientOrderId, order))
        {
            throw new ArgumentException($"Client order id {order.ClientOrderId} is already used on {order.Venue}", nameof(order));
        }

        Count++;
        if (order.VenueOrderId is { } venueId)
        {
            indexes.ByVenueId[venueId] = order;
        }

        if (order.Strategy is { } strategy)
        {
            if (!_byStrategy.TryGetValue(strategy, out var list))
            {
                _byStrategy[strategy] = list = [];
            }

            list.Add(order);
        }

        Reindex(order);
    }

    /// <summary>Finds an order by its client order id.</summary>
    public OmsOrder? Find(VenueId venue, ClientOrderId clientOrderId) => _byVenue.TryGetValue(venue, out var indexes) ? indexes.ByClientId.GetValueOrDefault(clientOrderId) : null;

    /// <summary>Finds an order by the venue's id.</summary>
    public OmsOrder? Find(VenueId venue, VenueOrderId venueOrderId) => _byVenue.TryGetValue(venue, out var indexes) ? indexes.ByVenueId.GetValueOrDefault(venueOrderId) : null;

    /// <summary>Records the venue's id of an order, once known.</summary>
    public void SetVenueOrderId(OmsOrder order, VenueOrderId venueOrderId)
    {
        ArgumentNullException.ThrowIfNull(order);
        order.VenueOrderId = venueOrderId;
        IndexesOf(order.Venue).ByVenueId[venueOrderId] = order;
    }

    /// <summary>Updates the open-order indexes after an order changed state.</summary>
    public void Reindex(OmsOrder order) => Reindex(order, valuesChanged: true);

    /// <summary>
    /// Updates the open-order indexes after an order changed state: its open orders' summed exposure is worked out again
    /// when the order joined or left them, or when <paramref name="valuesChanged"/> says that its quantity, fills or
    /// price may have changed (a fill or an amend; a status change alone changes none of them).
    /// </summary>
    internal void Reindex(OmsOrder order, bool valuesChanged)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.VenueOrderId is { } venueId)
        {
            IndexesOf(order.Venue).ByVenueId[venueId] = order;
        }

        if (order.IsOpen)
        {
            if (OpenOrdersOf(order.Venue, order.Instrument) is not { } open)
            {
                _openByInstrument[(order.Venue, order.Instrument)] = open = [];
            }

            if (open.Add(order))
            {
                open.Buys += order.Side == Side.Buy ? 1 : 0;
                open.ExposureKnown = false;
            }
            else if (valuesChanged)
            {
                open.ExposureKnown = false;
            }
        }
        else if (OpenOrdersOf(order.Venue, order.Instrument) is { } open && open.Remove(order))
        {
            open.Buys -= order.Side == Side.Buy ? 1 : 0;
            open.ExposureKnown = false;
        }
    }

    /// <summary>Returns the open orders of a venue and instrument.</summary>
    public IReadOnlyCollection<OmsOrder> Open(VenueId venue, InstrumentId instrument) =>
        OpenOrdersOf(venue, instrument) is { } open ? open : [];

    /// <summary>Counts the open orders of a venue and instrument on one side, without walking them.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="instrument">The instrument.</param>
    /// <param name="side">The side.</param>
    /// <returns>The count.</returns>
    public int OpenCountOf(VenueId venue, InstrumentId instrument, Side side)
    {
        return OpenOrdersOf(venue, instrument) is not { } open ? 0
            : side == Side.Buy ? open.Buys : open.Count - open.Buys;
    }

    /// <summary>Sums the open orders of a venue and instrument for the pre-trade checks, without allocating.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="instrument">The instrument.</param>
    /// <param name="except">An order left out (the one being amended), or <see langword="null"/>.</param>
    /// <returns>The exposure.</returns>
    /// <remarks>
    /// The risk gate asks once per order a requote sends, leaving out the order amended: the sum over all the open orders
    /// is kept until one of them joins, leaves, fills or is amended (<see cref="Reindex(OmsOrder, bool)"/>), and the
    /// order left out is taken off it. Only when that order holds our best price on its side are the others summed again.
    /// </remarks>
    internal OpenExposure ExposureOf(VenueId venue, InstrumentId instrument, IOrderView? except)
    {
        if (OpenOrdersOf(venue, instrument) is not { } open)
        {
            return default;
        }

        var left = except as OmsOrder;
        var leavesOneOut = left is not null && open.Contains(left);
        if (!open.ExposureKnown)
        {
            // One walk, as before there was a sum to keep: the others, and the total with the order left out added back.
            var others = Sum(open, left);
            (open.Exposure, open.ExposureKnown) = (leavesOneOut ? others.With(left!) : others, true);
            return others;
        }

        var exposure = open.Exposure;
        if (!leavesOneOut)
        {
            return exposure;
        }

        var best = left!.Side == Side.Buy ? exposure.BestBid : exposure.BestAsk;
        if (left.LimitPrice is { } price && best is { } ours && price.Value == ours.Value)
        {
            return Sum(open, left);
        }

        // Decimal sums of quantities are exact: the total less one order is the sum of the others.
        var remaining = left.Quantity.Value - left.FilledQuantity.Value;
        return left.Side == Side.Buy ? exposure with { OpenBuys = exposure.OpenBuys - remaining } : exposure with { OpenSells = exposure.OpenSells - remaining };
    }

    /// <summary>Sums open orders, leaving one out, over the orders themselves rather than through <see cref="IOrderView"/>.</summary>
    private static OpenExposure Sum(OpenOrders open, OmsOrder? except)
    {
        var exposure = default(OpenExposure);
        foreach (var order in open)
        {
            if (!ReferenceEquals(order, except))
            {
                exposure = exposure.With(order.Side, order.Quantity.Value - order.FilledQuantity.Value, order.LimitPrice);
            }
        }

        return exposure;
    }

    /// <summary>Adds the open orders of a venue and instrument to a list, without allocating (for the quoting path).</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="instrument">The instrument.</param>
    /// <param name="into">The list, added to.</param>
    public void CopyOpenTo(VenueId venue, InstrumentId instrument, List<OmsOrder> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (OpenOrdersOf(venue, instrument) is { } open)
        {
            foreach (var order in open)
            {
                into.Add(order);
            }
        }
    }

    /// <summary>Returns the open orders of a venue and instrument on one side.</summary>
    public IEnumerable<OmsOrder> Open(VenueId venue, InstrumentId instrument, Side side) => Open(venue, instrument).Where(o => o.Side == side);

    /// <summary>Returns every open order of a venue.</summary>
    public IEnumerable<OmsOrder> Open(VenueId venue) => _openByInstrument.Where(e => e.Key.Item1 == venue).SelectMany(e => e.Value);

    /// <summary>Returns a strategy's orders, finished ones included.</summary>
    public IReadOnlyList<OmsOrder> ByStrategy(string strategy) => _byStrategy.TryGetValue(strategy, out var list) ? list : [];

    /// <inheritdoc/>
    IReadOnlyCollection<IOrderView> IOpenOrders.OpenOrders(VenueId venue, InstrumentId instrument) => Open(venue, instrument);

    /// <inheritdoc/>
    IEnumerable<IOrderView> IOpenOrders.OpenOrders(VenueId venue) => Open(venue);

    /// <inheritdoc/>
    int IOpenOrders.OpenOrderCount(VenueId venue) => OpenCountOn(venue);

    /// <inheritdoc/>
    OpenExposure IOpenOrders.ExposureOf(VenueId venue, InstrumentId instrument, IOrderView? except) => ExposureOf(venue, instrument, except);

    /// <inheritdoc/>
    IOrderView? IOpenOrders.FindOrder(VenueId venue, VenueOrderId venueOrderId) => Find(venue, venueOrderId);

    /// <inheritdoc/>
    IOrderView? IOpenOrders.FindOrder(VenueId venue, ClientOrderId clientOrderId) => Find(venue, clientOrderId);

    /// <summary>The set of an instrument's open orders, <see langword="null"/> before its first order.</summary>
    private OpenOrders? OpenOrdersOf(VenueId venue, InstrumentId instrument)
    {
        if (_lastOpen is not null && instrument.Equals(_lastKey.Instrument) && venue.Equals(_lastKey.Venue))
        {
            return _lastOpen;
        }

        if (!_openByInstrument.TryGetValue((venue, instrument), out var open))
        {
            return null;
        }

        (_lastKey, _lastOpen) = ((venue, instrument), open);
        return open;
    }

    private VenueIndexes IndexesOf(VenueId venue)
    {
        if (!_byVenue.TryGetValue(venue, out var indexes))
        {
            _byVenue[venue] = indexes = new VenueIndexes();
        }

        return indexes;
    }

    /// <summary>One venue's orders by client order id and by the venue's order id.</summary>
    private sealed class VenueIndexes
    {
        public Dictionary<ClientOrderId, OmsOrder> ByClientId { get; } = [];

        public Dictionary<VenueOrderId, OmsOrder> ByVenueId { get; } = [];
    }

    /// <summary>
    /// One instrument's open orders, and how many of them are buys, kept as orders enter and leave the set: per-event
    /// readers (a backtest's quote-uptime recorder) ask which sides quote without walking the orders.
    /// </summary>
    private sealed class OpenOrders : HashSet<OmsOrder>
    {
        public int Buys { get; set; }

        /// <summary>Gets or sets what all these orders add up to, when <see cref="ExposureKnown"/>.</summary>
        public OpenExposure Exposure { get; set; }

        /// <summary>Gets or sets a value indicating whether <see cref="Exposure"/> is still the orders' sum.</summary>
        public bool ExposureKnown { get; set; }
    }
}
