using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// Reads MEXC Spot v3 REST answers into the platform's types. Prices and quantities are decimal strings (read with
/// the invariant culture; <c>""</c> and <c>null</c> mean zero); order ids are opaque strings even where a sample shows
/// a number; times are epoch ms.
/// </summary>
/// <remarks>Source: MEXC Spot v3 docs, "Market Data Endpoints", "Spot Account/Trade" and "Websocket User Data Streams"; <c>docs/protocol/mexc.md</c> §1.4–1.6, §2.</remarks>
public static class MexcRestReaders
{
    private const long NanosecondsPerMillisecond = 1_000_000;

    /// <summary>Reads <c>GET /api/v3/time</c>.</summary>
    /// <param name="root">The body.</param>
    /// <returns>The server time in ns since the Unix epoch.</returns>
    public static VenueResult<long> ReadServerTime(JsonElement root) =>
        MexcJson.Read("MEXC", () => MexcJson.Int64(root.GetProperty("serverTime")) * NanosecondsPerMillisecond);

    /// <summary>Reads <c>GET /api/v3/depth</c>; <c>lastUpdateId</c> (a number or a string) becomes the snapshot's update id.</summary>
    /// <param name="root">The body.</param>
    /// <param name="venue">The venue.</param>
    /// <param name="instrument">The instrument asked for.</param>
    /// <param name="receivedNanoseconds">When it arrived, ns since the Unix epoch.</param>
    /// <returns>The snapshot.</returns>
    public static VenueResult<BookSnapshot> ReadDepth(JsonElement root, VenueId venue, InstrumentId instrument, long receivedNanoseconds) =>
        MexcJson.Read("MEXC", () => new BookSnapshot(venue, instrument, MexcJson.Levels(root.GetProperty("bids")), MexcJson.Levels(root.GetProperty("asks")), receivedNanoseconds, receivedNanoseconds)
        {
            LastUpdateId = MexcJson.Int64(root.GetProperty("lastUpdateId")),
        });

    /// <summary>Reads <c>GET /api/v3/ticker/24hr?symbol=</c> (empty or null quantities are zero).</summary>
    /// <param name="root">The body.</param>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The ticker.</returns>
    public static VenueResult<Ticker> ReadTicker(JsonElement root, InstrumentId instrument) =>
        MexcJson.Read("MEXC", () => new Ticker(
            instrument,
            new Price(MexcJson.Decimal(root, "bidPrice")),
            new Quantity(MexcJson.Decimal(root, "bidQty")),
            new Price(MexcJson.Decimal(root, "askPrice")),
            new Quantity(MexcJson.Decimal(root, "askQty")),
            new Price(MexcJson.Decimal(root, "lastPrice")),
            new Quantity(MexcJson.Decimal(root, "volume"))));

    /// <summary>Reads <c>GET /api/v3/ticker/bookTicker?symbol=</c>.</summary>
    /// <param name="root">The body.</param>
    /// <param name="venue">The venue.</param>
    /// <param name="receivedNanoseconds">When it arrived, ns since the Unix epoch (the answer carries no time).</param>
    /// <returns>The best bid and ask.</returns>
    public static VenueResult<TopOfBook> ReadBookTicker(JsonElement root, VenueId venue, long receivedNanoseconds) =>
        MexcJson.Read("MEXC", () => new TopOfBook(
            venue,
            InstrumentId.Create(root.GetProperty("symbol").GetString()!),
            new Price(MexcJson.Decimal(root, "bidPrice")),
            new Quantity(MexcJson.Decimal(root, "bidQty")),
            new Price(MexcJson.Decimal(root, "askPrice")),
            new Quantity(MexcJson.Decimal(root, "askQty")),
            receivedNanoseconds,
            receivedNanoseconds));

    /// <summary>
    /// Reads <c>GET /api/v3/myTrades</c> (the account's fills, one month back at most) into fills: the buyer flag gives the
    /// side, the maker flag the liquidity, the commission and its asset the fee; the trade id is MEXC's <c>id</c>.
    /// </summary>
    /// <param name="root">The body (an array).</param>
    /// <param name="venue">The venue.</param>
    /// <param name="receivedNanoseconds">When it arrived, ns since the Unix epoch.</param>
    /// <returns>The fills, as MEXC listed them.</returns>
    public static VenueResult<ImmutableArray<FillEvent>> ReadMyTrades(JsonElement root, VenueId venue, long receivedNanoseconds) =>
        MexcJson.Read("MEXC", () => root.EnumerateArray().Select(trade =>
        {
            var clientId = trade.TryGetProperty("clientOrderId", out var cid) && cid.ValueKind == JsonValueKind.String && cid.GetString() is { Length: > 0 } text ? text : null;
            var asset = trade.TryGetProperty("commissionAsset", out var fa) && fa.GetString() is { Length: > 0 } feeAsset ? feeAsset : null;
            return new FillEvent(
                venue,
                InstrumentId.Create(trade.GetProperty("symbol").GetString()!),
                VenueOrderId.Create(MexcJson.Text(trade.GetProperty("orderId"))),
                TradeId.Create(MexcJson.Text(trade.GetProperty("id"))),
                trade.GetProperty("isBuyer").GetBoolean() ? Side.Buy : Side.Sell,
                new Price(MexcJson.Decimal(trade, "price")),
                new Quantity(MexcJson.Decimal(trade, "qty")),
                trade.GetProperty("time").GetInt64() * NanosecondsPerMillisecond,
                receivedNanoseconds)
            {
                ClientOrderId = clientId is null ? null : ClientOrderId.Create(clientId),
                Liquidity = trade.GetProperty("isMaker").GetBoolean() ? LiquiditySide.Maker : LiquiditySide.Taker,
                Fee = MexcJson.Decimal(trade, "commission"),
                FeeAsset = asset is null ? null : AssetId.Create(asset),
            };
        }).ToImmutableArray());

    /// <summary>Reads <c>POST /api/v3/order</c>: an acknowledgement with the venue order id (the answer carries no status).</summary>
    /// <param name="root">The body.</param>
    /// <param name="clientOrderId">The client order id sent.</param>
    /// <returns>The acknowledgement.</returns>
    public static VenueResult<OrderAck> ReadNewOrder(JsonElement root, ClientOrderId clientOrderId) =>
        MexcJson.Read("MEXC", () => new OrderAck(VenueOrderId.Create(MexcJson.Text(root.GetProperty("orderId"))), clientOrderId));

    /// <summary>
    /// Reads <c>POST /api/v3/batchOrders</c>: one item per order, in request order; a failed item (<c>code</c>,
    /// <c>msg</c>) inside the HTTP 200 becomes that order's failure.
    /// </summary>
    /// <param name="root">The body (an array).</param>
    /// <param name="clientOrderIds">The client order ids sent, in order.</param>
    /// <returns>One result per order.</returns>
    public static VenueResult<ImmutableArray<VenueResult<OrderAck>>> ReadBatch(JsonElement root, IReadOnlyList<ClientOrderId> clientOrderIds)
    {
        ArgumentNullException.ThrowIfNull(clientOrderIds);
        return MexcJson.Read("MEXC", () =>
        {
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() != clientOrderIds.Count)
            {
                throw new FormatException($"expected an array of {clientOrderIds.Count} items");
            }

            var builder = ImmutableArray.CreateBuilder<VenueResult<OrderAck>>(clientOrderIds.Count);
            var index = 0;
            foreach (var item in root.EnumerateArray())
            {
                var sent = clientOrderIds[index++];
                if (item.TryGetProperty("code", out var code) && code.TryGetInt32(out var number) && number is not (0 or 200))
                {
                    var message = item.TryGetProperty("msg", out var msg) ? msg.GetString() : null;
                    builder.Add(VenueResult<OrderAck>.Failure(MexcErrors.Map(number, message, 200)));
                }
                else
                {
                    builder.Add(VenueResult<OrderAck>.Success(new OrderAck(VenueOrderId.Create(MexcJson.Text(item.GetProperty("orderId"))), sent)));
                }
            }

            return builder.MoveToImmutable();
        });
    }

    /// <summary>Reads one order (<c>GET</c> or <c>DELETE /api/v3/order</c>).</summary>
    /// <param name="root">The body.</param>
    /// <returns>The order.</returns>
    public static VenueResult<VenueOrder> ReadOrder(JsonElement root) => MexcJson.Read("MEXC", () => Order(root));

    /// <summary>Reads an array of orders (<c>GET /api/v3/openOrders</c>, <c>DELETE /api/v3/openOrders</c>).</summary>
    /// <param name="root">The body.</param>
    /// <returns>The orders.</returns>
    public static VenueResult<ImmutableArray<VenueOrder>> ReadOrders(JsonElement root) =>
        MexcJson.Read("MEXC", () => root.EnumerateArray().Select(Order).ToImmutableArray());

    /// <summary>Reads <c>GET /api/v3/account</c>: one balance per asset (total = free + locked).</summary>
    /// <param name="root">The body.</param>
    /// <returns>The balances.</returns>
    public static VenueResult<ImmutableArray<AssetBalance>> ReadBalances(JsonElement root) =>
        MexcJson.Read("MEXC", () => root.GetProperty("balances").EnumerateArray()
            .Select(b =>
            {
                var free = MexcJson.Decimal(b, "free");
                return new AssetBalance(AssetId.Create(b.GetProperty("asset").GetString()!), free + MexcJson.Decimal(b, "locked"), free);
            })
            .ToImmutableArray());

    /// <summary>Reads a listen key answer (<c>POST</c>, <c>PUT</c> or <c>DELETE /api/v3/userDataStream</c>).</summary>
    /// <param name="root">The body.</param>
    /// <returns>The listen key.</returns>
    public static VenueResult<string> ReadListenKey(JsonElement root) =>
        MexcJson.Read("MEXC", () => root.GetProperty("listenKey").GetString() is { Length: > 0 } key ? key : throw new FormatException("empty listenKey"));

    /// <summary>Reads <c>GET /api/v3/userDataStream</c> in either shape (<c>{listenKey:[...]}</c>, or with <c>total</c> and <c>available</c>).</summary>
    /// <param name="root">The body.</param>
    /// <returns>The valid listen keys.</returns>
    public static VenueResult<ImmutableArray<string>> ReadListenKeys(JsonElement root) =>
        MexcJson.Read("MEXC", () => root.GetProperty("listenKey").EnumerateArray().Select(k => k.GetString()!).ToImmutableArray());

    /// <summary>Maps MEXC's order status text.</summary>
    /// <param name="status">The status: <c>NEW</c>, <c>PARTIALLY_FILLED</c>, <c>FILLED</c>, <c>CANCELED</c>, <c>PARTIALLY_CANCELED</c>.</param>
    /// <returns>The platform's status (<see cref="OrderStatus.Unknown"/> for anything else).</returns>
    public static OrderStatus StatusOf(string? status) => status switch
    {
        "NEW" => OrderStatus.Accepted,
        "PARTIALLY_FILLED" => OrderStatus.PartiallyFilled,
        "FILLED" => OrderStatus.Filled,
        "CANCELED" or "PARTIALLY_CANCELED" => OrderStatus.Canceled,
        _ => OrderStatus.Unknown,
    };

    private static VenueOrder Order(JsonElement item)
    {
        var type = item.GetProperty("type").GetString();
        var filled = MexcJson.Decimal(item, "executedQty");
        var quote = MexcJson.Decimal(item, "cummulativeQuoteQty");
        var clientId = item.TryGetProperty("clientOrderId", out var cid) && cid.ValueKind == JsonValueKind.String && cid.GetString() is { Length: > 0 } text ? text : null;
        if (item.TryGetProperty("origClientOrderId", out var orig) && orig.ValueKind == JsonValueKind.String)
        {
            // A cancel answer names the canceled order's id as origClientOrderId (clientOrderId is the cancel's own).
            clientId = orig.GetString();
        }

        return new VenueOrder(
            VenueOrderId.Create(MexcJson.Text(item.GetProperty("orderId"))),
            InstrumentId.Create(item.GetProperty("symbol").GetString()!),
            item.GetProperty("side").GetString() == "SELL" ? Side.Sell : Side.Buy,
            type == "MARKET" ? OrderType.Market : OrderType.Limit,
            StatusOf(item.GetProperty("status").GetString()),
            new Quantity(MexcJson.Decimal(item, "origQty")),
            new Quantity(filled))
        {
            ClientOrderId = clientId is null ? null : ClientOrderId.Create(clientId),
            LimitPrice = type == "MARKET" ? null : new Price(MexcJson.Decimal(item, "price")),
            AveragePrice = filled > 0 && quote > 0 ? new Price(quote / filled) : null,
            PostOnly = type == "LIMIT_MAKER",
            OpenedNanoseconds = item.TryGetProperty("time", out var time) && time.ValueKind == JsonValueKind.Number ? time.GetInt64() * NanosecondsPerMillisecond : 0,
        };
    }
}
