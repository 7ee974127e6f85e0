using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using MarketMaking.Simulation.Matching;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// Turns what the simulated venue publishes for the account into Binance's spot user data events, wrapped for the
/// WebSocket API (<c>{"subscriptionId":…,"event":…}</c>): an order's acceptance, amend, cancel or expiry and each fill
/// as an <c>executionReport</c> (<c>x</c> = <c>NEW</c>, <c>REPLACED</c>, <c>CANCELED</c>, <c>EXPIRED</c>, <c>TRADE</c>), a balance change as an
/// <c>outboundAccountPosition</c>. Keeps each order's cumulative quantity and quote quantity (<c>z</c>, <c>Z</c>) from its
/// fills, so that each report says what was filled as of that fill.
/// </summary>
/// <remarks>
/// On futures the same happenings are written as <c>ORDER_TRADE_UPDATE</c> (post-only as time in force <c>GTX</c>, the
/// average price <c>ap</c>) and <c>ACCOUNT_UPDATE</c>, sent bare on the listen key's stream. Sources:
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/user-data-stream"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams"/>.
/// </remarks>
internal sealed class BinanceUserDataWriter(BinanceOrderIds orderIds, BinanceMarket market)
{
    private readonly Dictionary<VenueOrderId, (decimal Quantity, decimal Quote)> _cumulative = [];
    private long _tradeIds = 900_000_000;

    /// <summary>Writes the event one venue event makes, once for every subscriber (<see cref="Wrap"/> addresses it).</summary>
    /// <param name="published">What the venue published.</param>
    /// <param name="find">Finds one of our orders by the venue's id, with its instrument's book spec.</param>
    /// <returns>The event's JSON, or <see langword="null"/> for one Binance does not report on its own.</returns>
    public byte[]? Write(VenueEvent published, Func<VenueOrderId, (SimulatedOrder Order, InstrumentSpec Spec)?> find)
    {
        switch (published)
        {
            case FillEvent fill when find(fill.VenueOrderId) is var (order, spec):
                var (quantity, quote) = _cumulative.GetValueOrDefault(fill.VenueOrderId);
                var cumulative = (quantity + fill.Quantity.Value, quote + (fill.Price.Value * fill.Quantity.Value));
                _cumulative[fill.VenueOrderId] = cumulative;
                return Json(writer => ExecutionReport(writer, order, spec, fill.Instrument, "TRADE", Status(fill.OrderStatus ?? order.Status), fill.TsEvent, fill, ++_tradeIds, cumulative));
            case OrderUpdate { Reason: "amended", Status: OrderStatus.Accepted or OrderStatus.PartiallyFilled } amended when find(amended.VenueOrderId) is var (order, spec):
                // An amend the order survived: spot reports it as REPLACED, futures as AMENDMENT, in the order's status.
                return Json(writer => ExecutionReport(writer, order, spec, amended.Instrument ?? spec.Instrument, market == BinanceMarket.Spot ? "REPLACED" : "AMENDMENT", Status(amended.Status), amended.TsEvent, null, -1, _cumulative.GetValueOrDefault(amended.VenueOrderId)));
            case OrderUpdate update when update.Status is OrderStatus.Accepted or OrderStatus.Canceled or OrderStatus.Expired or OrderStatus.Rejected
                && find(update.VenueOrderId) is var (order, spec):
                var execution = update.Status switch
                {
                    OrderStatus.Accepted => "NEW",
                    OrderStatus.Canceled => "CANCELED",
                    OrderStatus.Expired => "EXPIRED",
                    _ => "REJECTED",
                };
                return Json(writer => ExecutionReport(writer, order, spec, update.Instrument ?? spec.Instrument, execution, execution, update.TsEvent, null, -1, _cumulative.GetValueOrDefault(update.VenueOrderId)));
            case BalanceUpdate balance when market != BinanceMarket.Spot:
                return Json(writer => AccountUpdate(writer, balance));
            case BalanceUpdate balance:
                return Json(writer => AccountPosition(writer, balance));
            default:
                return null;
        }
    }

    private static string Status(OrderStatus status) => status switch
    {
        OrderStatus.Filled => "FILLED",
        OrderStatus.PartiallyFilled => "PARTIALLY_FILLED",
        OrderStatus.Canceled => "CANCELED",
        OrderStatus.Expired => "EXPIRED",
        OrderStatus.Rejected => "REJECTED",
        _ => "NEW",
    };

    private void ExecutionReport(Utf8JsonWriter writer, SimulatedOrder order, InstrumentSpec spec, InstrumentId instrument, string execution, string status, long time, FillEvent? fill, long tradeId, (decimal Quantity, decimal Quote) cumulative)
    {
        if (market == BinanceMarket.Spot)
        {
            SpotExecutionReport(writer, order, spec, instrument, execution, status, time, fill, tradeId, cumulative);
        }
        else
        {
            OrderTradeUpdate(writer, order, spec, instrument, execution, status, time, fill, tradeId, cumulative);
        }
    }

    private void OrderTradeUpdate(Utf8JsonWriter writer, SimulatedOrder order, InstrumentSpec spec, InstrumentId instrument, string execution, string status, long time, FillEvent? fill, long tradeId, (decimal Quantity, decimal Quote) cumulative)
    {
        var milliseconds = time / 1_000_000;
        var isMarket = order.PriceTicks is long.MaxValue or long.MinValue;
        writer.WriteStartObject();
        writer.WriteString("e", "ORDER_TRADE_UPDATE");
        writer.WriteNumber("E", milliseconds);
        writer.WriteNumber("T", milliseconds);
        writer.WriteStartObject("o");
        writer.WriteString("s", instrument.Value);
        writer.WriteString("c", order.ClientOrderId.Value);
        writer.WriteString("S", order.Side == Side.Buy ? "BUY" : "SELL");
        writer.WriteString("o", isMarket ? "MARKET" : "LIMIT");
        writer.WriteString("f", order.PostOnly ? "GTX" : "GTC");
        writer.WriteString("q", spec.FromLots(order.QuantityLots).ToString());
        writer.WriteString("p", isMarket ? "0" : spec.FromTicks(order.PriceTicks).ToString());
        writer.WriteString("ap", cumulative.Quantity > 0 ? (cumulative.Quote / cumulative.Quantity).ToString(CultureInfo.InvariantCulture) : "0");
        writer.WriteString("sp", "0");
        writer.WriteString("x", execution);
        writer.WriteString("X", status);
        writer.WriteNumber("i", orderIds.NumberOf(order.VenueOrderId));
        writer.WriteString("l", fill?.Quantity.ToString() ?? "0");
        writer.WriteString("z", cumulative.Quantity.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("L", fill?.Price.ToString() ?? "0");
        writer.WriteString("N", fill?.FeeAsset?.Value ?? "USDT");
        writer.WriteString("n", (fill?.Fee ?? 0m).ToString(CultureInfo.InvariantCulture));
        writer.WriteNumber("T", milliseconds);
        writer.WriteNumber("t", fill is null ? 0 : tradeId);
        writer.WriteBoolean("m", fill?.Liquidity == LiquiditySide.Maker);
        writer.WriteBoolean("R", false);
        writer.WriteString("ot", isMarket ? "MARKET" : "LIMIT");
        writer.WriteString("ps", "BOTH");
        writer.WriteString("rp", "0");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void AccountUpdate(Utf8JsonWriter writer, BalanceUpdate balance)
    {
        var milliseconds = balance.TsEvent / 1_000_000;
        writer.WriteStartObject();
        writer.WriteString("e", "ACCOUNT_UPDATE");
        writer.WriteNumber("E", milliseconds);
        writer.WriteNumber("T", milliseconds);
        writer.WriteStartObject("a");
        writer.WriteString("m", "ORDER");
        writer.WriteStartArray("B");
        writer.WriteStartObject();
        writer.WriteString("a", balance.Asset.Value);
        writer.WriteString("wb", balance.Total.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("cw", (balance.Available ?? balance.Total).ToString(CultureInfo.InvariantCulture));
        writer.WriteString("bc", "0");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartArray("P");
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void SpotExecutionReport(Utf8JsonWriter writer, SimulatedOrder order, InstrumentSpec spec, InstrumentId instrument, string execution, string status, long time, FillEvent? fill, long tradeId, (decimal Quantity, decimal Quote) cumulative)
    {
        var milliseconds = time / 1_000_000;
        var price = order.PriceTicks is long.MaxValue or long.MinValue ? "0" : spec.FromTicks(order.PriceTicks).ToString();
        writer.WriteStartObject();
        writer.WriteString("e", "executionReport");
        writer.WriteNumber("E", milliseconds);
        writer.WriteString("s", instrument.Value);
        writer.WriteString("c", order.ClientOrderId.Value);
        writer.WriteString("S", order.Side == Side.Buy ? "BUY" : "SELL");
        writer.WriteString("o", order.PostOnly ? "LIMIT_MAKER" : price == "0" ? "MARKET" : "LIMIT");
        writer.WriteString("f", "GTC");
        writer.WriteString("q", spec.FromLots(order.QuantityLots).ToString());
        writer.WriteString("p", price);
        writer.WriteString("C", execution == "CANCELED" ? order.ClientOrderId.Value : string.Empty);
        writer.WriteString("x", execution);
        writer.WriteString("X", status);
        writer.WriteString("r", "NONE");
        writer.WriteNumber("i", orderIds.NumberOf(order.VenueOrderId));
        writer.WriteString("l", fill?.Quantity.ToString() ?? "0");
        writer.WriteString("z", cumulative.Quantity.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("L", fill?.Price.ToString() ?? "0");
        writer.WriteString("n", (fill?.Fee ?? 0m).ToString(CultureInfo.InvariantCulture));
        if (fill?.FeeAsset is { } feeAsset)
        {
            writer.WriteString("N", feeAsset.Value);
        }
        else
        {
            writer.WriteNull("N");
        }

        writer.WriteNumber("T", milliseconds);
        writer.WriteNumber("t", tradeId);
        writer.WriteBoolean("w", order.IsOpen);
        writer.WriteBoolean("m", fill?.Liquidity == LiquiditySide.Maker);
        writer.WriteString("Z", cumulative.Quote.ToString(CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }

    private static void AccountPosition(Utf8JsonWriter writer, BalanceUpdate balance)
    {
        var free = balance.Available ?? balance.Total;
        writer.WriteStartObject();
        writer.WriteString("e", "outboundAccountPosition");
        writer.WriteNumber("E", balance.TsEvent / 1_000_000);
        writer.WriteNumber("u", balance.TsEvent / 1_000_000);
        writer.WriteStartArray("B");
        writer.WriteStartObject();
        writer.WriteString("a", balance.Asset.Value);
        writer.WriteString("f", free.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("l", (balance.Total - free).ToString(CultureInfo.InvariantCulture));
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Addresses an event to a subscription: <c>{"subscriptionId":…,"event":…}</c>.</summary>
    public static byte[] Wrap(int subscriptionId, byte[] userEvent)
    {
        var prefix = System.Text.Encoding.UTF8.GetBytes($"{{\"subscriptionId\":{subscriptionId.ToString(CultureInfo.InvariantCulture)},\"event\":");
        var message = new byte[prefix.Length + userEvent.Length + 1];
        prefix.CopyTo(message, 0);
        userEvent.CopyTo(message, prefix.Length);
        message[^1] = (byte)'}';
        return message;
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
