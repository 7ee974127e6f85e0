using MarketMaking.Models;

namespace MarketMaking.Simulation.MexcProtocol;

/// <summary>
/// What MEXC reports of one of our orders that the venue-neutral order does not hold: the type it was placed as
/// (MEXC's order type number), its wire price and quantity, and the running sum of its fills; changed under the core's gate.
/// </summary>
internal sealed class MexcSimulatedOrder(string orderId, string clientOrderId, string symbol, Side side, string type, string price, decimal quantity, long createdNanoseconds)
{
    public string OrderId { get; } = orderId;

    public string ClientOrderId { get; } = clientOrderId;

    public string Symbol { get; } = symbol;

    public Side Side { get; } = side;

    /// <summary>Gets the REST type: <c>LIMIT</c>, <c>LIMIT_MAKER</c>, <c>IMMEDIATE_OR_CANCEL</c>, <c>FILL_OR_KILL</c> or <c>MARKET</c>.</summary>
    public string Type { get; } = type;

    /// <summary>Gets the push's order type: 1 limit, 2 post-only, 3 IOC, 4 FOK, 5 market.</summary>
    public int OrderType => Type switch
    {
        "LIMIT_MAKER" => 2,
        "IMMEDIATE_OR_CANCEL" => 3,
        "FILL_OR_KILL" => 4,
        "MARKET" => 5,
        _ => 1,
    };

    /// <summary>Gets the limit price as sent (empty for a market order).</summary>
    public string Price { get; } = price;

    public decimal Quantity { get; } = quantity;

    public long CreatedNanoseconds { get; } = createdNanoseconds;

    public decimal FilledQuantity { get; set; }

    public decimal FilledQuote { get; set; }

    /// <summary>Gets or sets the REST status: <c>NEW</c>, <c>PARTIALLY_FILLED</c>, <c>FILLED</c>, <c>CANCELED</c> or <c>PARTIALLY_CANCELED</c>.</summary>
    public string Status { get; set; } = "NEW";

    public long UpdatedNanoseconds { get; set; }
}
