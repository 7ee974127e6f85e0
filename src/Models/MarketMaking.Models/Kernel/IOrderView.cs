namespace MarketMaking.Models;

/// <summary>
/// One order as the OMS tracks it, read-only: what risk, inventory, hedging and strategies see of an order. Prices in
/// quote currency per unit of base; quantities in base units; times in ns since the Unix epoch. Read it on the engine
/// loop: the OMS changes it there as the venue's answers and fills arrive.
/// </summary>
public interface IOrderView
{
    /// <summary>Gets the venue.</summary>
    VenueId Venue { get; }

    /// <summary>Gets the client order id the OMS gave it (unique per venue).</summary>
    ClientOrderId ClientOrderId { get; }

    /// <summary>Gets the venue's order id, once the venue has answered.</summary>
    VenueOrderId? VenueOrderId { get; }

    /// <summary>Gets the instrument.</summary>
    InstrumentId Instrument { get; }

    /// <summary>Gets the side.</summary>
    Side Side { get; }

    /// <summary>Gets the order type.</summary>
    OrderType Type { get; }

    /// <summary>Gets the limit price (the last one the venue confirmed or was asked for), or <see langword="null"/> for a market order.</summary>
    Price? LimitPrice { get; }

    /// <summary>Gets the total quantity.</summary>
    Quantity Quantity { get; }

    /// <summary>Gets the quantity filled so far.</summary>
    Quantity FilledQuantity { get; }

    /// <summary>Gets the quantity left to fill.</summary>
    Quantity RemainingQuantity { get; }

    /// <summary>Gets the average fill price, or <see langword="null"/> before the first fill.</summary>
    Price? AveragePrice { get; }

    /// <summary>Gets the fees paid so far, in the fee asset the venue reported (negative for a rebate).</summary>
    decimal Fees { get; }

    /// <summary>Gets whether it may only add liquidity.</summary>
    bool PostOnly { get; }

    /// <summary>Gets the name of the strategy that sent it, or <see langword="null"/>.</summary>
    string? Strategy { get; }

    /// <summary>Gets its status.</summary>
    OrderStatus Status { get; }

    /// <summary>Gets whether it may still fill (working, or with a request in flight).</summary>
    bool IsOpen { get; }

    /// <summary>Gets when the OMS created it.</summary>
    long CreatedNanoseconds { get; }

    /// <summary>Gets when it last changed.</summary>
    long UpdatedNanoseconds { get; }

    /// <summary>Gets the last error or denial, or <see langword="null"/>.</summary>
    string? LastError { get; }
}
