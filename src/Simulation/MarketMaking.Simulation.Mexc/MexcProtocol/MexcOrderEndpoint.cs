using System.Collections.Specialized;
using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;
using MarketMaking.Simulation.Matching;
using Microsoft.AspNetCore.Http;

namespace MarketMaking.Simulation.MexcProtocol;

/// <summary>
/// MEXC Spot's signed order endpoints: <c>POST order</c> (<c>LIMIT</c>, <c>LIMIT_MAKER</c>, <c>IMMEDIATE_OR_CANCEL</c>,
/// <c>FILL_OR_KILL</c>, <c>MARKET</c>), <c>POST batchOrders</c> (up to 20, each answered on its own), <c>DELETE order</c>,
/// <c>DELETE openOrders</c> (up to 5 symbols), <c>GET order</c> and <c>GET openOrders</c>. MEXC's order ids are text.
/// </summary>
/// <remarks>Source: <see href="https://www.mexc.com/api-docs/spot-v3/spot-account-trade"/>.</remarks>
internal sealed class MexcOrderEndpoint(MexcSimulatorCore core)
{
    private const int MaxBatch = 20;

    public async Task PlaceAsync(HttpContext context, NameValueCollection query)
    {
        if (!TryOrder(name => query[name], out var request, out var type, out var price, out var refusal))
        {
            await MexcRestEndpoint.RefuseAsync(context, refusal.Code, refusal.Message).ConfigureAwait(false);
            return;
        }

        await HoldAsync().ConfigureAwait(false);
        var (order, error) = await PlaceOneAsync(request, type, price).ConfigureAwait(false);
        await (order is not null
            ? MexcRestEndpoint.AnswerAsync(context, StatusCodes.Status200OK, MexcRestWriter.Write(writer => MexcRestWriter.NewOrder(writer, order)))
            : MexcRestEndpoint.RefuseAsync(context, error.Code, error.Message)).ConfigureAwait(false);
    }

    public async Task BatchAsync(HttpContext context, NameValueCollection query)
    {
        List<Dictionary<string, string>>? batch;
        try
        {
            batch = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(query["batchOrders"] ?? string.Empty);
        }
        catch (JsonException)
        {
            batch = null;
        }

        if (batch is null || batch.Count is 0 or > MaxBatch)
        {
            await MexcRestEndpoint.RefuseAsync(context, 700004, $"batchOrders must be a JSON array of 1 to {MaxBatch} orders").ConfigureAwait(false);
            return;
        }

        await HoldAsync().ConfigureAwait(false);
        var answers = new List<(MexcSimulatedOrder? Order, (int Code, string Message) Error)>();
        foreach (var fields in batch)
        {
            answers.Add(TryOrder(name => fields.GetValueOrDefault(name), out var request, out var type, out var price, out var refusal)
                ? await PlaceOneAsync(request, type, price).ConfigureAwait(false)
                : (null, refusal));
        }

        await MexcRestEndpoint.AnswerAsync(context, StatusCodes.Status200OK, MexcRestWriter.Write(writer =>
        {
            writer.WriteStartArray();
            foreach (var (order, error) in answers)
            {
                if (order is not null)
                {
                    MexcRestWriter.NewOrder(writer, order);
                }
                else
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("code", error.Code);
                    writer.WriteString("msg", error.Message);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
        })).ConfigureAwait(false);
    }

    public async Task CancelAsync(HttpContext context, NameValueCollection query)
    {
        var symbol = query["symbol"] ?? string.Empty;
        await HoldAsync().ConfigureAwait(false);
        var canceled = await core.RequestAsync<VenueResult<CancelAck>, MexcSimulatedOrder?>(
            (venue, answer) => core.Find(symbol, query["orderId"], query["origClientOrderId"]) is { Status: "NEW" or "PARTIALLY_FILLED" } open
                ? venue.Cancel(InstrumentId.Create(symbol), new OrderReference(VenueOrderId.Create(open.OrderId), null), MexcSimulatorCore.AccountId, answer)
                : venue.Now,
            answer => answer is { IsSuccess: true } ? core.Find(symbol, query["orderId"], query["origClientOrderId"]) : null).ConfigureAwait(false);
        await (canceled is null
            ? MexcRestEndpoint.RefuseAsync(context, -2011, "Unknown order sent.")
            : MexcRestEndpoint.AnswerAsync(context, StatusCodes.Status200OK, MexcRestWriter.Write(writer => MexcRestWriter.Order(writer, canceled, canceled: true)))).ConfigureAwait(false);
    }

    public async Task CancelAllAsync(HttpContext context, NameValueCollection query)
    {
        var symbols = (query["symbol"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (symbols.Length is 0 or > 5 || symbols.Any(s => !core.Instruments.ContainsKey(InstrumentId.Create(s))))
        {
            await MexcRestEndpoint.RefuseAsync(context, -1121, "Invalid symbol.").ConfigureAwait(false);
            return;
        }

        await HoldAsync().ConfigureAwait(false);
        var canceled = new List<MexcSimulatedOrder>();
        foreach (var symbol in symbols)
        {
            var open = await core.RunAsync(_ => core.Open(symbol).ToArray()).ConfigureAwait(false);
            foreach (var order in open)
            {
                var done = await core.RequestAsync<VenueResult<CancelAck>, bool>(
                    (venue, answer) => venue.Cancel(InstrumentId.Create(symbol), new OrderReference(VenueOrderId.Create(order.OrderId), null), MexcSimulatorCore.AccountId, answer),
                    answer => answer.IsSuccess).ConfigureAwait(false);
                if (done)
                {
                    canceled.Add(order);
                }
            }
        }

        await MexcRestEndpoint.AnswerAsync(context, StatusCodes.Status200OK, MexcRestWriter.Write(writer =>
        {
            writer.WriteStartArray();
            foreach (var order in canceled)
            {
                MexcRestWriter.Order(writer, order, canceled: true);
            }

            writer.WriteEndArray();
        })).ConfigureAwait(false);
    }

    public async Task QueryAsync(HttpContext context, NameValueCollection query)
    {
        var symbol = query["symbol"] ?? string.Empty;
        var answer = await core.RunAsync(_ => core.Find(symbol, query["orderId"], query["origClientOrderId"]) is { } order
            ? MexcRestWriter.Write(writer => MexcRestWriter.Order(writer, order, canceled: false))
            : null).ConfigureAwait(false);
        await (answer is null
            ? MexcRestEndpoint.RefuseAsync(context, -2013, "Order does not exist.")
            : MexcRestEndpoint.AnswerAsync(context, StatusCodes.Status200OK, answer)).ConfigureAwait(false);
    }

    public async Task OpenOrdersAsync(HttpContext context, NameValueCollection query)
    {
        var symbols = query["symbol"] is { Length: > 0 } one ? [one] : core.Instruments.Keys.Select(i => i.Value).ToArray();
        var answer = await core.RunAsync(_ => MexcRestWriter.Write(writer =>
        {
            writer.WriteStartArray();
            foreach (var order in symbols.SelectMany(core.Open))
            {
                MexcRestWriter.Order(writer, order, canceled: false);
            }

            writer.WriteEndArray();
        })).ConfigureAwait(false);
        await MexcRestEndpoint.AnswerAsync(context, StatusCodes.Status200OK, answer).ConfigureAwait(false);
    }

    /// <summary>Places one order on the venue: the order MEXC reports, or MEXC's refusal.</summary>
    private async Task<(MexcSimulatedOrder? Order, (int Code, string Message) Error)> PlaceOneAsync(OrderRequest request, string type, string price)
    {
        var placed = await core.RequestAsync<VenueResult<OrderAck>, (MexcSimulatedOrder? Order, VenueError? Error)>(
            (venue, answer) => venue.Place(request, MexcSimulatorCore.AccountId, answer),
            answer =>
            {
                if (!answer.IsSuccess)
                {
                    return (null, answer.Error);
                }

                var order = new MexcSimulatedOrder(answer.Value.VenueOrderId!.Value.Value, request.ClientOrderId.Value, request.Instrument.Value, request.Side, type, price, request.Quantity.Value, core.Venue.Now);
                core.Remember(order);
                return (order, null);
            }).ConfigureAwait(false);
        if (placed.Order is not null)
        {
            return (placed.Order, default);
        }

        if (SimulatedRejection.TryRead(placed.Error!, out var reason) && reason == SimulatedReject.PostOnlyWouldCross)
        {
            return (await core.CancelAtOnceAsync(request, type, price).ConfigureAwait(false), default);
        }

        return (null, MexcRejects.Wire(placed.Error!));
    }

    private Task HoldAsync() =>
        core.Options.OrderAnswerDelay > TimeSpan.Zero ? Task.Delay(core.Options.OrderAnswerDelay, core.TimeProvider) : Task.CompletedTask;

    /// <summary>Reads an order's fields (from the query string or a batch item): symbol, side, type, quantity, price, client order id.</summary>
    private bool TryOrder(Func<string, string?> field, out OrderRequest request, out string type, out string price, out (int Code, string Message) refusal)
    {
        request = null!;
        type = field("type") ?? string.Empty;
        price = field("price") ?? string.Empty;
        refusal = default;
        var symbol = InstrumentId.Create(field("symbol") ?? string.Empty);
        if (!core.Instruments.ContainsKey(symbol))
        {
            refusal = (-1121, "Invalid symbol.");
            return false;
        }

        if (field("side") is not ("BUY" or "SELL") || type is not ("LIMIT" or "LIMIT_MAKER" or "IMMEDIATE_OR_CANCEL" or "FILL_OR_KILL" or "MARKET")
            || !decimal.TryParse(field("quantity"), NumberStyles.Number, CultureInfo.InvariantCulture, out var quantity) || quantity <= 0)
        {
            refusal = (700004, "Mandatory parameter 'side', 'type' or 'quantity' was not sent, was empty/null, or malformed.");
            return false;
        }

        var market = type == "MARKET";
        decimal limit = 0;
        if (!market && (!decimal.TryParse(price, NumberStyles.Number, CultureInfo.InvariantCulture, out limit) || limit <= 0))
        {
            refusal = (700004, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
            return false;
        }

        var clientOrderId = field("newClientOrderId") is { Length: > 0 } given ? given : $"sim-{Guid.NewGuid():N}";
        request = new OrderRequest(symbol, field("side") == "BUY" ? Side.Buy : Side.Sell, market ? OrderType.Market : OrderType.Limit, new Quantity(quantity), ClientOrderId.Create(clientOrderId))
        {
            LimitPrice = market ? null : new Price(limit),
            PostOnly = type == "LIMIT_MAKER",
            TimeInForce = type switch
            {
                "IMMEDIATE_OR_CANCEL" => TimeInForce.ImmediateOrCancel,
                "FILL_OR_KILL" => TimeInForce.FillOrKill,
                _ => TimeInForce.GoodTillCanceled,
            },
        };
        return true;
    }
}
