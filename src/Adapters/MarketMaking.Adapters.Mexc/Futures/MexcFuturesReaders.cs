using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// Reads MEXC Futures (contract v1) REST answers and WebSocket pushes. REST answers come in an envelope
/// (<c>{"success":true,"code":0,"data":...}</c>, or <c>success:false</c> with <c>code</c> and <c>message</c>, even under
/// HTTP 200); numbers are JSON numbers (order ids above 2^53 are read as text, never as double); sizes are contracts.
/// </summary>
/// <remarks>Source: MEXC contract v1 docs, "Market endpoints", "Account and trading endpoints", "WebSocket API"; <c>docs/protocol/mexc.md</c> §5.</remarks>
public static class MexcFuturesReaders
{
    private const long NanosecondsPerMillisecond = 1_000_000;

    /// <summary>Reads the envelope.</summary>
    /// <param name="body">The body's UTF-8 bytes.</param>
    /// <returns>The <c>data</c> element, or the mapped error.</returns>
    public static VenueResult<JsonElement> ReadEnvelope(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var success = root.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.True;
            var code = root.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : -1;
            if (!success || code != 0)
            {
                var message = root.TryGetProperty("message", out var m) ? m.GetString() : null;
                return VenueResult<JsonElement>.Failure(MexcFuturesErrors.Map(code, message));
            }

            return VenueResult<JsonElement>.Success(root.TryGetProperty("data", out var data) ? data.Clone() : default);
        }
        catch (JsonException exception)
        {
            return VenueResult<JsonElement>.Failure(VenueError.MalformedResponse($"MEXC futures answered with a body that is not JSON: {exception.Message}"));
        }
    }

    /// <summary>Reads <c>GET /api/v1/contract/detail</c> (one contract or an array).</summary>
    /// <param name="data">The envelope's data.</param>
    /// <returns>The contracts.</returns>
    public static VenueResult<ImmutableArray<MexcContract>> ReadContracts(JsonElement data) =>
        MexcJson.Read("MEXC futures", () => data.ValueKind == JsonValueKind.Array ? [.. data.EnumerateArray().Select(Contract)] : ImmutableArray.Create(Contract(data)));

    /// <summary>Reads <c>GET /api/v1/contract/depth/{symbol}</c>: levels <c>[price, contracts, orderCount]</c>, <c>version</c> as the snapshot's update id.</summary>
    /// <param name="data">The envelope's data.</param>
    /// <param name="instrument">The contract.</param>
    /// <param name="receivedNanoseconds">When it arrived, ns since the Unix epoch.</param>
    /// <returns>The snapshot, quantities in contracts.</returns>
    public static VenueResult<BookSnapshot> ReadDepth(JsonElement data, InstrumentId instrument, long receivedNanoseconds) =>
        MexcJson.Read("MEXC futures", () => new BookSnapshot(MexcVenue.FuturesId, instrument, MexcJson.Levels(data.GetProperty("bids")), MexcJson.Levels(data.GetProperty("asks")), Millis(data, "timestamp", receivedNanoseconds), receivedNanoseconds)
        {
            LastUpdateId = data.GetProperty("version").GetInt64(),
        });

    /// <summary>Reads <c>GET /api/v1/private/account/assets</c>: total is <c>equity</c>, available is <c>availableBalance</c>.</summary>
    /// <param name="data">The envelope's data.</param>
    /// <returns>One balance per currency.</returns>
    public static VenueResult<ImmutableArray<AssetBalance>> ReadAssets(JsonElement data) =>
        MexcJson.Read("MEXC futures", () => data.EnumerateArray().Select(a => new AssetBalance(AssetId.Create(a.GetProperty("currency").GetString()!), MexcJson.Decimal(a, "equity"), MexcJson.Decimal(a, "availableBalance"))).ToImmutableArray());

    /// <summary>Reads <c>GET /api/v1/private/position/open_positions</c>.</summary>
    /// <param name="data">The envelope's data.</param>
    /// <returns>The positions.</returns>
    public static VenueResult<ImmutableArray<MexcFuturesPosition>> ReadPositions(JsonElement data) =>
        MexcJson.Read("MEXC futures", () => data.EnumerateArray().Select(Position).ToImmutableArray());

    /// <summary>Reads <c>GET /api/v1/private/order/list/open_orders/{symbol}</c>.</summary>
    /// <param name="data">The envelope's data.</param>
    /// <returns>The orders.</returns>
    public static VenueResult<ImmutableArray<MexcFuturesOrder>> ReadOrders(JsonElement data) =>
        MexcJson.Read("MEXC futures", () => data.EnumerateArray().Select(Order).ToImmutableArray());

    /// <summary>Reads an order placement: the legacy <c>submit</c> answers a bare number, the newer <c>create</c> an object with <c>orderId</c>.</summary>
    /// <param name="data">The envelope's data.</param>
    /// <returns>The order id, as text.</returns>
    public static VenueResult<string> ReadOrderId(JsonElement data) =>
        MexcJson.Read("MEXC futures", () => data.ValueKind == JsonValueKind.Object ? MexcJson.Text(data.GetProperty("orderId")) : MexcJson.Text(data));

    /// <summary>Reads <c>POST /api/v1/private/order/cancel</c>: one item per order id, each a success or its own error.</summary>
    /// <param name="data">The envelope's data.</param>
    /// <returns>Per order id, the order id or the error.</returns>
    public static VenueResult<ImmutableArray<KeyValuePair<string, VenueError?>>> ReadCancel(JsonElement data) =>
        MexcJson.Read("MEXC futures", () => data.EnumerateArray().Select(item =>
        {
            var code = item.GetProperty("errorCode").GetInt32();
            var error = code == 0 ? null : MexcFuturesErrors.Map(code, item.TryGetProperty("errorMsg", out var m) ? m.GetString() : null);
            return new KeyValuePair<string, VenueError?>(MexcJson.Text(item.GetProperty("orderId")), error);
        }).ToImmutableArray());

    /// <summary>Reads one WebSocket push (<c>{"channel":"push.…","data":…,"symbol":…,"ts":ms}</c>) into normalized events.</summary>
    /// <param name="root">The frame.</param>
    /// <param name="receivedNanoseconds">When it arrived, ns since the Unix epoch.</param>
    /// <param name="output">Receives the events: depth → <see cref="BookDelta"/> (version as update ids; contracts), full depth → <see cref="BookSnapshot"/>, deal → <see cref="Trade"/>, personal order → <see cref="OrderUpdate"/>, order deal → <see cref="FillEvent"/>, asset → <see cref="BalanceUpdate"/>.</param>
    /// <param name="positions">Receives position pushes.</param>
    /// <param name="problem">Why the push could not be read (nothing was added).</param>
    /// <returns>Whether the push was read (an unknown channel is read, with no output).</returns>
    public static bool TryReadPush(JsonElement root, long receivedNanoseconds, ICollection<VenueEvent> output, ICollection<MexcFuturesPosition> positions, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(positions);
        var added = new List<VenueEvent>(1);
        try
        {
            var channel = root.GetProperty("channel").GetString();
            var data = root.GetProperty("data");
            var ts = Millis(root, "ts", receivedNanoseconds);
            var symbol = root.TryGetProperty("symbol", out var s) ? InstrumentId.Create(s.GetString()!) : default;
            switch (channel)
            {
                case "push.depth":
                    var version = data.GetProperty("version").GetInt64();
                    added.Add(new BookDelta(MexcVenue.FuturesId, symbol, MexcJson.Levels(data.GetProperty("bids")), MexcJson.Levels(data.GetProperty("asks")), ts, receivedNanoseconds)
                    {
                        // A compressed push spans begin..end; an uncompressed one is one version.
                        FirstUpdateId = data.TryGetProperty("begin", out var begin) ? begin.GetInt64() : version,
                        FinalUpdateId = data.TryGetProperty("end", out var end) ? end.GetInt64() : version,
                    });
                    break;
                case "push.depth.full":
                    added.Add(new BookSnapshot(MexcVenue.FuturesId, symbol, MexcJson.Levels(data.GetProperty("bids")), MexcJson.Levels(data.GetProperty("asks")), ts, receivedNanoseconds)
                    {
                        LastUpdateId = data.GetProperty("version").GetInt64(),
                    });
                    break;
                case "push.deal":
                    foreach (var deal in data.ValueKind == JsonValueKind.Array ? [.. data.EnumerateArray()] : new[] { data })
                    {
                        var time = deal.GetProperty("t").GetInt64();
                        var price = MexcJson.Decimal(deal, "p");
                        var volume = MexcJson.Decimal(deal, "v");
                        added.Add(new Trade(MexcVenue.FuturesId, symbol, new Price(price), new Quantity(volume), deal.GetProperty("T").GetInt32() == 1 ? Side.Buy : Side.Sell,
                            TradeId.Create(string.Create(CultureInfo.InvariantCulture, $"{time}:{price}:{volume}")), time * NanosecondsPerMillisecond, receivedNanoseconds));
                    }

                    break;
                case "push.personal.order":
                    var order = Order(data);
                    added.Add(new OrderUpdate(MexcVenue.FuturesId, VenueOrderId.Create(order.OrderId), order.Status, Millis(data, "updateTime", ts), receivedNanoseconds)
                    {
                        ClientOrderId = order.ClientOrderId,
                        Instrument = order.Instrument,
                        Side = order.Side is 1 or 2 ? Side.Buy : Side.Sell,
                    });
                    break;
                case "push.personal.order.deal":
                    var side = data.GetProperty("side").GetInt32();
                    var external = data.TryGetProperty("externalOid", out var oid) ? oid.GetString() : null;
                    added.Add(new FillEvent(MexcVenue.FuturesId, InstrumentId.Create(data.GetProperty("symbol").GetString()!), VenueOrderId.Create(MexcJson.Text(data.GetProperty("orderId"))),
                        TradeId.Create(MexcJson.Text(data.GetProperty("id"))), side is 1 or 2 ? Side.Buy : Side.Sell, new Price(MexcJson.Decimal(data, "price")), new Quantity(MexcJson.Decimal(data, "vol")),
                        Millis(data, "timestamp", ts), receivedNanoseconds)
                    {
                        ClientOrderId = string.IsNullOrEmpty(external) ? null : ClientOrderId.Create(external),
                        Liquidity = data.TryGetProperty("isTaker", out var taker) && taker.ValueKind == JsonValueKind.True ? LiquiditySide.Taker : LiquiditySide.Maker,
                        Fee = MexcJson.Decimal(data, "fee"),
                        FeeAsset = data.TryGetProperty("feeCurrency", out var fc) && fc.GetString() is { Length: > 0 } currency ? AssetId.Create(currency) : null,
                    });
                    break;
                case "push.personal.asset":
                    var available = MexcJson.Decimal(data, "availableBalance");
                    added.Add(new BalanceUpdate(MexcVenue.FuturesId, AssetId.Create(data.GetProperty("currency").GetString()!),
                        available + MexcJson.Decimal(data, "frozenBalance") + MexcJson.Decimal(data, "positionMargin"), ts, receivedNanoseconds)
                    {
                        Available = available,
                    });
                    break;
                case "push.personal.position":
                    positions.Add(Position(data));
                    break;
            }
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            problem = $"not a MEXC futures push: {exception.Message}";
            return false;
        }

        foreach (var venueEvent in added)
        {
            output.Add(venueEvent);
        }

        problem = null;
        return true;
    }

    /// <summary>Maps MEXC's futures order state.</summary>
    /// <param name="state">1 pending, 2 open, 3 completed, 4 canceled, 5 invalid.</param>
    /// <param name="filled">Whether anything filled.</param>
    /// <returns>The platform's status.</returns>
    public static OrderStatus StatusOf(int state, bool filled) => state switch
    {
        1 => OrderStatus.PendingNew,
        2 => filled ? OrderStatus.PartiallyFilled : OrderStatus.Accepted,
        3 => OrderStatus.Filled,
        4 => OrderStatus.Canceled,
        5 => OrderStatus.Rejected,
        _ => OrderStatus.Unknown,
    };

    private static MexcContract Contract(JsonElement item)
    {
        var symbol = InstrumentId.Create(item.GetProperty("symbol").GetString()!);
        var tick = MexcJson.Decimal(item, "priceUnit");
        var step = MexcJson.Decimal(item, "volUnit");
        var spec = new InstrumentSpec(symbol, new Price(tick), new Quantity(step), Scale(tick), Scale(step), new Quantity(MexcJson.Decimal(item, "minVol")), new Quantity(MexcJson.Decimal(item, "maxVol")));
        return new MexcContract(
            spec,
            AssetId.Create(item.GetProperty("baseCoin").GetString()!),
            AssetId.Create(item.GetProperty("quoteCoin").GetString()!),
            MexcJson.Decimal(item, "contractSize"),
            MexcJson.Decimal(item, "makerFeeRate"),
            MexcJson.Decimal(item, "takerFeeRate"),
            item.TryGetProperty("apiAllowed", out var allowed) && allowed.ValueKind == JsonValueKind.True,
            item.TryGetProperty("state", out var state) ? state.GetInt32() : 0);
    }

    private static MexcFuturesPosition Position(JsonElement item) => new(
        item.GetProperty("positionId").GetInt64(),
        InstrumentId.Create(item.GetProperty("symbol").GetString()!),
        item.GetProperty("positionType").GetInt32() == 2 ? Side.Sell : Side.Buy,
        MexcJson.Decimal(item, "holdVol"),
        MexcJson.Decimal(item, "openAvgPrice"),
        MexcJson.Decimal(item, "liquidatePrice"),
        item.TryGetProperty("leverage", out var leverage) ? leverage.GetInt32() : 0,
        MexcJson.Decimal(item, "realised"),
        item.GetProperty("state").GetInt32());

    private static MexcFuturesOrder Order(JsonElement item)
    {
        var filled = MexcJson.Decimal(item, "dealVol");
        var external = item.TryGetProperty("externalOid", out var oid) ? oid.GetString() : null;
        return new MexcFuturesOrder(
            MexcJson.Text(item.GetProperty("orderId")),
            InstrumentId.Create(item.GetProperty("symbol").GetString() is { Length: > 0 } symbol ? symbol : "?"),
            MexcJson.Decimal(item, "price"),
            MexcJson.Decimal(item, "vol"),
            filled,
            MexcJson.Decimal(item, "dealAvgPrice"),
            item.GetProperty("side").GetInt32(),
            item.GetProperty("orderType").GetInt32(),
            StatusOf(item.GetProperty("state").GetInt32(), filled > 0),
            string.IsNullOrEmpty(external) ? null : ClientOrderId.Create(external),
            item.TryGetProperty("errorCode", out var error) ? error.GetInt32() : 0);
    }

    private static int Scale(decimal value) => (value.Scale > 0 ? value / 1.000000000000000000000000000000000m : value).Scale;


    private static long Millis(JsonElement parent, string name, long fallbackNanoseconds) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.Number or JsonValueKind.String && long.TryParse(MexcJson.Text(value), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? ms * NanosecondsPerMillisecond
            : fallbackNanoseconds;
}
