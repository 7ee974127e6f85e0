using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using MarketMaking.Adapters;
using MarketMaking.Models;
using Microsoft.AspNetCore.Http;

namespace MarketMaking.Simulation.KrakenProtocol;

/// <summary>
/// Serves Kraken WebSocket v2 on <c>/v2</c> (public) and <c>/v2-auth</c> (authenticated): status on connect,
/// heartbeats, ping, subscriptions to <c>instrument</c>, <c>book</c>, <c>trade</c>, <c>ticker</c>, <c>executions</c>
/// and <c>balances</c>, and the trading methods (<c>add_order</c>, <c>batch_add</c>, <c>amend_order</c>,
/// <c>cancel_order</c>, <c>batch_cancel</c>, <c>cancel_all</c>, <c>cancel_all_orders_after</c>), each answered with Kraken's envelope and error strings.
/// </summary>
/// <remarks>Sources: <see href="https://docs.kraken.com/api/docs/websocket-v2/add_order"/> and the channel pages.</remarks>
internal sealed class KrakenWsEndpoint
{
    private static readonly byte[] s_alreadySent = [0];
    private readonly KrakenSimulatorCore _core;
    private long _anonymousOrders;

    public KrakenWsEndpoint(KrakenSimulatorCore core) => _core = core;

    public async Task HandleAsync(HttpContext context, bool isPrivate)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var connection = new KrakenSimulatorConnection(socket, isPrivate);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var writing = connection.WriteLoopAsync(ended.Token);
        var heartbeats = HeartbeatAsync(connection, ended.Token);
        _core.Add(connection);
        await _core.SendAsync(connection, KrakenMessageWriter.Status(_core.SystemStatus)).ConfigureAwait(false);
        try
        {
            await ReadLoopAsync(socket, connection).ConfigureAwait(false);
        }
        finally
        {
            _core.Remove(connection);
            connection.Complete();
            await ended.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(writing, heartbeats).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static long? RequestId(JsonElement request) => request.TryGetProperty("req_id", out var id) && id.TryGetInt64(out var value) ? value : null;

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal? Decimal(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null;

    private static bool Flag(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static IEnumerable<string> Strings(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)
            : [];

    private async Task HeartbeatAsync(KrakenSimulatorConnection connection, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _core.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (connection.Books.Count + connection.Trades.Count + connection.Tickers.Count > 0 || connection.Executions)
                {
                    await _core.SendAsync(connection, KrakenMessageWriter.Heartbeat).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended.
        }
    }

    private async Task ReadLoopAsync(WebSocket socket, KrakenSimulatorConnection connection)
    {
        var buffer = new byte[1 << 16];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var count = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, count, buffer.Length - count), CancellationToken.None).ConfigureAwait(false);
                    count += result.Count;
                }
                while (!result.EndOfMessage && count < buffer.Length);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).ConfigureAwait(false);
                    return;
                }

                JsonElement request;
                try
                {
                    request = JsonDocument.Parse(buffer.AsMemory(0, count)).RootElement.Clone();
                }
                catch (JsonException)
                {
                    await _core.SendAsync(connection, KrakenMessageWriter.Answer("unknown", null, false, "EGeneral:Invalid arguments:not JSON", Now())).ConfigureAwait(false);
                    continue;
                }

                await DispatchAsync(connection, request).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The client went away or the connection was dropped.
        }
    }

    private long Now() => _core.Venue.Now;

    private async Task DispatchAsync(KrakenSimulatorConnection connection, JsonElement request)
    {
        var method = String(request, "method") ?? string.Empty;
        var id = RequestId(request);
        var parameters = request.TryGetProperty("params", out var p) ? p : default;
        if (method == "ping")
        {
            await _core.SendAsync(connection, KrakenMessageWriter.Pong(id, Now())).ConfigureAwait(false);
            return;
        }

        if (method is "subscribe" or "unsubscribe")
        {
            await SubscribeAsync(connection, method, id, parameters).ConfigureAwait(false);
            return;
        }

        if (!connection.IsPrivate)
        {
            await _core.SendAsync(connection, KrakenMessageWriter.Answer(method, id, false, "EGeneral:Permission denied", Now())).ConfigureAwait(false);
            return;
        }

        if (!connection.IsAuthenticated && !_core.IsTokenValid(String(parameters, "token")))
        {
            await _core.SendAsync(connection, KrakenMessageWriter.Answer(method, id, false, "ESession:Invalid session", Now())).ConfigureAwait(false);
            return;
        }

        if (_core.IsSilent)
        {
            return;
        }

        var faults = _core.Faults;
        if (_core.Chance(faults.RateLimit, "rate-limit"))
        {
            await _core.SendAsync(connection, KrakenMessageWriter.Answer(method, id, false, "EOrder:Rate limit exceeded", Now())).ConfigureAwait(false);
            return;
        }

        var answer = method switch
        {
            "add_order" => await AddOrderAsync(id, parameters).ConfigureAwait(false),
            "amend_order" => await AmendOrderAsync(id, parameters).ConfigureAwait(false),
            "cancel_order" => await CancelOrderAsync(id, parameters).ConfigureAwait(false),
            "cancel_all" => await CancelAllAsync(id).ConfigureAwait(false),
            "cancel_all_orders_after" => await CancelAllAfterAsync(id, parameters).ConfigureAwait(false),
            "batch_add" => await BatchAddAsync(id, parameters).ConfigureAwait(false),
            "batch_cancel" => await BatchCancelAsync(id, parameters).ConfigureAwait(false),
            _ => KrakenMessageWriter.Answer(method, id, false, "EGeneral:Unknown method", Now()),
        };
        if (_core.Chance(faults.DropAck, "drop-ack"))
        {
            // Carried out, never answered: the client cannot know the outcome.
            return;
        }

        if (faults.AckDelay > TimeSpan.Zero)
        {
            // Held back on its way out, not in the venue: the requests after it are read and carried out as they come,
            // as Kraken's are (waiting here held the whole connection's requests behind each answer).
            _core.CountFault("ack-delay");
            _ = SendLaterAsync(connection, answer, faults.AckDelay);
            return;
        }

        await _core.SendAsync(connection, answer).ConfigureAwait(false);
    }

    /// <summary>Sends an answer after a delay; a connection gone by then loses it, as a dropped network would.</summary>
    private async Task SendLaterAsync(KrakenSimulatorConnection connection, byte[] answer, TimeSpan delay)
    {
        await Task.Delay(delay, _core.TimeProvider).ConfigureAwait(false);
        await _core.SendAsync(connection, answer).ConfigureAwait(false);
    }

    private async Task SubscribeAsync(KrakenSimulatorConnection connection, string method, long? id, JsonElement parameters)
    {
        var channel = String(parameters, "channel");
        var subscribe = method == "subscribe";
        if (channel is "executions" or "balances")
        {
            if (!connection.IsPrivate || !_core.IsTokenValid(String(parameters, "token")))
            {
                await _core.SendAsync(connection, KrakenMessageWriter.Answer(method, id, false, connection.IsPrivate ? "ESession:Invalid session" : "EGeneral:Permission denied", Now())).ConfigureAwait(false);
                return;
            }

            // A token that opened a subscription stays good for the connection's lifetime.
            connection.IsAuthenticated = true;
            var ack = KrakenMessageWriter.Answer(method, id, true, null, Now(), w =>
            {
                w.WriteStartObject();
                w.WriteString("channel", channel);
                if (channel == "executions")
                {
                    w.WriteNumber("maxratecount", 60);
                }

                w.WriteEndObject();
            });
            await _core.RunAsync(venue =>
            {
                // Under the gate: the snapshot is queued before anything the venue does next.
                if (!subscribe)
                {
                    connection.Executions = channel == "executions" ? false : connection.Executions;
                    connection.Balances = channel == "balances" ? false : connection.Balances;
                    _core.EnqueueNow(connection, ack);
                    return 0;
                }

                if (channel == "executions")
                {
                    connection.Executions = true;
                    var snapshot = OpenOrders(venue).Concat(_core.RecentFills.Select(f => ((VenueEvent)f, _core.Instruments[f.Instrument].Spec)));
                    _core.EnqueueNow(connection, ack, KrakenMessageWriter.ExecutionsSnapshot(snapshot, connection.ExecutionsSequence = 1));
                }
                else
                {
                    connection.Balances = true;
                    _core.EnqueueNow(connection, ack, KrakenMessageWriter.BalancesSnapshot(venue.Accounts[KrakenSimulatorCore.AccountId], connection.BalancesSequence = 1));
                }

                return 0;
            }).ConfigureAwait(false);
            return;
        }

        if (channel == "instrument")
        {
            await _core.SendAsync(connection, Ack(method, id, channel, null)).ConfigureAwait(false);
            await _core.SendAsync(connection, KrakenMessageWriter.Instruments(_core.Instruments.Values)).ConfigureAwait(false);
            return;
        }

        var symbols = Strings(parameters, "symbol").ToArray();
        foreach (var symbol in symbols)
        {
            if (!InstrumentId.TryCreate(symbol, out var instrument) || !_core.Venue.Engines.TryGetValue(instrument, out var engine))
            {
                await _core.SendAsync(connection, KrakenMessageWriter.Answer(method, id, false, $"Currency pair not supported {symbol}", Now())).ConfigureAwait(false);
                continue;
            }

            var message = await _core.RunAsync(_ =>
            {
                switch (channel, subscribe)
                {
                    case ("book", true):
                        // Under the gate: the acknowledgement and snapshot are queued before any later update.
                        var depth = parameters.TryGetProperty("depth", out var d) && d.TryGetInt32(out var value) ? value : 10;
                        var first = _core.Subscribe(connection, engine, depth).Next(Now());
                        _core.EnqueueNow(connection, first is null ? [Ack(method, id, channel, symbol)] : [Ack(method, id, channel, symbol), first]);
                        if (first is not null)
                        {
                            _core.CountBookFrame();
                        }

                        return s_alreadySent;
                    case ("book", false):
                        connection.Books.Remove(instrument);
                        return null;
                    case ("trade", true):
                        connection.Trades.Add(instrument);
                        return null;
                    case ("trade", false):
                        connection.Trades.Remove(instrument);
                        return null;
                    case ("ticker", true):
                        connection.Tickers[instrument] = default;
                        return null;
                    case ("ticker", false):
                        connection.Tickers.Remove(instrument);
                        return null;
                    default:
                        return Array.Empty<byte>();
                }
            }).ConfigureAwait(false);
            if (ReferenceEquals(message, s_alreadySent))
            {
                continue;
            }

            if (message is { Length: 0 })
            {
                await _core.SendAsync(connection, KrakenMessageWriter.Answer(method, id, false, $"EGeneral:Invalid arguments:channel {channel}", Now())).ConfigureAwait(false);
                continue;
            }

            await _core.SendAsync(connection, Ack(method, id, channel!, symbol)).ConfigureAwait(false);
            if (message is not null)
            {
                await _core.SendAsync(connection, message).ConfigureAwait(false);
            }
        }
    }

    private byte[] Ack(string method, long? id, string channel, string? symbol) =>
        KrakenMessageWriter.Answer(method, id, true, null, Now(), w =>
        {
            w.WriteStartObject();
            w.WriteString("channel", channel);
            if (symbol is not null)
            {
                w.WriteString("symbol", symbol);
            }

            w.WriteEndObject();
        });

    private IEnumerable<(VenueEvent, InstrumentSpec)> OpenOrders(Simulation.Venue.SimulatedVenue venue) =>
        venue.Engines.Values.SelectMany(engine => engine.RestingOrders
            .Where(o => o.Account == KrakenSimulatorCore.AccountId)
            .Select(o => ((VenueEvent)new OrderUpdate(Adapters.Kraken.KrakenVenue.Id, o.VenueOrderId, o.Status, venue.Now, venue.Now)
            {
                ClientOrderId = o.ClientOrderId,
                Instrument = engine.Instrument,
                Side = o.Side,
                OrderType = OrderType.Limit,
                LimitPrice = engine.Spec.FromTicks(o.PriceTicks),
                Quantity = engine.Spec.FromLots(o.QuantityLots),
                FilledQuantity = engine.Spec.FromLots(o.FilledLots),
                PostOnly = o.PostOnly,
            }, engine.Spec)));

    private async Task<byte[]> AddOrderAsync(long? id, JsonElement parameters)
    {
        if (ReadOrder(parameters, String(parameters, "symbol")) is not { } request)
        {
            return KrakenMessageWriter.Answer("add_order", id, false, "EGeneral:Invalid arguments", Now());
        }

        var result = await _core.PlaceAsync(request).ConfigureAwait(false);
        return result.IsSuccess
            ? KrakenMessageWriter.Answer("add_order", id, true, null, Now(), w => WriteAck(w, result.Value))
            : KrakenMessageWriter.Answer("add_order", id, false, KrakenRejects.Wire(result.Error!), Now());
    }

    private async Task<byte[]> BatchAddAsync(long? id, JsonElement parameters)
    {
        var symbol = String(parameters, "symbol");
        var requests = parameters.TryGetProperty("orders", out var orders) && orders.ValueKind == JsonValueKind.Array
            ? orders.EnumerateArray().Select(o => ReadOrder(o, symbol)).ToArray()
            : [];
        if (requests.Length is < 2 or > 15 || requests.Any(r => r is null))
        {
            // Kraken refuses the whole batch when it does not validate.
            return KrakenMessageWriter.Answer("batch_add", id, false, "EGeneral:Invalid arguments:orders", Now());
        }

        var results = new List<VenueResult<OrderAck>>();
        foreach (var request in requests)
        {
            results.Add(await _core.PlaceAsync(request!).ConfigureAwait(false));
        }

        return KrakenMessageWriter.Answer("batch_add", id, true, null, Now(), w =>
        {
            w.WriteStartArray();
            foreach (var result in results)
            {
                if (result.IsSuccess)
                {
                    WriteAck(w, result.Value);
                }
                else
                {
                    w.WriteStartObject();
                    w.WriteString("error", KrakenRejects.Wire(result.Error!));
                    w.WriteEndObject();
                }
            }

            w.WriteEndArray();
        });
    }

    private async Task<byte[]> BatchCancelAsync(long? id, JsonElement parameters)
    {
        var references = Strings(parameters, "orders").Select(o => Reference(o, null))
            .Concat(Strings(parameters, "cl_ord_id").Select(c => Reference(null, c)))
            .ToArray();
        if (references.Length is < 2 or > 50)
        {
            return KrakenMessageWriter.Answer("batch_cancel", id, false, "EGeneral:Invalid arguments:orders", Now());
        }

        var count = 0;
        foreach (var reference in references)
        {
            var result = await _core.RequestAsync<VenueResult<CancelAck>>((venue, answer) => venue.Cancel(null, reference, KrakenSimulatorCore.AccountId, answer)).ConfigureAwait(false);
            count += result.IsSuccess ? 1 : 0;
        }

        return KrakenMessageWriter.Answer("batch_cancel", id, true, null, Now(), w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", count);
            w.WriteEndObject();
        });
    }

    private static void WriteAck(Utf8JsonWriter writer, OrderAck ack)
    {
        writer.WriteStartObject();
        writer.WriteString("order_id", ack.VenueOrderId?.Value ?? string.Empty);
        writer.WriteString("cl_ord_id", ack.ClientOrderId.Value);
        writer.WriteEndObject();
    }

    private async Task<byte[]> AmendOrderAsync(long? id, JsonElement parameters)
    {
        var reference = Reference(String(parameters, "order_id"), String(parameters, "cl_ord_id"));
        var result = await _core.AmendAsync(
            reference,
            Decimal(parameters, "order_qty") is { } quantity ? new Quantity(quantity) : null,
            Decimal(parameters, "limit_price") is { } price ? new Price(price) : null,
            Flag(parameters, "post_only")).ConfigureAwait(false);
        return result.IsSuccess
            ? KrakenMessageWriter.Answer("amend_order", id, true, null, Now(), w =>
            {
                w.WriteStartObject();
                w.WriteString("amend_id", result.Value.AmendId);
                w.WriteEndObject();
            })
            : KrakenMessageWriter.Answer("amend_order", id, false, KrakenRejects.Wire(result.Error!), Now());
    }

    private async Task<byte[]> CancelOrderAsync(long? id, JsonElement parameters)
    {
        var reference = Reference(Strings(parameters, "order_id").FirstOrDefault(), Strings(parameters, "cl_ord_id").FirstOrDefault());
        // A cancel is charged by the order's age; an order this venue never had has none, and is refused below as
        // unknown, uncharged (a restarted venue must not bill a client's cancels of orders it lost as the youngest's).
        if (_core.Admission.Knows(reference) && !_core.Admission.TryAdmit(_core.InstrumentOf(reference), Adapters.Kraken.KrakenTradingAction.CancelOrder, reference, 1, out _))
        {
            return KrakenMessageWriter.Answer("cancel_order", id, false, "EOrder:Rate limit exceeded", Now());
        }

        var result = await _core.RequestAsync<VenueResult<CancelAck>>((venue, answer) => venue.Cancel(null, reference, KrakenSimulatorCore.AccountId, answer)).ConfigureAwait(false);
        return result.IsSuccess
            ? KrakenMessageWriter.Answer("cancel_order", id, true, null, Now(), w =>
            {
                w.WriteStartObject();
                w.WriteString(reference.VenueOrderId is not null ? "order_id" : "cl_ord_id", reference.ToString());
                w.WriteEndObject();
            })
            : KrakenMessageWriter.Answer("cancel_order", id, false, KrakenRejects.Wire(result.Error!), Now());
    }

    private async Task<byte[]> CancelAllAsync(long? id)
    {
        var result = await _core.RequestAsync<VenueResult<CancelAck>>((venue, answer) => venue.CancelAll(KrakenSimulatorCore.AccountId, answer)).ConfigureAwait(false);
        return KrakenMessageWriter.Answer("cancel_all", id, true, null, Now(), w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", result.Value!.Count);
            w.WriteEndObject();
        });
    }

    private async Task<byte[]> CancelAllAfterAsync(long? id, JsonElement parameters)
    {
        var seconds = parameters.TryGetProperty("timeout", out var t) && t.TryGetInt32(out var value) ? value : -1;
        if (seconds is < 0 or >= 86_400)
        {
            return KrakenMessageWriter.Answer("cancel_all_orders_after", id, false, "EGeneral:Invalid arguments:timeout", Now());
        }

        var result = await _core.RequestAsync<VenueResult<DeadManSwitchStatus>>((venue, answer) =>
            venue.CancelAllAfter(KrakenSimulatorCore.AccountId, TimeSpan.FromSeconds(seconds), answer)).ConfigureAwait(false);
        return KrakenMessageWriter.Answer("cancel_all_orders_after", id, true, null, Now(), w =>
        {
            w.WriteStartObject();
            w.WriteString("currentTime", KrakenWireFormat.Timestamp(result.Value!.CurrentTimeNanoseconds));
            w.WriteString("triggerTime", KrakenWireFormat.Timestamp(result.Value.IsArmed ? result.Value.TriggerTimeNanoseconds : result.Value.CurrentTimeNanoseconds));
            w.WriteEndObject();
        });
    }

    private static OrderReference Reference(string? orderId, string? clientOrderId) =>
        orderId is not null && VenueOrderId.TryCreate(orderId, out var venueId) ? OrderReference.ByVenueId(venueId)
        : clientOrderId is not null && ClientOrderId.TryCreate(clientOrderId, out var clientId) ? OrderReference.ByClientId(clientId)
        : default;

    private OrderRequest? ReadOrder(JsonElement parameters, string? symbol)
    {
        if (!InstrumentId.TryCreate(symbol, out var instrument) || Decimal(parameters, "order_qty") is not { } quantity
            || !ClientOrderId.TryCreate(String(parameters, "cl_ord_id") ?? $"anon-{Interlocked.Increment(ref _anonymousOrders).ToString(CultureInfo.InvariantCulture)}", out var clientId))
        {
            return null;
        }

        var side = String(parameters, "side") switch
        {
            "buy" => Side.Buy,
            "sell" => Side.Sell,
            _ => Side.Unspecified,
        };
        var type = String(parameters, "order_type") switch
        {
            "limit" => OrderType.Limit,
            "market" => OrderType.Market,
            _ => OrderType.Unspecified,
        };
        return new OrderRequest(instrument, side, type, new Quantity(quantity), clientId)
        {
            LimitPrice = Decimal(parameters, "limit_price") is { } price ? new Price(price) : null,
            PostOnly = Flag(parameters, "post_only"),
            ValidateOnly = Flag(parameters, "validate"),
            TimeInForce = String(parameters, "time_in_force") switch
            {
                "ioc" => TimeInForce.ImmediateOrCancel,
                "fok" => TimeInForce.FillOrKill,
                "gtd" => TimeInForce.GoodTillDate,
                _ => TimeInForce.GoodTillCanceled,
            },
        };
    }
}
