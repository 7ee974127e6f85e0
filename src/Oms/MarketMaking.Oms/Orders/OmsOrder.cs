using MarketMaking.Models;

namespace MarketMaking.Oms;

/// <summary>
/// One order as the OMS tracks it: what was asked, what the venue reported, and the fills applied (each trade id once).
/// Prices in quote currency per unit of base, quantities in base units, times in ns since the Unix epoch.
/// </summary>
/// <remarks>Changed only through <see cref="OrderLifecycle"/>, on the engine loop. Not thread-safe.</remarks>
public sealed class OmsOrder : IOrderView
{
    // Kept compact, as the store holds every order of a run: the first trade id inline (most orders fill once or not
    // at all) and a set only from the second; ids as their strings, enums as bytes, optional prices with a flag.
    private string? _firstTrade;
    private HashSet<TradeId>? _moreTrades;
    private string? _venueOrderId;
    private decimal _limitPrice;
    private decimal _averagePrice;
    private bool _hasLimitPrice;
    private bool _hasAveragePrice;
    private readonly byte _side;
    private readonly byte _type;
    private byte _status = (byte)OrderStatus.PendingNew;
    private byte _statusBeforePending;

    /// <summary>Initializes an order at its intent, in <see cref="OrderStatus.PendingNew"/>.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="clientOrderId">The OMS's id for it, unique per venue.</param>
    /// <param name="instrument">The instrument.</param>
    /// <param name="side">Buy or sell.</param>
    /// <param name="type">Limit or market.</param>
    /// <param name="quantity">The quantity in base units.</param>
    /// <param name="createdNanoseconds">When the intent was made.</param>
    public OmsOrder(VenueId venue, ClientOrderId clientOrderId, InstrumentId instrument, Side side, OrderType type, Quantity quantity, long createdNanoseconds)
    {
        Venue = venue;
        ClientOrderId = clientOrderId;
        Instrument = instrument;
        _side = (byte)side;
        _type = (byte)type;
        Quantity = quantity;
        CreatedNanoseconds = createdNanoseconds;
        UpdatedNanoseconds = createdNanoseconds;
    }

    /// <summary>Gets the venue.</summary>
    public VenueId Venue { get; }

    /// <summary>Gets the OMS's id of the order, unique per venue.</summary>
    public ClientOrderId ClientOrderId { get; }

    /// <summary>Gets the venue's id, once known.</summary>
    public VenueOrderId? VenueOrderId
    {
        get => _venueOrderId is null ? null : new VenueOrderId(_venueOrderId);
        internal set => _venueOrderId = value?.Value;
    }

    /// <summary>Gets the instrument.</summary>
    public InstrumentId Instrument { get; }

    /// <summary>Gets the side.</summary>
    public Side Side => (Side)_side;

    /// <summary>Gets the order type.</summary>
    public OrderType Type => (OrderType)_type;

    /// <summary>Gets the limit price, for limit orders.</summary>
    public Price? LimitPrice
    {
        get => _hasLimitPrice ? new Price(_limitPrice) : null;
        internal set => (_hasLimitPrice, _limitPrice) = value is { } price ? (true, price.Value) : (false, 0m);
    }

    /// <summary>Gets the order quantity (amends change it).</summary>
    public Quantity Quantity { get; internal set; }

    /// <summary>Gets the quantity filled so far.</summary>
    public Quantity FilledQuantity { get; internal set; }

    /// <summary>Gets the quantity still open.</summary>
    public Quantity RemainingQuantity =>
        IsUnfilled ? Quantity : new(Math.Max(0, Quantity.Value - FilledQuantity.Value));

    /// <summary>
    /// Whether nothing is filled and the quantity is positive: the remaining quantity is then the quantity itself, the
    /// same bits the subtraction gives (a zero of scale 0 taken from a positive decimal leaves it as it was), without its
    /// decimal subtraction, comparison and check. The requotes read every resting order's remaining quantity.
    /// </summary>
    private bool IsUnfilled => FilledQuantity.Value is var filled && decimal.Sign(filled) == 0 && filled.Scale == 0 && decimal.Sign(Quantity.Value) > 0;

    /// <summary>Gets the volume-weighted price of the fills, or <see langword="null"/> before the first.</summary>
    public Price? AveragePrice
    {
        get => _hasAveragePrice ? new Price(_averagePrice) : null;
        internal set => (_hasAveragePrice, _averagePrice) = value is { } price ? (true, price.Value) : (false, 0m);
    }

    /// <summary>Gets the fees paid, in the fee asset of the fills.</summary>
    public decimal Fees { get; internal set; }

    /// <summary>Gets whether the order may only add liquidity.</summary>
    public bool PostOnly { get; init; }

    /// <summary>Gets the strategy that owns the order, or <see langword="null"/>.</summary>
    public string? Strategy { get; init; }

    /// <summary>Gets the status.</summary>
    public OrderStatus Status
    {
        get => (OrderStatus)_status;
        internal set => _status = (byte)value;
    }

    /// <summary>Gets the status before a pending amend or cancel, to return to when it ends.</summary>
    public OrderStatus StatusBeforePending
    {
        get => (OrderStatus)_statusBeforePending;
        internal set => _statusBeforePending = (byte)value;
    }

    /// <summary>Gets when the intent was made.</summary>
    public long CreatedNanoseconds { get; }

    /// <summary>Gets when the order last changed.</summary>
    public long UpdatedNanoseconds { get; internal set; }

    /// <summary>Gets the last error the venue gave for it, or <see langword="null"/>.</summary>
    public string? LastError { get; internal set; }

    /// <summary>Gets whether the order may still trade at the venue.</summary>
    public bool IsOpen => OrderStateMachine.IsOpen(Status);

    /// <summary>Gets how many fills were applied.</summary>
    public int FillCount => _firstTrade is null ? 0 : 1 + (_moreTrades?.Count ?? 0);

    /// <summary>Records a trade id; returns <see langword="false"/> when it was already applied.</summary>
    internal bool TryAddTrade(TradeId tradeId)
    {
        if (_firstTrade is null)
        {
            _firstTrade = tradeId.Value;
            return true;
        }

        return !string.Equals(_firstTrade, tradeId.Value, StringComparison.Ordinal) && (_moreTrades ??= []).Add(tradeId);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Venue}:{ClientOrderId} {Side} {Quantity}@{LimitPrice} {Status} filled {FilledQuantity}";
}
