using System.Collections.Specialized;
using System.Globalization;
using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using MarketMaking.Simulation.Matching;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// Binance's signed order entry on the simulated venue, whichever way it comes (REST, <see cref="BinanceRestEndpoint"/>;
/// the WebSocket API, <see cref="BinanceWebSocketApiEndpoint"/>), each request's parameters in, its answer out:
/// <c>POST order</c> (<c>LIMIT</c>,
/// <c>LIMIT_MAKER</c> on spot, <c>MARKET</c>; <c>GTC</c>, <c>IOC</c>, <c>FOK</c>, <c>GTX</c> on futures), <c>DELETE order</c>
/// by <c>orderId</c> or <c>origClientOrderId</c>, and cancel-all of a symbol (<c>DELETE openOrders</c> on spot,
/// <c>allOpenOrders</c> on futures). The symbol's filters (<c>PRICE_FILTER</c>, <c>LOT_SIZE</c>, notional) are checked
/// first, as Binance does, then the venue's own refusals are written as Binance's codes (<see cref="BinanceRejects"/>).
/// </summary>
/// <remarks>
/// Sources: <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api"/>. Futures margin is not
/// modelled: the simulated account holds balances, as on spot.
/// </remarks>
internal sealed class BinanceOrderEndpoint(BinanceSimulatorCore core)
{
    public async Task<BinanceAnswer> PlaceAsync(NameValueCollection query)
    {
        core.CountOrderRequest();
        if (!CountOrders(1, out var count, out var refusal))
        {
            return refusal;
        }

        await HoldAsync().ConfigureAwait(false);
        return await PlaceOneAsync(query).ConfigureAwait(false) with { OrderCount = count };
    }

    /// <summary>Futures' <c>batchOrders</c>: up to 5 orders, a JSON list of parameter objects, each answered on its own (an order or <c>{"code","msg"}</c>).</summary>
    public async Task<BinanceAnswer> BatchAsync(NameValueCollection query)
    {
        core.CountOrderRequest();
        List<NameValueCollection> orders;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(query["batchOrders"] ?? string.Empty);
            orders = [.. document.RootElement.EnumerateArray().Select(item =>
            {
                var parameters = new NameValueCollection();
                foreach (var property in item.EnumerateObject())
                {
                    parameters[property.Name] = property.Value.ValueKind == System.Text.Json.JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
                }

                return parameters;
            })];
        }
        catch (System.Text.Json.JsonException)
        {
            return BinanceAnswer.Refused((-1130, "Data sent for parameter 'batchOrders' is not valid."));
        }

        if (orders.Count is 0 or > 5)
        {
            return BinanceAnswer.Refused((-1130, "Data sent for parameter 'batchOrders' is not valid: 1 to 5 orders."));
        }

        if (!CountOrders(orders.Count, out var count, out var refusal))
        {
            return refusal;
        }

        await HoldAsync().ConfigureAwait(false);
        var answers = new List<byte[]>();
        foreach (var order in orders)
        {
            answers.Add((await PlaceOneAsync(order).ConfigureAwait(false)).Body);
        }

        return BinanceAnswer.Ok(System.Text.Encoding.UTF8.GetBytes($"[{string.Join(",", answers.Select(System.Text.Encoding.UTF8.GetString))}]")) with { OrderCount = count };
    }

    /// <summary>Futures' <c>PUT order</c>: a new quantity and price for an open limit order (its side must be sent), which is queued again.</summary>
    public async Task<BinanceAnswer> AmendAsync(NameValueCollection query)
    {
        core.CountOrderRequest();
        if (!TryInstrument(query, out var instrument, out var refusal))
        {
            return BinanceAnswer.Refused(refusal);
        }

        if (query["side"] is not ("BUY" or "SELL")
            || !decimal.TryParse(query["quantity"], NumberStyles.Number, CultureInfo.InvariantCulture, out var quantity) || quantity <= 0
            || !decimal.TryParse(query["price"], NumberStyles.Number, CultureInfo.InvariantCulture, out var price) || price <= 0
            || Reference(query) is not { } reference)
        {
            return BinanceAnswer.Refused((-1102, "Mandatory parameter 'side', 'quantity', 'price' or 'orderId'/'origClientOrderId' was not sent, was empty/null, or malformed."));
        }

        var amend = new AmendRequest(instrument, reference) { NewQuantity = new Quantity(quantity), NewLimitPrice = new Price(price) };
        if (!PassesFilters(instrument, amend.NewLimitPrice, amend.NewQuantity.Value, reduceOnly: false, out refusal))
        {
            return BinanceAnswer.Refused(refusal);
        }

        if (!CountOrders(1, out _, out var overLimit))
        {
            return overLimit;
        }

        await HoldAsync().ConfigureAwait(false);

        // Found by its id before the amend: an amended order that then fills at once no longer rests, and a search of
        // the resting orders by client order id would miss it.
        var amended = await core.RunAsync(venue => Find(venue.Engines[instrument], reference)?.VenueOrderId).ConfigureAwait(false);
        var result = await core.RequestAsync<VenueResult<AmendAck>>((venue, answer) => venue.Amend(amend, BinanceSimulatorCore.AccountId, answer)).ConfigureAwait(false);
        if (!result.IsSuccess || amended is null)
        {
            return BinanceAnswer.Refused(result.IsSuccess ? (-2013, "Order does not exist.") : BinanceRejects.Wire(result.Error!, core.Market));
        }

        var order = await core.RunAsync(venue => venue.Engines[instrument].Find(amended.Value)).ConfigureAwait(false);
        return BinanceAnswer.Ok(BinanceMessageWriter.Order(order!, core.OrderIds.NumberOf(order!.VenueOrderId), core.Venue.Engines[instrument].Spec, query, Status(order), core.Venue.Now, core.Market));
    }

    /// <summary>The request weight of spot's keep-priority amend, over REST and the WebSocket API alike.</summary>
    public const int KeepPriorityWeight = 4;

    /// <summary>
    /// Spot's keep-priority amend (<c>PUT /api/v3/order/amend/keepPriority</c>, <c>order.amend.keepPriority</c>): the
    /// order's quantity lowered to <c>newQty</c> (the total, the filled part included), its place in the queue kept;
    /// no order counted against the 10 s limit. <c>newQty</c> must be below the order's quantity (<c>-2038</c>
    /// otherwise, with Binance's text for an increase or for no change) and on the lot grid. The order keeps its client
    /// order id: the simulator does not model Binance's replacing it with <c>newClientOrderId</c> or a random one.
    /// </summary>
    public async Task<BinanceAnswer> AmendKeepPriorityAsync(NameValueCollection query)
    {
        core.CountOrderRequest();
        if (!TryInstrument(query, out var instrument, out var refusal))
        {
            return BinanceAnswer.Refused(refusal);
        }

        if (!decimal.TryParse(query["newQty"], NumberStyles.Number, CultureInfo.InvariantCulture, out var newQuantity) || newQuantity <= 0 || Reference(query) is not { } reference)
        {
            return BinanceAnswer.Refused((-1102, "Mandatory parameter 'newQty' or 'orderId'/'origClientOrderId' was not sent, was empty/null, or malformed."));
        }

        if (!core.Rules[instrument].TryToLots(new Quantity(newQuantity), out _))
        {
            return BinanceAnswer.Refused((-1013, "Filter failure: LOT_SIZE"));
        }

        await HoldAsync().ConfigureAwait(false);
        var order = await core.RunAsync(venue => Find(venue.Engines[instrument], reference)).ConfigureAwait(false);
        if (order is not { IsOpen: true })
        {
            return BinanceAnswer.Refused((-2013, "Order does not exist."));
        }

        var spec = core.Venue.Engines[instrument].Spec;
        var quantity = spec.FromLots(order.QuantityLots).Value;
        if (newQuantity >= quantity)
        {
            return BinanceAnswer.Refused(newQuantity == quantity
                ? (-2038, "The requested action would change no state; rejecting")
                : (-2038, "Order amend (quantity increase) is not supported."));
        }

        var amend = new AmendRequest(instrument, new OrderReference(order.VenueOrderId, null)) { NewQuantity = new Quantity(newQuantity) };
        var result = await core.RequestAsync<VenueResult<AmendAck>>((venue, answer) => venue.Amend(amend, BinanceSimulatorCore.AccountId, answer)).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return BinanceAnswer.Refused(BinanceRejects.Wire(result.Error!, core.Market));
        }

        var amended = await core.RunAsync(venue => venue.Engines[instrument].Find(order.VenueOrderId)).ConfigureAwait(false);

        // The simulated venue's amend id ends in its sequence number: Binance's executionId is a number.
        var amendId = result.Value.AmendId ?? string.Empty;
        var executionId = long.TryParse(amendId[(amendId.LastIndexOf('-') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
        return BinanceAnswer.Ok(BinanceMessageWriter.AmendedOrder(amended!, core.OrderIds.NumberOf(amended!.VenueOrderId), executionId, order.ClientOrderId.Value, spec, Status(amended), core.Venue.Now));
    }

    /// <summary>Places one order: its answer's status and body, an order in the <c>RESULT</c> shape or Binance's error.</summary>
    private async Task<BinanceAnswer> PlaceOneAsync(NameValueCollection query)
    {
        if (!TryInstrument(query, out var instrument, out var refusal)
            || !TryOrder(query, instrument, out var request, out refusal)
            || !PassesFilters(instrument, request.LimitPrice, request.Quantity, request.ReduceOnly, out refusal))
        {
            return BinanceAnswer.Refused(refusal);
        }

        var result = await core.RequestAsync<VenueResult<OrderAck>>((venue, answer) => venue.Place(request, BinanceSimulatorCore.AccountId, answer)).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return BinanceAnswer.Refused(BinanceRejects.Wire(result.Error!, core.Market));
        }

        var order = await core.RunAsync(venue => venue.Engines[instrument].Find(result.Value.VenueOrderId!.Value)).ConfigureAwait(false);
        return BinanceAnswer.Ok(BinanceMessageWriter.Order(order!, core.OrderIds.NumberOf(order!.VenueOrderId), core.Venue.Engines[instrument].Spec, query, Status(order!), core.Venue.Now, core.Market));
    }

    public async Task<BinanceAnswer> CancelAsync(NameValueCollection query)
    {
        core.CountOrderRequest();
        if (!TryInstrument(query, out var instrument, out var refusal))
        {
            return BinanceAnswer.Refused(refusal);
        }

        if (Reference(query) is not { } reference)
        {
            return BinanceAnswer.Refused((-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!"));
        }

        await HoldAsync().ConfigureAwait(false);
        var order = await core.RunAsync(venue => Find(venue.Engines[instrument], reference)).ConfigureAwait(false);
        var result = await core.RequestAsync<VenueResult<CancelAck>>((venue, answer) => venue.Cancel(instrument, reference, BinanceSimulatorCore.AccountId, answer)).ConfigureAwait(false);
        if (!result.IsSuccess || order is null)
        {
            return BinanceAnswer.Refused(result.IsSuccess ? (-2011, "Unknown order sent.") : BinanceRejects.Wire(result.Error!, core.Market));
        }

        return BinanceAnswer.Ok(BinanceMessageWriter.Order(order, core.OrderIds.NumberOf(order.VenueOrderId), core.Venue.Engines[instrument].Spec, query, "CANCELED", core.Venue.Now, core.Market));
    }

    public async Task<BinanceAnswer> CancelAllAsync(NameValueCollection query)
    {
        core.CountOrderRequest();
        if (!TryInstrument(query, out var instrument, out var refusal))
        {
            return BinanceAnswer.Refused(refusal);
        }

        await HoldAsync().ConfigureAwait(false);
        var canceled = await core.RunAsync(venue =>
        {
            var engine = venue.Engines[instrument];
            var open = engine.RestingOrders.Where(o => o.Account == BinanceSimulatorCore.AccountId).ToArray();
            engine.CancelAll(BinanceSimulatorCore.AccountId, venue.Now);
            return open;
        }).ConfigureAwait(false);
        if (core.Market != BinanceMarket.Spot)
        {
            return BinanceAnswer.Ok(BinanceMessageWriter.RestError(200, "The operation of cancel all open order is done."));
        }

        return canceled.Length == 0
            ? BinanceAnswer.Refused((-2011, "Unknown order sent."))
            : BinanceAnswer.Ok(BinanceMessageWriter.Orders(canceled.Select(o => (o, core.OrderIds.NumberOf(o.VenueOrderId))), core.Venue.Engines[instrument].Spec, "CANCELED", core.Venue.Now, core.Market));
    }

    /// <summary><c>GET order</c>: one of ours, open or ended, by <c>orderId</c> or <c>origClientOrderId</c> (<c>-2013</c> when unknown).</summary>
    public async Task<BinanceAnswer> QueryAsync(NameValueCollection query)
    {
        if (!TryInstrument(query, out var instrument, out var refusal))
        {
            return BinanceAnswer.Refused(refusal);
        }

        if (Reference(query) is not { } reference)
        {
            return BinanceAnswer.Refused((-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!"));
        }

        var answer = await core.RunAsync(venue =>
        {
            var engine = venue.Engines[instrument];
            return Find(engine, reference) is { } order
                ? BinanceMessageWriter.Queried([(order, core.OrderIds.NumberOf(order.VenueOrderId), QueryStatus(order))], engine.Spec, venue.Now, core.Market, asArray: false)
                : null;
        }).ConfigureAwait(false);
        return answer is null ? BinanceAnswer.Refused((-2013, "Order does not exist.")) : BinanceAnswer.Ok(answer);
    }

    /// <summary><c>GET openOrders</c>: our resting orders on the symbol.</summary>
    public async Task<BinanceAnswer> OpenOrdersAsync(NameValueCollection query)
    {
        if (!TryInstrument(query, out var instrument, out var refusal))
        {
            return BinanceAnswer.Refused(refusal);
        }

        var answer = await core.RunAsync(venue =>
        {
            var engine = venue.Engines[instrument];
            var open = engine.RestingOrders.Where(o => o.Account == BinanceSimulatorCore.AccountId).Select(o => (o, core.OrderIds.NumberOf(o.VenueOrderId), QueryStatus(o)));
            return BinanceMessageWriter.Queried(open, engine.Spec, venue.Now, core.Market, asArray: true);
        }).ConfigureAwait(false);
        return BinanceAnswer.Ok(answer);
    }

    /// <summary>Counts new orders against the 10 s limit: false with the 429 <c>-1015</c> answer when over it.</summary>
    private bool CountOrders(int orders, out int count, out BinanceAnswer refusal)
    {
        if (core.Orders.TryCount(orders, core.Options.EnforceRateLimits, out count, out var retryAfter))
        {
            refusal = default;
            return true;
        }

        core.CountRateLimited();
        refusal = BinanceAnswer.Refused((-1015, $"Too many new orders; current limit is {core.Orders.Limit} orders per TEN_SECONDS."), 429) with { OrderCount = count, RetryAfterSeconds = retryAfter };
        return false;
    }

    /// <summary>The order a request names by <c>orderId</c> (an id never given out names no order) or <c>origClientOrderId</c>.</summary>
    private OrderReference? Reference(NameValueCollection query) =>
        long.TryParse(query["orderId"], NumberStyles.None, CultureInfo.InvariantCulture, out var orderId)
            ? new OrderReference(core.OrderIds.Find(orderId) ?? VenueOrderId.Create($"unknown-{orderId}"), null)
            : query["origClientOrderId"] is { Length: > 0 } clientOrderId ? new OrderReference(null, ClientOrderId.Create(clientOrderId)) : null;

    private static SimulatedOrder? Find(MatchingEngine engine, OrderReference reference) =>
        reference.VenueOrderId is { } id ? engine.Find(id) : engine.RestingOrders.FirstOrDefault(o => o.ClientOrderId == reference.ClientOrderId);

    private static string Status(SimulatedOrder order) => order.Status switch
    {
        OrderStatus.Filled => "FILLED",
        OrderStatus.PartiallyFilled => "PARTIALLY_FILLED",
        OrderStatus.Canceled or OrderStatus.Expired => "EXPIRED",
        _ => "NEW",
    };

    /// <summary>An order's status as the queries show it (a place's answer shows an IOC's unfilled end as <c>EXPIRED</c>).</summary>
    private static string QueryStatus(SimulatedOrder order) => order.Status switch
    {
        OrderStatus.Canceled => "CANCELED",
        OrderStatus.Expired => "EXPIRED",
        OrderStatus.Rejected => "REJECTED",
        _ => Status(order),
    };

    private Task HoldAsync() =>
        core.Options.OrderAnswerDelay > TimeSpan.Zero ? Task.Delay(core.Options.OrderAnswerDelay, core.TimeProvider) : Task.CompletedTask;

    private bool TryInstrument(NameValueCollection query, out InstrumentId instrument, out (int Code, string Message) refusal)
    {
        instrument = default;
        if (query["symbol"] is not { Length: > 0 } symbol)
        {
            refusal = (-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
            return false;
        }

        instrument = InstrumentId.Create(symbol);
        refusal = (-1121, "Invalid symbol.");
        return core.Instruments.ContainsKey(instrument);
    }

    private bool TryOrder(NameValueCollection query, InstrumentId instrument, out OrderRequest request, out (int Code, string Message) refusal)
    {
        request = null!;
        var spot = core.Market == BinanceMarket.Spot;
        Side? side = query["side"] switch { "BUY" => Side.Buy, "SELL" => Side.Sell, _ => null };
        var type = query["type"];
        var limit = type is "LIMIT" || (spot && type is "LIMIT_MAKER");
        var timeInForceText = query["timeInForce"];

        // LIMIT takes a time in force (GTX, post-only, on futures only); MARKET and LIMIT_MAKER take none.
        TimeInForce? timeInForce = limit && type != "LIMIT_MAKER"
            ? timeInForceText switch
            {
                "GTC" => TimeInForce.GoodTillCanceled,
                "IOC" => TimeInForce.ImmediateOrCancel,
                "FOK" => TimeInForce.FillOrKill,
                "GTX" when !spot => TimeInForce.GoodTillCanceled,
                _ => null,
            }
            : timeInForceText is null ? TimeInForce.GoodTillCanceled : null;
        if (side is null || (!limit && type != "MARKET") || timeInForce is null
            || !decimal.TryParse(query["quantity"], NumberStyles.Number, CultureInfo.InvariantCulture, out var quantity) || quantity <= 0)
        {
            refusal = (-1102, "Mandatory parameter 'side', 'type', 'timeInForce' or 'quantity' was not sent, was empty/null, or malformed.");
            return false;
        }

        Price? price = null;
        if (limit)
        {
            if (!decimal.TryParse(query["price"], NumberStyles.Number, CultureInfo.InvariantCulture, out var limitPrice) || limitPrice <= 0)
            {
                refusal = (-1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
                return false;
            }

            price = new Price(limitPrice);
        }

        var clientOrderId = query["newClientOrderId"] is { Length: > 0 } given ? given : $"sim{Guid.NewGuid():N}"[..22];
        request = new OrderRequest(instrument, side.Value, limit ? OrderType.Limit : OrderType.Market, new Quantity(quantity), ClientOrderId.Create(clientOrderId))
        {
            LimitPrice = price,
            TimeInForce = timeInForce.Value,
            PostOnly = type == "LIMIT_MAKER" || query["timeInForce"] == "GTX",
            ReduceOnly = !spot && query["reduceOnly"] == "true",
        };
        refusal = default;
        return true;
    }

    private bool PassesFilters(InstrumentId instrument, Price? price, Quantity quantity, bool reduceOnly, out (int Code, string Message) refusal)
    {
        var rules = core.Rules[instrument];
        refusal = default;
        if (price is { } limitPrice && !rules.TryToTicks(limitPrice, out _))
        {
            refusal = (-1013, "Filter failure: PRICE_FILTER");
        }
        else if (!rules.TryToLots(quantity, out _) || quantity < rules.MinQuantity)
        {
            refusal = (-1013, "Filter failure: LOT_SIZE");
        }
        else if (price is { } limit && limit.Value * quantity.Value < rules.MinNotional && !reduceOnly)
        {
            refusal = core.Market == BinanceMarket.Spot
                ? (-1013, "Filter failure: NOTIONAL")
                : (-4164, $"Order's notional must be no smaller than {rules.MinNotional.ToString(CultureInfo.InvariantCulture)} (unless you choose reduce only).");
        }

        return refusal == default;
    }
}
