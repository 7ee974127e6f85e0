using System.Buffers;
using System.Text.Json;
using MarketMaking.Simulation.Venue;
using MarketMaking.Models;
using MarketMaking.Simulation.Accounts;

namespace MarketMaking.Simulation.KrakenProtocol;

/// <summary>
/// Writes the simulator's Kraken WebSocket v2 messages (other than <c>book</c>): answers, <c>status</c>,
/// <c>heartbeat</c>, <c>instrument</c>, <c>trade</c>, <c>ticker</c>, <c>executions</c> and <c>balances</c>, in the
/// shapes of Kraken's documentation (<see href="https://docs.kraken.com/api/docs/websocket-v2/executions"/> and the
/// other channel pages).
/// </summary>
internal static class KrakenMessageWriter
{
    public static byte[] Heartbeat { get; } = """{"channel":"heartbeat"}"""u8.ToArray();

    public static byte[] Answer(string method, long? requestId, bool success, string? error, long nowNanoseconds, Action<Utf8JsonWriter>? writeResult = null) =>
        Write(writer =>
        {
            writer.WriteString("method", method);
            if (requestId is { } id)
            {
                writer.WriteNumber("req_id", id);
            }

            if (success && writeResult is not null)
            {
                writer.WritePropertyName("result");
                writeResult(writer);
            }

            if (!success)
            {
                writer.WriteString("error", error);
            }

            writer.WriteBoolean("success", success);
            writer.WriteString("time_in", KrakenWireFormat.Timestamp(nowNanoseconds));
            writer.WriteString("time_out", KrakenWireFormat.Timestamp(nowNanoseconds));
        });

    public static byte[] Pong(long? requestId, long nowNanoseconds) =>
        Write(writer =>
        {
            writer.WriteString("method", "pong");
            if (requestId is { } id)
            {
                writer.WriteNumber("req_id", id);
            }

            writer.WriteString("time_in", KrakenWireFormat.Timestamp(nowNanoseconds));
            writer.WriteString("time_out", KrakenWireFormat.Timestamp(nowNanoseconds));
        });

    public static byte[] Status(string system) =>
        Write(writer =>
        {
            writer.WriteString("channel", "status");
            writer.WriteString("type", "update");
            writer.WriteStartArray("data");
            writer.WriteStartObject();
            writer.WriteString("api_version", "v2");
            writer.WriteString("system", system);
            writer.WriteString("version", "simulator");
            writer.WriteEndObject();
            writer.WriteEndArray();
        });

    public static byte[] Instruments(IEnumerable<SimulatedInstrument> instruments) =>
        Write(writer =>
        {
            writer.WriteString("channel", "instrument");
            writer.WriteString("type", "snapshot");
            writer.WriteStartObject("data");
            writer.WriteStartArray("assets");
            foreach (var asset in instruments.SelectMany(i => new[] { i.BaseAsset, i.QuoteAsset }).Distinct())
            {
                writer.WriteStartObject();
                writer.WriteString("id", asset.Value);
                writer.WriteString("status", "enabled");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("pairs");
            foreach (var instrument in instruments)
            {
                var spec = instrument.Spec;
                writer.WriteStartObject();
                writer.WriteString("symbol", spec.Instrument.Value);
                writer.WriteString("base", instrument.BaseAsset.Value);
                writer.WriteString("quote", instrument.QuoteAsset.Value);
                writer.WriteString("status", "online");
                writer.WriteNumber("qty_precision", spec.SizePrecision);
                writer.WriteNumber("qty_increment", spec.LotSize.Value);
                writer.WriteNumber("price_precision", spec.PricePrecision);
                writer.WriteNumber("price_increment", spec.TickSize.Value);
                writer.WriteNumber("qty_min", spec.MinQuantity.Value);
                writer.WriteNumber("cost_min", spec.MinNotional);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    public static byte[] Trades(InstrumentSpec spec, Trade trade) =>
        Write(writer =>
        {
            writer.WriteString("channel", "trade");
            writer.WriteString("type", "update");
            writer.WriteStartArray("data");
            writer.WriteStartObject();
            writer.WriteString("symbol", spec.Instrument.Value);
            writer.WriteString("side", trade.AggressorSide == Side.Buy ? "buy" : "sell");
            KrakenWireFormat.WriteFixed(writer, "price", trade.Price.Value, spec.PricePrecision);
            KrakenWireFormat.WriteFixed(writer, "qty", trade.Quantity.Value, spec.SizePrecision);
            writer.WriteString("ord_type", "market");
            writer.WriteString("trade_id", trade.TradeId.Value);
            writer.WriteString("timestamp", KrakenWireFormat.Timestamp(trade.TsEvent));
            writer.WriteEndObject();
            writer.WriteEndArray();
        });

    public static byte[] Ticker(InstrumentSpec spec, TickLevel bid, TickLevel ask, long nowNanoseconds) =>
        Write(writer =>
        {
            writer.WriteString("channel", "ticker");
            writer.WriteString("type", "update");
            writer.WriteStartArray("data");
            writer.WriteStartObject();
            writer.WriteString("symbol", spec.Instrument.Value);
            KrakenWireFormat.WriteFixed(writer, "bid", spec.FromTicks(bid.PriceTicks).Value, spec.PricePrecision);
            KrakenWireFormat.WriteFixed(writer, "bid_qty", spec.FromLots(bid.QuantityLots).Value, spec.SizePrecision);
            KrakenWireFormat.WriteFixed(writer, "ask", spec.FromTicks(ask.PriceTicks).Value, spec.PricePrecision);
            KrakenWireFormat.WriteFixed(writer, "ask_qty", spec.FromLots(ask.QuantityLots).Value, spec.SizePrecision);
            writer.WriteString("timestamp", KrakenWireFormat.Timestamp(nowNanoseconds));
            writer.WriteEndObject();
            writer.WriteEndArray();
        });

    /// <summary>Writes one <c>executions</c> message for an order event or a fill.</summary>
    public static byte[] Execution(VenueEvent venueEvent, InstrumentSpec spec, long sequence, bool isSnapshot = false) =>
        Write(writer =>
        {
            writer.WriteString("channel", "executions");
            writer.WriteString("type", isSnapshot ? "snapshot" : "update");
            writer.WriteStartArray("data");
            WriteExecution(writer, venueEvent, spec);
            writer.WriteEndArray();
            writer.WriteNumber("sequence", sequence);
        });

    /// <summary>Writes the <c>executions</c> snapshot: the account's open orders, then its recent fills (Kraken's <c>snap_trades</c>).</summary>
    public static byte[] ExecutionsSnapshot(IEnumerable<(VenueEvent Execution, InstrumentSpec Spec)> openOrders, long sequence) =>
        Write(writer =>
        {
            writer.WriteString("channel", "executions");
            writer.WriteString("type", "snapshot");
            writer.WriteStartArray("data");
            foreach (var (order, spec) in openOrders)
            {
                WriteExecution(writer, order, spec);
            }

            writer.WriteEndArray();
            writer.WriteNumber("sequence", sequence);
        });

    public static byte[] BalancesSnapshot(SimulatedAccount account, long sequence) =>
        Write(writer =>
        {
            writer.WriteString("channel", "balances");
            writer.WriteString("type", "snapshot");
            writer.WriteStartArray("data");
            foreach (var (asset, total) in account.Totals.OrderBy(t => t.Key.Value, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("asset", asset.Value);
                writer.WriteString("asset_class", "currency");
                writer.WriteNumber("balance", total);
                writer.WriteStartArray("wallets");
                writer.WriteStartObject();
                writer.WriteString("type", "spot");
                writer.WriteString("id", "main");
                writer.WriteNumber("balance", total);
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("sequence", sequence);
        });

    public static byte[] BalanceUpdate(BalanceUpdate balance, long sequence) =>
        Write(writer =>
        {
            writer.WriteString("channel", "balances");
            writer.WriteString("type", "update");
            writer.WriteStartArray("data");
            writer.WriteStartObject();
            writer.WriteString("ref_id", balance.Reference);
            writer.WriteString("timestamp", KrakenWireFormat.Timestamp(balance.TsEvent));
            writer.WriteString("type", "trade");
            writer.WriteString("asset", balance.Asset.Value);
            writer.WriteString("asset_class", "currency");
            writer.WriteString("category", "trade");
            writer.WriteString("wallet_type", "spot");
            writer.WriteString("wallet_id", "main");
            writer.WriteNumber("balance", balance.Total);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteNumber("sequence", sequence);
        });

    public static byte[] Write(Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteExecution(Utf8JsonWriter writer, VenueEvent venueEvent, InstrumentSpec spec)
    {
        writer.WriteStartObject();
        switch (venueEvent)
        {
            case FillEvent fill:
                writer.WriteString("order_id", fill.VenueOrderId.Value);
                WriteClientId(writer, fill.ClientOrderId);
                writer.WriteString("exec_id", fill.TradeId.Value);
                writer.WriteString("exec_type", "trade");
                writer.WriteString("trade_id", fill.TradeId.Value);
                writer.WriteString("symbol", spec.Instrument.Value);
                writer.WriteString("side", fill.Side == Side.Buy ? "buy" : "sell");
                KrakenWireFormat.WriteFixed(writer, "last_qty", fill.Quantity.Value, spec.SizePrecision);
                KrakenWireFormat.WriteFixed(writer, "last_price", fill.Price.Value, spec.PricePrecision);
                writer.WriteString("liquidity_ind", fill.Liquidity == LiquiditySide.Maker ? "m" : "t");
                writer.WriteNumber("cost", fill.Price.Value * fill.Quantity.Value);
                writer.WriteString("order_status", Status(fill.OrderStatus ?? OrderStatus.PartiallyFilled));
                writer.WriteString("order_type", "limit");
                writer.WriteString("timestamp", KrakenWireFormat.Timestamp(fill.TsEvent));
                writer.WriteStartArray("fees");
                writer.WriteStartObject();
                writer.WriteString("asset", fill.FeeAsset?.Value);
                writer.WriteNumber("qty", fill.Fee);
                writer.WriteEndObject();
                writer.WriteEndArray();
                break;
            case OrderUpdate order:
                writer.WriteString("order_id", order.VenueOrderId.Value);
                WriteClientId(writer, order.ClientOrderId);
                writer.WriteString("exec_type", ExecType(order));
                writer.WriteString("order_status", Status(order.Status));
                if (order.Instrument is not null && order.Side is { } side && order.Quantity is { } quantity)
                {
                    writer.WriteString("symbol", spec.Instrument.Value);
                    writer.WriteString("side", side == Side.Buy ? "buy" : "sell");
                    writer.WriteString("order_type", order.OrderType == OrderType.Market ? "market" : "limit");
                    KrakenWireFormat.WriteFixed(writer, "order_qty", quantity.Value, spec.SizePrecision);
                    if (order.LimitPrice is { } price)
                    {
                        KrakenWireFormat.WriteFixed(writer, "limit_price", price.Value, spec.PricePrecision);
                    }

                    writer.WriteBoolean("post_only", order.PostOnly == true);
                }

                if (order.FilledQuantity is { } filled)
                {
                    KrakenWireFormat.WriteFixed(writer, "cum_qty", filled.Value, spec.SizePrecision);
                }

                if (order.Reason is { } reason && reason != "amended")
                {
                    writer.WriteString("reason", reason);
                }

                if (order.Reason == "amended")
                {
                    writer.WriteBoolean("amended", true);
                }

                writer.WriteString("timestamp", KrakenWireFormat.Timestamp(order.TsEvent));
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteClientId(Utf8JsonWriter writer, ClientOrderId? clientOrderId)
    {
        if (clientOrderId is { Value: not null } id)
        {
            writer.WriteString("cl_ord_id", id.Value);
        }
    }

    private static string ExecType(OrderUpdate order) => order.Reason == "amended" ? "amended" : order.Status switch
    {
        OrderStatus.PendingNew => "pending_new",
        OrderStatus.Accepted or OrderStatus.PartiallyFilled => "new",
        OrderStatus.Filled => "filled",
        OrderStatus.Expired => "expired",
        _ => "canceled",
    };

    private static string Status(OrderStatus status) => status switch
    {
        OrderStatus.PendingNew => "pending_new",
        OrderStatus.Accepted => "new",
        OrderStatus.PartiallyFilled => "partially_filled",
        OrderStatus.Filled => "filled",
        OrderStatus.Expired => "expired",
        _ => "canceled",
    };
}
