using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Simulation.MexcProtocol;

/// <summary>MEXC Spot's REST answers as JSON: errors, <c>exchangeInfo</c>, <c>depth</c>, and orders in each endpoint's shape.</summary>
/// <remarks>Source: <see href="https://www.mexc.com/api-docs/spot-v3/market-data-endpoints"/>, <see href="https://www.mexc.com/api-docs/spot-v3/spot-account-trade"/>.</remarks>
internal static class MexcRestWriter
{
    public static byte[] Error(int code, string message) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("code", code);
        writer.WriteString("msg", message);
        writer.WriteEndObject();
    });

    /// <summary><c>account</c>: what the account may trade, and each asset's free and locked amounts.</summary>
    public static byte[] Account(Accounts.SimulatedAccount account) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteBoolean("canTrade", true);
        writer.WriteBoolean("canWithdraw", false);
        writer.WriteBoolean("canDeposit", false);
        writer.WriteString("accountType", "SPOT");
        writer.WriteStartArray("balances");
        foreach (var asset in account.Totals.Keys.OrderBy(a => a.Value, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("asset", asset.Value);
            writer.WriteString("free", account.Available(asset).ToString(CultureInfo.InvariantCulture));
            writer.WriteString("locked", account.Held(asset).ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("permissions");
        writer.WriteStringValue("SPOT");
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary><c>exchangeInfo</c>: each symbol's precisions (tick 10^-quotePrecision, lot 10^-baseAssetPrecision), minimum quantity and notional.</summary>
    public static byte[] ExchangeInfo(IEnumerable<(InstrumentSpec Spec, AssetId Base, AssetId Quote)> symbols, long nowNanoseconds) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("timezone", "CST");
        writer.WriteNumber("serverTime", nowNanoseconds / 1_000_000);
        writer.WriteStartArray("symbols");
        foreach (var (spec, baseAsset, quoteAsset) in symbols)
        {
            writer.WriteStartObject();
            writer.WriteString("symbol", spec.Instrument.Value);
            writer.WriteString("status", "1");
            writer.WriteString("baseAsset", baseAsset.Value);
            writer.WriteNumber("baseAssetPrecision", spec.SizePrecision);
            writer.WriteString("quoteAsset", quoteAsset.Value);
            writer.WriteNumber("quotePrecision", spec.PricePrecision);
            writer.WriteNumber("quoteAssetPrecision", spec.PricePrecision);
            writer.WriteStartArray("orderTypes");
            foreach (var type in (string[])["LIMIT", "MARKET", "LIMIT_MAKER"])
            {
                writer.WriteStringValue(type);
            }

            writer.WriteEndArray();
            writer.WriteBoolean("isSpotTradingAllowed", true);
            writer.WriteString("quoteAmountPrecision", spec.MinNotional.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("baseSizePrecision", (spec.MinQuantity.Value > 0 ? spec.MinQuantity : spec.LotSize).ToString());
            writer.WriteString("maxQuoteAmount", "4000000");
            writer.WriteString("makerCommission", "0");
            writer.WriteString("takerCommission", "0.0005");
            writer.WriteNumber("tradeSideType", 1);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    public static byte[] Depth(long lastUpdateId, BookLevel[] bids, BookLevel[] asks) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("lastUpdateId", lastUpdateId);
        Levels(writer, "bids", bids);
        Levels(writer, "asks", asks);
        writer.WriteEndObject();
    });

    /// <summary>A new order's answer: <c>POST order</c>, and each success of <c>POST batchOrders</c>.</summary>
    public static void NewOrder(Utf8JsonWriter writer, MexcSimulatedOrder order)
    {
        writer.WriteStartObject();
        writer.WriteString("symbol", order.Symbol);
        writer.WriteString("orderId", order.OrderId);
        writer.WriteNumber("orderListId", -1);
        writer.WriteString("price", order.Price);
        writer.WriteString("origQty", order.Quantity.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("type", order.Type);
        writer.WriteString("side", order.Side == Side.Buy ? "BUY" : "SELL");
        writer.WriteNumber("transactTime", order.CreatedNanoseconds / 1_000_000);
        writer.WriteEndObject();
    }

    /// <summary>An order as <c>GET order</c>, <c>GET openOrders</c> and the cancels answer it.</summary>
    public static void Order(Utf8JsonWriter writer, MexcSimulatedOrder order, bool canceled)
    {
        writer.WriteStartObject();
        writer.WriteString("symbol", order.Symbol);
        if (canceled)
        {
            writer.WriteString("origClientOrderId", order.ClientOrderId);
        }

        writer.WriteString("orderId", order.OrderId);
        writer.WriteNumber("orderListId", -1);
        writer.WriteString("clientOrderId", order.ClientOrderId);
        writer.WriteString("price", order.Price);
        writer.WriteString("origQty", order.Quantity.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("executedQty", order.FilledQuantity.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("cummulativeQuoteQty", order.FilledQuote.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("status", order.Status);
        writer.WriteString("timeInForce", string.Empty);
        writer.WriteString("type", order.Type);
        writer.WriteString("side", order.Side == Side.Buy ? "BUY" : "SELL");
        writer.WriteNumber("time", order.CreatedNanoseconds / 1_000_000);
        writer.WriteNumber("updateTime", order.UpdatedNanoseconds / 1_000_000);
        writer.WriteBoolean("isWorking", order.Status is "NEW" or "PARTIALLY_FILLED");
        writer.WriteEndObject();
    }

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    private static void Levels(Utf8JsonWriter writer, string name, IEnumerable<BookLevel> levels)
    {
        writer.WriteStartArray(name);
        foreach (var level in levels)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(level.Price.ToString());
            writer.WriteStringValue(level.Quantity.ToString());
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }
}
