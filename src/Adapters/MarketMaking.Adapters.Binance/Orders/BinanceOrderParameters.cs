using MarketMaking.Models;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// The parameters of Binance's order requests, the same over REST and the WebSocket API (only the signing differs,
/// <see cref="BinancePayload"/>). Post-only is <c>LIMIT_MAKER</c> on spot and time in force <c>GTX</c> on futures; the
/// client order id is <c>newClientOrderId</c>; answers are asked in the <c>RESULT</c> shape.
/// </summary>
/// <remarks>
/// Sources: <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints"/>,
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/trading-requests"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api"/>.
/// </remarks>
internal static class BinanceOrderParameters
{
    /// <summary>Why an order cannot be sent (invalid, or reduce-only on spot), or <see langword="null"/>.</summary>
    public static VenueError? Problem(OrderRequest request, BinanceMarket market) =>
        request.Validate() is { } invalid ? new VenueError(VenueErrorKind.InvalidRequest, false, null, invalid) { NotSent = true }
        : request.ReduceOnly && market == BinanceMarket.Spot ? new VenueError(VenueErrorKind.NotSupported, false, null, "Binance spot has no reduce-only orders") { NotSent = true }
        : null;

    /// <summary>The refusal of an amend of an order this client did not place: Binance needs its side and price.</summary>
    public static VenueError AmendOfAnotherOrder() =>
        new(VenueErrorKind.InvalidRequest, false, null, "Binance's amend needs the side and price of an order this client placed") { NotSent = true };

    /// <summary>The refusal of a cancel that names no order.</summary>
    public static VenueError UnnamedOrder() =>
        new(VenueErrorKind.InvalidRequest, false, null, "A cancel needs the venue or the client order id") { NotSent = true };

    /// <summary>A new order's parameters.</summary>
    public static List<KeyValuePair<string, string>> Place(OrderRequest request, BinanceMarket market)
    {
        var spot = market == BinanceMarket.Spot;
        var limit = request.Type == OrderType.Limit;
        var type = !limit ? "MARKET" : spot && request.PostOnly ? "LIMIT_MAKER" : "LIMIT";
        List<KeyValuePair<string, string>> parameters =
        [
            new("symbol", request.Instrument.Value),
            new("side", request.Side == Side.Buy ? "BUY" : "SELL"),
            new("type", type),
        ];
        if (limit && type != "LIMIT_MAKER")
        {
            parameters.Add(new("timeInForce", request.PostOnly ? "GTX" : request.TimeInForce switch
            {
                TimeInForce.ImmediateOrCancel => "IOC",
                TimeInForce.FillOrKill => "FOK",
                _ => "GTC",
            }));
        }

        parameters.Add(new("quantity", request.Quantity.ToString()));
        if (request.LimitPrice is { } price)
        {
            parameters.Add(new("price", price.ToString()));
        }

        parameters.Add(new("newClientOrderId", request.ClientOrderId.Value));
        if (request.ReduceOnly)
        {
            parameters.Add(new("reduceOnly", "true"));
        }

        parameters.Add(new("newOrderRespType", "RESULT"));
        return parameters;
    }

    /// <summary>Futures' amend (<c>PUT order</c>, <c>order.modify</c>): the side, and the quantity and price, those not changed as placed.</summary>
    public static List<KeyValuePair<string, string>> Amend(AmendRequest request, string clientOrderId, BinancePlacedOrder placed) =>
    [
        new("symbol", request.Instrument.Value),
        new("origClientOrderId", clientOrderId),
        new("side", placed.Side == Side.Buy ? "BUY" : "SELL"),
        new("quantity", (request.NewQuantity ?? placed.Quantity).ToString()),
        new("price", (request.NewLimitPrice ?? placed.Price)?.ToString() ?? "0"),
    ];

    /// <summary>
    /// Why spot's keep-priority amend cannot be sent, or <see langword="null"/>: it lowers the quantity alone (a new
    /// price is a cancel and a new order on spot), and needs the client order id it keeps (Binance would otherwise give
    /// the order a random one).
    /// </summary>
    public static VenueError? KeepPriorityProblem(AmendRequest request, string? clientOrderId) =>
        request.NewLimitPrice is not null ? new VenueError(VenueErrorKind.NotSupported, false, null, "Binance spot amends only a smaller quantity at the same price (keeping priority); a new price is a cancel and a new order") { NotSent = true }
        : request.NewQuantity is null ? new VenueError(VenueErrorKind.InvalidRequest, false, null, "A Binance spot amend needs the new quantity") { NotSent = true }
        : clientOrderId is null ? new VenueError(VenueErrorKind.InvalidRequest, false, null, "A Binance spot amend needs the order's client order id, which it keeps") { NotSent = true }
        : null;

    /// <summary>
    /// Spot's keep-priority amend (<c>PUT order/amend/keepPriority</c>, <c>order.amend.keepPriority</c>): the order, its
    /// new total quantity (<c>newQty</c>, below the current one) and its client order id kept as <c>newClientOrderId</c>.
    /// </summary>
    public static List<KeyValuePair<string, string>> AmendKeepPriority(AmendRequest request, string clientOrderId)
    {
        List<KeyValuePair<string, string>> parameters = [new("symbol", request.Instrument.Value)];
        parameters.Add(request.Order.VenueOrderId is { } venueOrderId ? new("orderId", venueOrderId.Value) : new("origClientOrderId", clientOrderId));
        parameters.Add(new("newClientOrderId", clientOrderId));
        parameters.Add(new("newQty", request.NewQuantity!.Value.ToString()));
        return parameters;
    }

    /// <summary>A cancel's parameters: by <c>orderId</c> when the venue order id is known, else by <c>origClientOrderId</c>; <see langword="null"/> when neither is.</summary>
    public static List<KeyValuePair<string, string>>? Cancel(InstrumentId instrument, OrderReference order) =>
        order.VenueOrderId is { } venueOrderId ? [new("symbol", instrument.Value), new("orderId", venueOrderId.Value)]
        : order.ClientOrderId is { } clientOrderId ? [new("symbol", instrument.Value), new("origClientOrderId", clientOrderId.Value)]
        : null;
}
