using MarketMaking.Models;

namespace MarketMaking.Simulation.BybitProtocol;

/// <summary>What Bybit reports of one of our orders that the venue-neutral order does not hold; changed under the core's gate.</summary>
internal sealed class BybitSimulatedOrder(string orderId, string orderLinkId, string symbol, Side side, bool isMarket, string timeInForce, string price, decimal quantity, long createdNanoseconds)
{
    public string OrderId { get; } = orderId;

    public string OrderLinkId { get; } = orderLinkId;

    public string Symbol { get; } = symbol;

    public Side Side { get; } = side;

    public bool IsMarket { get; } = isMarket;

    /// <summary>Gets the time in force as sent: <c>GTC</c>, <c>IOC</c>, <c>FOK</c> or <c>PostOnly</c>.</summary>
    public string TimeInForce { get; } = timeInForce;

    public string Price { get; set; } = price;

    public decimal Quantity { get; set; } = quantity;

    public long CreatedNanoseconds { get; } = createdNanoseconds;

    public decimal FilledQuantity { get; set; }

    public decimal FilledValue { get; set; }

    public decimal Fees { get; set; }

    /// <summary>Gets or sets <c>orderStatus</c>: <c>New</c>, <c>PartiallyFilled</c>, <c>Filled</c>, <c>Cancelled</c>, <c>PartiallyFilledCanceled</c> or <c>Rejected</c>.</summary>
    public string Status { get; set; } = "New";

    public string RejectReason { get; set; } = "EC_NoError";

    public long UpdatedNanoseconds { get; set; }

    public bool IsOpen => Status is "New" or "PartiallyFilled";
}
