using System.Collections.Immutable;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Reads Kraken REST answers into the platform's types: the <c>{error, result}</c> envelope, then one reader per
/// endpoint. Malformed answers become <see cref="VenueErrorKind.MalformedResponse"/> failures naming what was wrong.
/// </summary>
/// <remarks>Source: <see href="https://docs.kraken.com/api/docs/rest-api/"/> and <c>docs/protocol/kraken.md</c> §1–§3.</remarks>
public static class KrakenRestReaders
{
    /// <summary>Reads the envelope: a non-empty <c>error</c> array (warnings aside) is a failure, else <c>result</c>.</summary>
    /// <param name="body">The response body.</param>
    /// <returns>The <c>result</c> element (detached from the document), or the first error mapped by <see cref="KrakenErrors"/>.</returns>
    public static VenueResult<JsonElement> ReadEnvelope(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException exception)
        {
            return VenueResult<JsonElement>.Failure(VenueError.MalformedResponse($"Kraken's answer is not JSON: {exception.Message}"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return VenueResult<JsonElement>.Failure(VenueError.MalformedResponse("Kraken's answer is not a JSON object"));
            }

            if (root.TryGetProperty("error", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    // Warnings ("W...") can come with a result; only errors ("E...") fail the call.
                    if (error.ValueKind == JsonValueKind.String && error.GetString() is { Length: > 0 } text && text[0] != 'W')
                    {
                        return VenueResult<JsonElement>.Failure(KrakenErrors.Map(text));
                    }
                }
            }

            return root.TryGetProperty("result", out var result)
                ? VenueResult<JsonElement>.Success(result.Clone())
                : VenueResult<JsonElement>.Failure(VenueError.MalformedResponse("Kraken's answer has neither an error nor a result"));
        }
    }

    /// <summary>Reads <c>Time</c>.</summary>
    /// <param name="result">The result element.</param>
    /// <returns>The venue time in ns since the Unix epoch.</returns>
    public static VenueResult<long> ReadTime(JsonElement result) =>
        Read(() => KrakenJson.GetUnixSecondsAsNanoseconds(result, "unixtime") is var ns and > 0
            ? ns
            : throw new FormatException("'unixtime' is missing"));

    /// <summary>Reads <c>AssetPairs</c>.</summary>
    /// <param name="result">The result element: pair key → pair.</param>
    /// <returns>The pairs.</returns>
    public static VenueResult<ImmutableArray<KrakenAssetPair>> ReadAssetPairs(JsonElement result) => Read(() =>
    {
        var pairs = ImmutableArray.CreateBuilder<KrakenAssetPair>();
        foreach (var property in result.EnumerateObject())
        {
            pairs.Add(ReadAssetPair(property.Name, property.Value));
        }

        return pairs.ToImmutable();
    });

    /// <summary>Reads <c>Depth</c> for one pair.</summary>
    /// <param name="result">The result element: pair key → book.</param>
    /// <param name="venue">The venue id to stamp.</param>
    /// <param name="instrument">The instrument to stamp.</param>
    /// <param name="tsInit">The local receive time in ns since the Unix epoch.</param>
    /// <returns>The snapshot, best levels first.</returns>
    public static VenueResult<BookSnapshot> ReadDepth(JsonElement result, VenueId venue, InstrumentId instrument, long tsInit) => Read(() =>
    {
        var book = SingleEntry(result, "Depth");
        var tsEvent = 0L;
        var bids = ReadDepthSide(book, "bids", ref tsEvent);
        var asks = ReadDepthSide(book, "asks", ref tsEvent);
        return new BookSnapshot(venue, instrument, bids, asks, tsEvent, tsInit) { Depth = Math.Max(bids.Length, asks.Length) };
    });

    /// <summary>Reads <c>Ticker</c> for one pair.</summary>
    /// <param name="result">The result element: pair key → ticker.</param>
    /// <param name="instrument">The instrument to stamp.</param>
    /// <returns>The ticker.</returns>
    public static VenueResult<Ticker> ReadTicker(JsonElement result, InstrumentId instrument) => Read(() =>
    {
        var ticker = SingleEntry(result, "Ticker");
        var ask = KrakenJson.Required(ticker, "a");
        var bid = KrakenJson.Required(ticker, "b");
        return new Ticker(
            instrument,
            new Price(KrakenJson.ToDecimal(bid[0], "'b[0]'")),
            new Quantity(KrakenJson.ToDecimal(bid[2], "'b[2]'")),
            new Price(KrakenJson.ToDecimal(ask[0], "'a[0]'")),
            new Quantity(KrakenJson.ToDecimal(ask[2], "'a[2]'")),
            new Price(KrakenJson.ToDecimal(KrakenJson.Required(ticker, "c")[0], "'c[0]'")),
            new Quantity(KrakenJson.ToDecimal(KrakenJson.Required(ticker, "v")[1], "'v[1]'")));
    });

    /// <summary>Reads <c>Balance</c> (totals only: available is reported equal to total).</summary>
    /// <param name="result">The result element: asset → balance.</param>
    /// <returns>The balances with canonical asset names.</returns>
    public static VenueResult<ImmutableArray<AssetBalance>> ReadBalance(JsonElement result) => Read(() =>
    {
        var balances = ImmutableArray.CreateBuilder<AssetBalance>();
        foreach (var property in result.EnumerateObject())
        {
            var total = KrakenJson.ToDecimal(property.Value, $"Balance of '{property.Name}'");
            balances.Add(new AssetBalance(AssetId.Create(KrakenAssetNames.ToCanonicalAsset(property.Name)), total, total));
        }

        return balances.ToImmutable();
    });

    /// <summary>Reads <c>BalanceEx</c>: available = balance − hold_trade.</summary>
    /// <param name="result">The result element: asset → {balance, hold_trade}.</param>
    /// <returns>The balances with canonical asset names.</returns>
    public static VenueResult<ImmutableArray<AssetBalance>> ReadBalanceEx(JsonElement result) => Read(() =>
    {
        var balances = ImmutableArray.CreateBuilder<AssetBalance>();
        foreach (var property in result.EnumerateObject())
        {
            var total = KrakenJson.GetDecimal(property.Value, "balance");
            var held = KrakenJson.GetOptionalDecimal(property.Value, "hold_trade") ?? 0m;
            balances.Add(new AssetBalance(AssetId.Create(KrakenAssetNames.ToCanonicalAsset(property.Name)), total, total - held));
        }

        return balances.ToImmutable();
    });

    /// <summary>Reads <c>OpenOrders</c> (<c>{open: {txid: order}}</c>) or <c>QueryOrders</c> (<c>{txid: order}</c>).</summary>
    /// <param name="result">The result element.</param>
    /// <param name="pairs">Resolves the orders' pair names to instruments.</param>
    /// <returns>The orders.</returns>
    public static VenueResult<ImmutableArray<VenueOrder>> ReadOrders(JsonElement result, KrakenPairDirectory pairs) => Read(() =>
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var map = result.TryGetProperty("open", out var open) ? open : result;
        var orders = ImmutableArray.CreateBuilder<VenueOrder>();
        foreach (var property in map.EnumerateObject())
        {
            orders.Add(ReadOrder(property.Name, property.Value, pairs));
        }

        return orders.ToImmutable();
    });

    /// <summary>Reads <c>AddOrder</c>: <c>txid</c> is an array here; a validate-only answer has no <c>txid</c>.</summary>
    /// <param name="result">The result element.</param>
    /// <param name="clientOrderId">The client order id sent.</param>
    /// <returns>The acknowledgement.</returns>
    public static VenueResult<OrderAck> ReadAddOrder(JsonElement result, ClientOrderId clientOrderId) => Read(() =>
    {
        VenueOrderId? id = result.TryGetProperty("txid", out var txid) && txid.ValueKind == JsonValueKind.Array && txid.GetArrayLength() > 0
            ? VenueOrderId.Create(txid[0].GetString()!)
            : null;
        return new OrderAck(id, clientOrderId) { Description = Description(result) };
    });

    /// <summary>Reads <c>AddOrderBatch</c>: one entry per order, each a <c>txid</c> (a string here) or an <c>error</c>.</summary>
    /// <param name="result">The result element.</param>
    /// <param name="clientOrderIds">The client order ids sent, in request order.</param>
    /// <returns>One result per order, in request order.</returns>
    public static VenueResult<ImmutableArray<VenueResult<OrderAck>>> ReadAddOrderBatch(JsonElement result, IReadOnlyList<ClientOrderId> clientOrderIds) => Read(() =>
    {
        ArgumentNullException.ThrowIfNull(clientOrderIds);
        var orders = KrakenJson.Required(result, "orders");
        if (orders.GetArrayLength() != clientOrderIds.Count)
        {
            throw new FormatException($"'orders' has {orders.GetArrayLength()} entries for {clientOrderIds.Count} orders sent");
        }

        var results = ImmutableArray.CreateBuilder<VenueResult<OrderAck>>(clientOrderIds.Count);
        var index = 0;
        foreach (var order in orders.EnumerateArray())
        {
            var clientOrderId = clientOrderIds[index++];
            results.Add(KrakenJson.GetOptionalString(order, "error") is { Length: > 0 } error
                ? VenueResult<OrderAck>.Failure(KrakenErrors.Map(error))
                : VenueResult<OrderAck>.Success(new OrderAck(
                    KrakenJson.GetOptionalString(order, "txid") is { } txid ? VenueOrderId.Create(txid) : null,
                    clientOrderId) { Description = Description(order) }));
        }

        return results.MoveToImmutable();
    });

    /// <summary>Reads <c>AmendOrder</c>.</summary>
    /// <param name="result">The result element.</param>
    /// <returns>The acknowledgement.</returns>
    public static VenueResult<AmendAck> ReadAmendOrder(JsonElement result) =>
        Read(() => new AmendAck(KrakenJson.GetString(result, "amend_id")));

    /// <summary>Reads <c>EditOrder</c>.</summary>
    /// <param name="result">The result element.</param>
    /// <returns>The new and original order ids.</returns>
    public static VenueResult<KrakenEditResult> ReadEditOrder(JsonElement result) => Read(() => new KrakenEditResult(
        VenueOrderId.Create(KrakenJson.GetString(result, "txid")),
        VenueOrderId.Create(KrakenJson.GetString(result, "originaltxid"))));

    /// <summary>Reads <c>CancelOrder</c> or <c>CancelAll</c>.</summary>
    /// <param name="result">The result element.</param>
    /// <returns>The count canceled and whether the cancel is pending.</returns>
    public static VenueResult<CancelAck> ReadCancel(JsonElement result) => Read(() => new CancelAck(KrakenJson.Required(result, "count").GetInt32())
    {
        Pending = result.TryGetProperty("pending", out var pending) && pending.ValueKind == JsonValueKind.True,
    });

    /// <summary>Reads <c>CancelAllOrdersAfter</c>.</summary>
    /// <param name="result">The result element.</param>
    /// <returns>The dead-man switch's state; a trigger time equal to the current time means disarmed.</returns>
    public static VenueResult<DeadManSwitchStatus> ReadCancelAllOrdersAfter(JsonElement result) => Read(() => KrakenWsAckReaders.ReadDeadManSwitch(result));

    /// <summary>Reads <c>GetWebSocketsToken</c>.</summary>
    /// <param name="result">The result element.</param>
    /// <returns>The token.</returns>
    public static VenueResult<KrakenWebSocketToken> ReadWebSocketsToken(JsonElement result) => Read(() => new KrakenWebSocketToken(
        KrakenJson.GetString(result, "token"),
        TimeSpan.FromSeconds(KrakenJson.Required(result, "expires").GetInt32())));

    private static KrakenAssetPair ReadAssetPair(string key, JsonElement pair)
    {
        var pricePrecision = KrakenJson.Required(pair, "pair_decimals").GetInt32();
        var sizePrecision = KrakenJson.Required(pair, "lot_decimals").GetInt32();
        var tickSize = KrakenJson.GetOptionalDecimal(pair, "tick_size") ?? FixedPoint.ToDecimal(1, pricePrecision);
        var wsName = KrakenJson.GetOptionalString(pair, "wsname")
            ?? $"{KrakenJson.GetString(pair, "base")}/{KrakenJson.GetString(pair, "quote")}";
        var instrument = KrakenAssetNames.ToInstrument(wsName);
        var orderMinimum = KrakenJson.GetOptionalDecimal(pair, "ordermin");
        var spec = new InstrumentSpec(
            instrument,
            new Price(tickSize),
            new Quantity(FixedPoint.ToDecimal(1, sizePrecision)),
            pricePrecision,
            sizePrecision,
            orderMinimum is { } min ? new Quantity(min) : null,
            minNotional: KrakenJson.GetOptionalDecimal(pair, "costmin") ?? 0m);
        return new KrakenAssetPair(key, KrakenJson.GetString(pair, "altname"), instrument, spec, KrakenJson.GetOptionalString(pair, "status") ?? "online")
        {
            MakerFeePercent = LowestTierFee(pair, "fees_maker"),
            TakerFeePercent = LowestTierFee(pair, "fees"),
        };
    }

    private static decimal? LowestTierFee(JsonElement pair, string name) =>
        pair.TryGetProperty(name, out var tiers) && tiers.ValueKind == JsonValueKind.Array && tiers.GetArrayLength() > 0
            ? KrakenJson.ToDecimal(tiers[0][1], $"'{name}[0][1]'")
            : null;

    private static ImmutableArray<BookLevel> ReadDepthSide(JsonElement book, string name, ref long latest)
    {
        var side = KrakenJson.Required(book, name);
        var levels = ImmutableArray.CreateBuilder<BookLevel>(side.GetArrayLength());
        foreach (var level in side.EnumerateArray())
        {
            levels.Add(new BookLevel(
                new Price(KrakenJson.ToDecimal(level[0], $"'{name}' price")),
                new Quantity(KrakenJson.ToDecimal(level[1], $"'{name}' volume"))));
            latest = Math.Max(latest, level[2].GetInt64() * 1_000_000_000L);
        }

        return levels.MoveToImmutable();
    }

    private static VenueOrder ReadOrder(string txid, JsonElement order, KrakenPairDirectory pairs)
    {
        var description = KrakenJson.Required(order, "descr");
        var pairName = KrakenJson.GetString(description, "pair");
        var instrument = pairs.TryFind(pairName, out var pair) ? pair.Instrument : InstrumentId.Create(pairName);
        var quantity = KrakenJson.GetDecimal(order, "vol");
        var filled = KrakenJson.GetDecimal(order, "vol_exec");
        var limitPrice = KrakenJson.GetOptionalDecimal(description, "price");
        var averagePrice = KrakenJson.GetOptionalDecimal(order, "price");
        var flags = KrakenJson.GetOptionalString(order, "oflags") ?? string.Empty;
        return new VenueOrder(
            VenueOrderId.Create(txid),
            instrument,
            KrakenJson.GetSide(description, "type"),
            KrakenJson.GetString(description, "ordertype") switch
            {
                "limit" => OrderType.Limit,
                "market" => OrderType.Market,
                _ => OrderType.Unspecified,
            },
            Status(KrakenJson.GetString(order, "status"), quantity, filled),
            new Quantity(quantity),
            new Quantity(filled))
        {
            ClientOrderId = KrakenJson.GetOptionalString(order, "cl_ord_id") is { } clientId && ClientOrderId.TryCreate(clientId, out var id) ? id : null,
            LimitPrice = limitPrice is > 0m ? new Price(limitPrice.Value) : null,
            AveragePrice = averagePrice is > 0m ? new Price(averagePrice.Value) : null,
            Fee = KrakenJson.GetOptionalDecimal(order, "fee") ?? 0m,
            PostOnly = flags.Split(',').Contains("post", StringComparer.Ordinal),
            OpenedNanoseconds = KrakenJson.GetUnixSecondsAsNanoseconds(order, "opentm"),
            ClosedNanoseconds = KrakenJson.GetUnixSecondsAsNanoseconds(order, "closetm"),
            Reason = KrakenJson.GetOptionalString(order, "reason"),
        };
    }

    /// <summary>Kraken's REST statuses: pending, open, closed (done, filled or not), canceled, expired.</summary>
    private static OrderStatus Status(string status, decimal quantity, decimal filled) => status switch
    {
        "pending" => OrderStatus.PendingNew,
        "open" => filled > 0m ? OrderStatus.PartiallyFilled : OrderStatus.Accepted,
        "closed" => filled >= quantity ? OrderStatus.Filled : OrderStatus.Canceled,
        "canceled" => OrderStatus.Canceled,
        "expired" => OrderStatus.Expired,
        _ => throw new FormatException($"'status' '{status}' is not a Kraken order status"),
    };

    private static string? Description(JsonElement result) =>
        result.TryGetProperty("descr", out var descr) && descr.ValueKind == JsonValueKind.Object
            ? KrakenJson.GetOptionalString(descr, "order")
            : null;

    private static JsonElement SingleEntry(JsonElement result, string endpoint)
    {
        foreach (var property in result.EnumerateObject())
        {
            return property.Value;
        }

        throw new FormatException($"{endpoint} returned no pair");
    }

    private static VenueResult<T> Read<T>(Func<T> read)
    {
        try
        {
            return VenueResult<T>.Success(read());
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or KeyNotFoundException
            or IndexOutOfRangeException or ArgumentException)
        {
            return VenueResult<T>.Failure(VenueError.MalformedResponse($"Kraken's answer could not be read: {exception.Message}"));
        }
    }
}
