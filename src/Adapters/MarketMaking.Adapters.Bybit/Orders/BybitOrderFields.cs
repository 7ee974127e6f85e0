using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// The fields of Bybit v5's order requests, the same over REST and the trade stream (only the envelope differs):
/// post-only is time in force <c>PostOnly</c>, the client order id is <c>orderLinkId</c>, an order is named by
/// <c>orderId</c> when known, else by <c>orderLinkId</c>.
/// </summary>
/// <remarks>Sources: <see href="https://bybit-exchange.github.io/docs/v5/order/create-order"/>, <see href="https://bybit-exchange.github.io/docs/v5/websocket/trade/guideline"/>.</remarks>
internal static class BybitOrderFields
{
    /// <summary>A new order's fields; a batch item's leave the category to the batch.</summary>
    public static Dictionary<string, object> Create(OrderRequest request, BybitCategory category, bool withCategory)
    {
        var fields = new Dictionary<string, object>(StringComparer.Ordinal);
        if (withCategory)
        {
            fields["category"] = BybitVenue.WireName(category);
        }

        fields["symbol"] = request.Instrument.Value;
        fields["side"] = request.Side == Side.Buy ? "Buy" : "Sell";
        fields["orderType"] = request.Type == OrderType.Market ? "Market" : "Limit";
        fields["qty"] = request.Quantity.ToString();
        if (request.LimitPrice is { } price)
        {
            fields["price"] = price.ToString();
        }

        if (request.Type == OrderType.Limit)
        {
            fields["timeInForce"] = request.PostOnly ? "PostOnly" : request.TimeInForce switch
            {
                TimeInForce.ImmediateOrCancel => "IOC",
                TimeInForce.FillOrKill => "FOK",
                _ => "GTC",
            };
        }

        fields["orderLinkId"] = request.ClientOrderId.Value;
        if (request.ReduceOnly)
        {
            fields["reduceOnly"] = true;
        }

        return fields;
    }

    /// <summary>The fields naming an order (an amend's or a cancel's): the category, the symbol, and <c>orderId</c> or <c>orderLinkId</c>.</summary>
    public static Dictionary<string, object> Reference(InstrumentId instrument, OrderReference order, BybitCategory category)
    {
        var fields = new Dictionary<string, object>(StringComparer.Ordinal) { ["category"] = BybitVenue.WireName(category), ["symbol"] = instrument.Value };
        if (order.VenueOrderId is { Value: { } id })
        {
            fields["orderId"] = id;
        }
        else
        {
            fields["orderLinkId"] = order.ClientOrderId!.Value.Value;
        }

        return fields;
    }

    /// <summary>An amend's fields: the order named, and the new price and quantity given.</summary>
    public static Dictionary<string, object> Amend(AmendRequest request, BybitCategory category)
    {
        var fields = Reference(request.Instrument, request.Order, category);
        if (request.NewLimitPrice is { } price)
        {
            fields["price"] = price.ToString();
        }

        if (request.NewQuantity is { } quantity)
        {
            fields["qty"] = quantity.ToString();
        }

        return fields;
    }
}
