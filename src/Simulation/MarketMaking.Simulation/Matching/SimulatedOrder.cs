using MarketMaking.Models;

namespace MarketMaking.Simulation.Matching;

/// <summary>One of our orders inside the simulated matching engine. Prices in ticks, quantities in lots of the instrument.</summary>
public sealed class SimulatedOrder
{
    internal SimulatedOrder(VenueOrderId venueOrderId, ClientOrderId clientOrderId, string account, Side side, long priceTicks, long quantityLots, long sequence)
    {
        VenueOrderId = venueOrderId;
        ClientOrderId = clientOrderId;
        Account = account;
        Side = side;
        PriceTicks = priceTicks;
        QuantityLots = quantityLots;
        Sequence = sequence;
    }

    /// <summary>Gets the venue's id of the order.</summary>
    public VenueOrderId VenueOrderId { get; }

    /// <summary>Gets the client's id of the order.</summary>
    public ClientOrderId ClientOrderId { get; }

    /// <summary>Gets the account that placed it.</summary>
    public string Account { get; }

    /// <summary>Gets the side.</summary>
    public Side Side { get; }

    /// <summary>Gets the limit price in ticks.</summary>
    public long PriceTicks { get; internal set; }

    /// <summary>Gets the order quantity in lots.</summary>
    public long QuantityLots { get; internal set; }

    /// <summary>Gets the filled quantity in lots.</summary>
    public long FilledLots { get; internal set; }

    /// <summary>Gets the quantity still open in lots.</summary>
    public long RemainingLots => QuantityLots - FilledLots;

    /// <summary>Gets whether the order may only add liquidity.</summary>
    public bool PostOnly { get; internal init; }

    /// <summary>Gets the status.</summary>
    public OrderStatus Status { get; internal set; } = OrderStatus.PendingNew;

    /// <summary>
    /// Gets the estimated displayed quantity ahead of the order at its price, in lots: set when the order rests or
    /// loses priority, reduced by trades and by cancellations (see <see cref="QueueModel"/>). Our own earlier orders at
    /// the price are not counted here; trades fill them first.
    /// </summary>
    public double QueueAheadLots { get; internal set; }

    /// <summary>Gets the price level's displayed quantity when last seen, in lots.</summary>
    internal long LevelSeenLots { get; set; }

    /// <summary>Gets the quantity traded at the order's price since the level was last seen, in lots.</summary>
    internal long TradedSinceSeenLots { get; set; }

    /// <summary>Gets the amount the account holds for the order (quote for a buy, base for a sell).</summary>
    internal decimal Hold { get; set; }

    /// <summary>Gets the arrival sequence: among our orders at one price, the earlier is ahead.</summary>
    internal long Sequence { get; set; }

    /// <summary>Gets whether the order can still trade.</summary>
    public bool IsOpen => Status is OrderStatus.PendingNew or OrderStatus.Accepted or OrderStatus.PartiallyFilled;
}
