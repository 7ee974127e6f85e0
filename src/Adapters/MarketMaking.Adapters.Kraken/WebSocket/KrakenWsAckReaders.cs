using System.Collections.Immutable;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Reads the <c>result</c> of successful Kraken WebSocket v2 trading answers into acknowledgements. Each reader throws
/// <see cref="FormatException"/> for an answer without the documented fields.
/// </summary>
/// <remarks>Sources: the method pages under <see href="https://docs.kraken.com/api/docs/websocket-v2/add_order"/>; notes in <c>docs/protocol/kraken.md</c>, behaviour in <c>docs/adapters/kraken.md</c> §7.5.</remarks>
internal static class KrakenWsAckReaders
{
    /// <summary>Reads <c>add_order</c>: <c>{order_id, cl_ord_id?, order_userref?}</c>; with validate, <c>order_id</c> is empty.</summary>
    public static OrderAck ReadOrderAck(JsonElement result, ClientOrderId clientOrderId)
    {
        var orderId = KrakenJson.GetOptionalString(result, "order_id");
        return new OrderAck(string.IsNullOrEmpty(orderId) ? null : VenueOrderId.Create(orderId), clientOrderId);
    }

    /// <summary>Reads <c>batch_add</c>: one element per order, in request order, each an ack or an <c>error</c>.</summary>
    public static ImmutableArray<VenueResult<OrderAck>> ReadBatchAdd(JsonElement result, IReadOnlyList<ClientOrderId> clientOrderIds)
    {
        if (result.ValueKind != JsonValueKind.Array || result.GetArrayLength() != clientOrderIds.Count)
        {
            throw new FormatException($"batch_add answered {result.ValueKind} for {clientOrderIds.Count} orders");
        }

        return [.. result.EnumerateArray().Select((item, i) => KrakenJson.GetOptionalString(item, "error") is { } error
            ? VenueResult<OrderAck>.Failure(KrakenErrors.Map(error))
            : VenueResult<OrderAck>.Success(ReadOrderAck(item, clientOrderIds[i])))];
    }

    /// <summary>Reads <c>amend_order</c>: <c>{amend_id, order_id? | cl_ord_id?}</c>.</summary>
    public static AmendAck ReadAmend(JsonElement result) => new(KrakenJson.GetString(result, "amend_id"));

    /// <summary>Reads one <c>cancel_order</c> answer (Kraken sends one per canceled order): <c>{order_id}</c> or <c>{cl_ord_id}</c>.</summary>
    public static CancelAck ReadCancelOrder(JsonElement result) =>
        KrakenJson.GetOptionalString(result, "order_id") is not null || KrakenJson.GetOptionalString(result, "cl_ord_id") is not null
            ? new CancelAck(1)
            : throw new FormatException("cancel_order answered without order_id or cl_ord_id");

    /// <summary>Reads <c>batch_cancel</c>: the docs give <c>result.count</c>; a 2024 capture has a top-level <c>orders_cancelled</c>; both are accepted.</summary>
    public static CancelAck ReadBatchCancel(KrakenWsResponse response) =>
        response.Result.ValueKind == JsonValueKind.Object && response.Result.TryGetProperty("count", out var count)
            ? new CancelAck(count.GetInt32())
            : new CancelAck(KrakenJson.Required(response.Message, "orders_cancelled").GetInt32());

    /// <summary>Reads <c>cancel_all</c>: <c>{count}</c>.</summary>
    public static CancelAck ReadCancelAll(JsonElement result) => new(KrakenJson.Required(result, "count").GetInt32());

    /// <summary>Reads <c>cancel_all_orders_after</c>: <c>{currentTime, triggerTime}</c>; a trigger not after the current time means disarmed.</summary>
    public static DeadManSwitchStatus ReadDeadManSwitch(JsonElement result)
    {
        var current = KrakenJson.GetRfc3339AsNanoseconds(result, "currentTime");
        var trigger = KrakenJson.GetRfc3339AsNanoseconds(result, "triggerTime");
        return new DeadManSwitchStatus(current, trigger <= current ? 0 : trigger);
    }

    /// <summary>Reads <c>edit_order</c>: <c>{order_id (new), original_order_id}</c>.</summary>
    public static KrakenEditResult ReadEditOrder(JsonElement result) => new(
        VenueOrderId.Create(KrakenJson.GetString(result, "order_id")),
        VenueOrderId.Create(KrakenJson.GetString(result, "original_order_id")));
}
