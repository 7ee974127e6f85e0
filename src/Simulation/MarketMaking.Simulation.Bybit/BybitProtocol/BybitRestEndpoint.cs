using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;
using MarketMaking.Simulation.Matching;
using Microsoft.AspNetCore.Http;

namespace MarketMaking.Simulation.BybitProtocol;

/// <summary>
/// Bybit v5's REST API for the category served: <c>GET /v5/market/time</c>; and, signed (<c>X-BAPI-*</c> headers, an
/// HMAC-SHA256 hex of timestamp, key, window and body; 10003, 10004 and 10002 otherwise), <c>POST /v5/order/create</c>,
/// <c>amend</c>, <c>cancel</c>, <c>cancel-all</c> and <c>create-batch</c>. Every answer is HTTP 200 with a <c>retCode</c>.
/// </summary>
/// <remarks>Sources: <see href="https://bybit-exchange.github.io/docs/v5/guide"/>, <see href="https://bybit-exchange.github.io/docs/v5/order/create-order"/>,
/// <see href="https://bybit-exchange.github.io/docs/v5/rate-limit"/> (10006 over the per-UID rate).</remarks>
internal sealed class BybitRestEndpoint(BybitSimulatorCore core)
{
    /// <summary>Gets the linear account's endpoints.</summary>
    public BybitAccountEndpoint Account { get; } = new(core);

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (path == "/v5/market/time" && context.Request.Method == "GET")
        {
            var now = core.TimeProvider.GetUtcNow();
            await AnswerAsync(context, BybitMessageWriter.Envelope(0, "OK", now.ToUnixTimeMilliseconds() * 1_000_000, w =>
            {
                w.WriteString("timeSecond", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
                w.WriteString("timeNano", (now.ToUnixTimeMilliseconds() * 1_000_000).ToString(CultureInfo.InvariantCulture));
            })).ConfigureAwait(false);
            return;
        }

        if (path == "/v5/market/instruments-info" && context.Request.Method == "GET")
        {
            await AnswerAsync(context, InstrumentsInfo(context.Request.Query["symbol"].ToString())).ConfigureAwait(false);
            return;
        }

        var isOrder = path.StartsWith("/v5/order/", StringComparison.Ordinal);
        var isAccount = path is "/v5/position/set-leverage" or "/v5/position/switch-mode" or "/v5/account/set-margin-mode" or "/v5/position/list";
        var isGet = path is "/v5/position/list" or "/v5/order/realtime";
        if ((!isOrder && !isAccount) || context.Request.Method != (isGet ? "GET" : "POST"))
        {
            await AnswerAsync(context, Refusal(10017, $"route not found: {context.Request.Method} {path}")).ConfigureAwait(false);
            return;
        }

        // A POST signs its body; a GET its query string.
        using var reader = new StreamReader(context.Request.Body);
        var body = context.Request.Method == "GET" ? string.Empty : await reader.ReadToEndAsync().ConfigureAwait(false);
        var signed = context.Request.Method == "GET" ? (context.Request.QueryString.Value ?? "?")[1..] : body;
        if (Authenticate(context.Request.Headers, signed) is { } refusal)
        {
            await AnswerAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        if (path == "/v5/order/realtime")
        {
            await AnswerAsync(context, await RealtimeAsync(context.Request.Query).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }

        if (isAccount)
        {
            await AnswerAsync(context, await AccountAsync(path, body).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }

        if (path == "/v5/order/disconnected-cancel-all")
        {
            await AnswerAsync(context, Protection(body)).ConfigureAwait(false);
            return;
        }

        await AnswerAsync(context, await OrderAsync(path, body).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>
    /// One signed order request (<c>create</c>, <c>create-batch</c>, <c>amend</c>, <c>cancel</c>, <c>cancel-all</c>),
    /// however it came (REST here, the WebSocket trade stream through <see cref="BybitTradeEndpoint"/>): the per-UID
    /// rate (10006), the body and category checked, then served. Returns REST's envelope.
    /// </summary>
    public async Task<byte[]> OrderAsync(string path, string body)
    {
        if (!core.AdmitOrderRequest(path))
        {
            return Refusal(10006, "Too many visits!");
        }

        JsonElement request;
        try
        {
            using var document = JsonDocument.Parse(body);
            request = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Refusal(10001, "params error: the body is not JSON");
        }

        if (Text(request, "category") != core.Category)
        {
            return Refusal(10001, $"params error: category must be {core.Category}");
        }

        if (core.Options.OrderAnswerDelay > TimeSpan.Zero)
        {
            await Task.Delay(core.Options.OrderAnswerDelay, core.TimeProvider).ConfigureAwait(false);
        }

        return path switch
        {
            "/v5/order/create" => await CreateAsync(request).ConfigureAwait(false),
            "/v5/order/create-batch" => await CreateBatchAsync(request).ConfigureAwait(false),
            "/v5/order/amend" => await AmendAsync(request).ConfigureAwait(false),
            "/v5/order/cancel" => await CancelAsync(request).ConfigureAwait(false),
            "/v5/order/cancel-all" => await CancelAllAsync(request).ConfigureAwait(false),
            _ => Refusal(10017, $"route not found: POST {path}"),
        };
    }

    /// <summary>
    /// <c>/v5/order/disconnected-cancel-all</c>: the disconnection protection's window (3 to 300 s) for a product
    /// (<c>OPTIONS</c> by default, <c>DERIVATIVES</c>, <c>SPOT</c>); only the category's own product takes effect here.
    /// Bybit enables the function per account on request; the simulated account has it (<c>DisconnectProtection</c>).
    /// </summary>
    private byte[] Protection(string body)
    {
        if (!core.Options.DisconnectProtection)
        {
            return Refusal(10001, "params error: disconnection protection is not enabled for this account; ask your account manager");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var request = document.RootElement;
            var product = Text(request, "product") ?? "OPTIONS";
            var window = request.TryGetProperty("timeWindow", out var w) && w.TryGetInt32(out var seconds) ? seconds : 0;
            if (product is not ("OPTIONS" or "DERIVATIVES" or "SPOT") || window is < 3 or > 300)
            {
                return Refusal(10001, "params error: product is OPTIONS, DERIVATIVES or SPOT and timeWindow 3 to 300");
            }

            if (product == (core.Options.Category == MarketMaking.Adapters.Bybit.BybitCategory.Spot ? "SPOT" : "DERIVATIVES"))
            {
                core.SetProtectionWindow(TimeSpan.FromSeconds(window));
            }

            return BybitMessageWriter.Envelope(0, "success", core.Venue.Now);
        }
        catch (JsonException)
        {
            return Refusal(10001, "params error: the body is not JSON");
        }
    }

    /// <summary><c>GET /v5/market/instruments-info</c>: the served symbols' rules (one, or every one without <c>symbol</c>).</summary>
    private byte[] InstrumentsInfo(string symbol) => BybitMessageWriter.Envelope(0, "OK", core.Venue.Now, w =>
    {
        w.WriteString("category", core.Category);
        w.WriteStartArray("list");
        foreach (var instrument in core.Instruments.Values.Where(i => symbol.Length == 0 || i.Spec.Instrument.Value == symbol))
        {
            var spec = instrument.Spec;
            w.WriteStartObject();
            w.WriteString("symbol", spec.Instrument.Value);
            w.WriteString("status", "Trading");
            w.WriteString("baseCoin", instrument.BaseAsset.Value);
            w.WriteString("quoteCoin", instrument.QuoteAsset.Value);
            w.WriteStartObject("priceFilter");
            w.WriteString("tickSize", spec.TickSize.ToString());
            w.WriteEndObject();
            w.WriteStartObject("lotSizeFilter");
            if (core.Options.Category == MarketMaking.Adapters.Bybit.BybitCategory.Spot)
            {
                w.WriteString("basePrecision", spec.LotSize.ToString());
                w.WriteString("minOrderAmt", BybitMessageWriter.Text(spec.MinNotional));
            }
            else
            {
                w.WriteString("qtyStep", spec.LotSize.ToString());
                w.WriteString("minOrderQty", (spec.MinQuantity.Value > 0 ? spec.MinQuantity : spec.LotSize).ToString());
                w.WriteString("minNotionalValue", BybitMessageWriter.Text(spec.MinNotional));
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary><c>GET /v5/order/realtime</c>: by <c>orderId</c> or <c>orderLinkId</c> (open or ended), else the symbol's open orders.</summary>
    private Task<byte[]> RealtimeAsync(IQueryCollection query) => core.RunAsync(venue =>
    {
        var symbol = query["symbol"].ToString();
        var (orderId, link) = (query["orderId"].ToString(), query["orderLinkId"].ToString());
        var orders = orderId.Length > 0 || link.Length > 0
            ? core.Instruments.Keys.Select(i => core.Find(i.Value, orderId.Length > 0 ? orderId : null, link.Length > 0 ? link : null)).Where(o => o is not null && (symbol.Length == 0 || o.Symbol == symbol)).Select(o => o!).ToArray()
            : core.Open(symbol);
        return BybitMessageWriter.Envelope(0, "OK", venue.Now, w =>
        {
            w.WriteStartArray("list");
            foreach (var order in orders)
            {
                BybitMessageWriter.OrderObject(w, core.Category, order);
            }

            w.WriteEndArray();
            w.WriteString("nextPageCursor", string.Empty);
            w.WriteString("category", core.Category);
        });
    });

    /// <summary>The linear account's settings and positions (refused on spot, which has none).</summary>
    private async Task<byte[]> AccountAsync(string path, string body)
    {
        if (core.Options.Category != MarketMaking.Adapters.Bybit.BybitCategory.Linear)
        {
            return Refusal(10001, "params error: this simulator serves spot, which has no positions or leverage");
        }

        if (path == "/v5/position/list")
        {
            return await Account.PositionsAsync().ConfigureAwait(false);
        }

        JsonElement request;
        try
        {
            using var document = JsonDocument.Parse(body);
            request = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Refusal(10001, "params error: the body is not JSON");
        }

        return path switch
        {
            "/v5/position/set-leverage" => await Account.SetLeverageAsync(request).ConfigureAwait(false),
            "/v5/position/switch-mode" => await Account.SwitchModeAsync(request).ConfigureAwait(false),
            _ => await Account.SetMarginModeAsync(request).ConfigureAwait(false),
        };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Task AnswerAsync(HttpContext context, byte[] body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    private static (int Code, string Message) Wire(VenueError error) => SimulatedRejection.TryRead(error, out var reason)
        ? reason switch
        {
            SimulatedReject.InsufficientFunds => (110007, "ab not enough for new order"),
            SimulatedReject.UnknownOrder => (110001, "order not exists or too late to cancel"),
            SimulatedReject.UnknownInstrument => (10001, "params error: symbol invalid"),
            SimulatedReject.TickSize => (110003, "Order price has too many decimals."),
            SimulatedReject.OrderMinimum => (110094, "Order does not meet minimum order value."),
            SimulatedReject.CostMinimum => (110094, "Order does not meet minimum order value."),
            SimulatedReject.DuplicateOrder => (110072, "OrderLinkedID is duplicate"),
            SimulatedReject.PostOnlyWouldCross => (10001, "params error: the amended post-only order would take"),
            _ => (10001, $"params error: {reason} {SimulatedRejection.DetailOf(error)}".TrimEnd()),
        }
        : (10016, "Server error.");

    private byte[] Refusal(int code, string message) => BybitMessageWriter.Envelope(code, message, core.Venue.Now);

    private byte[]? Authenticate(IHeaderDictionary headers, string body)
    {
        var key = headers["X-BAPI-API-KEY"].ToString();
        if (key != core.Options.ApiKey)
        {
            return Refusal(10003, "API key is invalid.");
        }

        if (!long.TryParse(headers["X-BAPI-TIMESTAMP"], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || !int.TryParse(headers["X-BAPI-RECV-WINDOW"], NumberStyles.None, CultureInfo.InvariantCulture, out var window))
        {
            return Refusal(10001, "params error: X-BAPI-TIMESTAMP and X-BAPI-RECV-WINDOW are required");
        }

        if (headers["X-BAPI-SIGN"].ToString() != core.Signer.SignRequest(timestamp, window, body))
        {
            return Refusal(10004, "error sign! origin_string[...]");
        }

        // Valid when serverTime - recvWindow <= timestamp < serverTime + 1000.
        var now = core.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return timestamp < now - window || timestamp >= now + 1000
            ? Refusal(10002, "invalid request, please check your server timestamp or recv_window param")
            : null;
    }

    private async Task<byte[]> CreateAsync(JsonElement request)
    {
        var (order, error) = await PlaceAsync(request).ConfigureAwait(false);
        return order is null
            ? Refusal(error.Code, error.Message)
            : BybitMessageWriter.Envelope(0, "OK", core.Venue.Now, w =>
            {
                w.WriteString("orderId", order.OrderId);
                w.WriteString("orderLinkId", order.OrderLinkId);
            });
    }

    private async Task<byte[]> CreateBatchAsync(JsonElement request)
    {
        var limit = core.Options.Category == MarketMaking.Adapters.Bybit.BybitCategory.Spot ? 10 : 20;
        if (!request.TryGetProperty("request", out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() is 0 || items.GetArrayLength() > limit)
        {
            return Refusal(10001, $"params error: request must hold 1 to {limit} orders");
        }

        var answers = new List<(BybitSimulatedOrder? Order, (int Code, string Message) Error, string Link)>();
        foreach (var item in items.EnumerateArray())
        {
            var (order, error) = await PlaceAsync(item).ConfigureAwait(false);
            answers.Add((order, error, Text(item, "orderLinkId") ?? string.Empty));
        }

        return BybitMessageWriter.Envelope(
            0,
            "OK",
            core.Venue.Now,
            w =>
            {
                w.WriteStartArray("list");
                foreach (var (order, _, link) in answers)
                {
                    w.WriteStartObject();
                    w.WriteString("category", core.Category);
                    w.WriteString("symbol", order?.Symbol ?? string.Empty);
                    w.WriteString("orderId", order?.OrderId ?? string.Empty);
                    w.WriteString("orderLinkId", link);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            },
            w =>
            {
                w.WriteStartArray("list");
                foreach (var (order, error, _) in answers)
                {
                    w.WriteStartObject();
                    w.WriteNumber("code", order is null ? error.Code : 0);
                    w.WriteString("msg", order is null ? error.Message : "OK");
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
    }

    private async Task<byte[]> AmendAsync(JsonElement request)
    {
        var symbol = Text(request, "symbol") ?? string.Empty;
        var (newPrice, newQuantity) = (Text(request, "price"), Text(request, "qty"));
        var amended = await core.RequestAsync<VenueResult<AmendAck>, (BybitSimulatedOrder? Order, VenueError? Error)>(
            (venue, answer) => core.Find(symbol, Text(request, "orderId"), Text(request, "orderLinkId")) is { IsOpen: true } open
                ? venue.Amend(
                    new AmendRequest(InstrumentId.Create(symbol), new OrderReference(VenueOrderId.Create(open.OrderId), null))
                    {
                        NewLimitPrice = newPrice is null ? null : new Price(decimal.Parse(newPrice, CultureInfo.InvariantCulture)),
                        NewQuantity = newQuantity is null ? null : new Quantity(decimal.Parse(newQuantity, CultureInfo.InvariantCulture)),
                    },
                    BybitSimulatorCore.AccountId,
                    answer)
                : venue.Now,
            answer =>
            {
                var order = core.Find(symbol, Text(request, "orderId"), Text(request, "orderLinkId"));
                if (answer is not { IsSuccess: true } || order is null)
                {
                    return (null, answer.Error);
                }

                order.Price = newPrice ?? order.Price;
                order.Quantity = newQuantity is null ? order.Quantity : decimal.Parse(newQuantity, CultureInfo.InvariantCulture);
                return (order, null);
            }).ConfigureAwait(false);
        if (amended.Order is null)
        {
            var (code, message) = amended.Error is { } error ? Wire(error) : (110001, "order not exists or too late to replace");
            return Refusal(code, message);
        }

        return BybitMessageWriter.Envelope(0, "OK", core.Venue.Now, w =>
        {
            w.WriteString("orderId", amended.Order.OrderId);
            w.WriteString("orderLinkId", amended.Order.OrderLinkId);
        });
    }

    private async Task<byte[]> CancelAsync(JsonElement request)
    {
        var symbol = Text(request, "symbol") ?? string.Empty;
        var canceled = await core.RequestAsync<VenueResult<CancelAck>, BybitSimulatedOrder?>(
            (venue, answer) => core.Find(symbol, Text(request, "orderId"), Text(request, "orderLinkId")) is { IsOpen: true } open
                ? venue.Cancel(InstrumentId.Create(symbol), new OrderReference(VenueOrderId.Create(open.OrderId), null), BybitSimulatorCore.AccountId, answer)
                : venue.Now,
            answer => answer is { IsSuccess: true } ? core.Find(symbol, Text(request, "orderId"), Text(request, "orderLinkId")) : null).ConfigureAwait(false);
        return canceled is null
            ? Refusal(110001, "order not exists or too late to cancel")
            : BybitMessageWriter.Envelope(0, "OK", core.Venue.Now, w =>
            {
                w.WriteString("orderId", canceled.OrderId);
                w.WriteString("orderLinkId", canceled.OrderLinkId);
            });
    }

    private async Task<byte[]> CancelAllAsync(JsonElement request)
    {
        var symbol = Text(request, "symbol") ?? string.Empty;
        if (!core.Instruments.ContainsKey(InstrumentId.Create(symbol)))
        {
            return Refusal(10001, "params error: symbol invalid");
        }

        var canceled = await core.CancelOpenAsync(symbol).ConfigureAwait(false);

        return BybitMessageWriter.Envelope(0, "OK", core.Venue.Now, w =>
        {
            w.WriteStartArray("list");
            foreach (var order in canceled)
            {
                w.WriteStartObject();
                w.WriteString("orderId", order.OrderId);
                w.WriteString("orderLinkId", order.OrderLinkId);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("success", "1");
        });
    }

    /// <summary>Places one order (a create, or a batch item) on the venue: the order Bybit reports, or Bybit's refusal.</summary>
    private async Task<(BybitSimulatedOrder? Order, (int Code, string Message) Error)> PlaceAsync(JsonElement fields)
    {
        var symbol = InstrumentId.Create(Text(fields, "symbol") ?? string.Empty);
        var side = Text(fields, "side");
        var type = Text(fields, "orderType");
        var tif = Text(fields, "timeInForce") ?? (type == "Market" ? "IOC" : "GTC");
        var price = Text(fields, "price") ?? string.Empty;
        if (!core.Instruments.ContainsKey(symbol))
        {
            return (null, (10001, "params error: symbol invalid"));
        }

        if (side is not ("Buy" or "Sell") || type is not ("Limit" or "Market") || tif is not ("GTC" or "IOC" or "FOK" or "PostOnly")
            || !decimal.TryParse(Text(fields, "qty"), NumberStyles.Number, CultureInfo.InvariantCulture, out var quantity) || quantity <= 0
            || (type == "Limit" && (!decimal.TryParse(price, NumberStyles.Number, CultureInfo.InvariantCulture, out var limit) || limit <= 0)))
        {
            return (null, (10001, "params error: side, orderType, timeInForce, qty or price"));
        }

        var link = Text(fields, "orderLinkId") is { Length: > 0 } given ? given : Guid.NewGuid().ToString("N");
        var request = new OrderRequest(symbol, side == "Buy" ? Side.Buy : Side.Sell, type == "Market" ? OrderType.Market : OrderType.Limit, new Quantity(quantity), ClientOrderId.Create(link))
        {
            LimitPrice = type == "Market" ? null : new Price(decimal.Parse(price, CultureInfo.InvariantCulture)),
            PostOnly = tif == "PostOnly",
            TimeInForce = tif switch { "IOC" => TimeInForce.ImmediateOrCancel, "FOK" => TimeInForce.FillOrKill, _ => TimeInForce.GoodTillCanceled },
        };
        var placed = await core.RequestAsync<VenueResult<OrderAck>, (BybitSimulatedOrder? Order, VenueError? Error)>(
            (venue, answer) => venue.Place(request, BybitSimulatorCore.AccountId, answer),
            answer =>
            {
                if (!answer.IsSuccess)
                {
                    return (null, answer.Error);
                }

                var order = new BybitSimulatedOrder(answer.Value.VenueOrderId!.Value.Value, link, symbol.Value, request.Side, type == "Market", tif, price, quantity, core.Venue.Now);
                core.Remember(order);
                return (order, null);
            }).ConfigureAwait(false);
        if (placed.Order is not null)
        {
            return (placed.Order, default);
        }

        // Bybit accepts a post-only order that would take and cancels it at once.
        return SimulatedRejection.TryRead(placed.Error!, out var reason) && reason == SimulatedReject.PostOnlyWouldCross
            ? (await core.CancelAtOnceAsync(request, price).ConfigureAwait(false), default)
            : (null, Wire(placed.Error!));
    }
}
