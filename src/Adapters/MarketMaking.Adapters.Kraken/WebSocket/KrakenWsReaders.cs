using System.Collections.Immutable;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Reads Kraken WebSocket v2 messages other than <c>book</c> (which has its own allocation-free parser) into the
/// platform's models. Each reader throws <see cref="FormatException"/> for a message that does not have the documented
/// shape; the caller logs it and skips the message.
/// </summary>
/// <remarks>Sources: the channel pages under <see href="https://docs.kraken.com/api/docs/websocket-v2/"/>; notes in <c>docs/protocol/kraken.md</c>, behaviour in <c>docs/adapters/kraken.md</c> §7.</remarks>
internal static class KrakenWsReaders
{
    /// <summary>Reads a request's answer (any message with a <c>method</c>).</summary>
    public static KrakenWsResponse ReadResponse(JsonElement message)
    {
        var method = KrakenJson.GetString(message, "method");
        long? requestId = message.TryGetProperty("req_id", out var id) && id.TryGetInt64(out var value) ? value : null;
        var success = !message.TryGetProperty("success", out var flag) || flag.ValueKind == JsonValueKind.True;
        var error = KrakenJson.GetOptionalString(message, "error");
        return new KrakenWsResponse(method, requestId, success && error is null, error, message.Clone(), Time(message, "time_in"), Time(message, "time_out"));
    }

    /// <summary>Reads a <c>trade</c> message: one <see cref="Trade"/> per element of <c>data</c>, the taker's side as aggressor.</summary>
    public static ImmutableArray<Trade> ReadTrades(JsonElement message, long tsInit)
    {
        var trades = ImmutableArray.CreateBuilder<Trade>();
        foreach (var trade in Data(message))
        {
            trades.Add(new Trade(
                KrakenVenue.Id,
                Instrument(trade),
                new Price(KrakenJson.GetDecimal(trade, "price")),
                new Quantity(KrakenJson.GetDecimal(trade, "qty")),
                KrakenJson.GetSide(trade, "side"),
                TradeId.Create(KrakenJson.Required(trade, "trade_id").GetRawText().Trim('"')),
                KrakenJson.GetRfc3339AsNanoseconds(trade, "timestamp"),
                tsInit));
        }

        return trades.ToImmutable();
    }

    /// <summary>Reads a <c>ticker</c> message's best bid and ask as <see cref="TopOfBook"/> events.</summary>
    public static ImmutableArray<TopOfBook> ReadTopOfBook(JsonElement message, long tsInit) =>
        [.. Data(message).Select(t => new TopOfBook(
            KrakenVenue.Id,
            Instrument(t),
            new Price(KrakenJson.GetDecimal(t, "bid")),
            new Quantity(KrakenJson.GetDecimal(t, "bid_qty")),
            new Price(KrakenJson.GetDecimal(t, "ask")),
            new Quantity(KrakenJson.GetDecimal(t, "ask_qty")),
            Time(t, "timestamp") is var ts && ts != 0 ? ts : tsInit,
            tsInit))];

    /// <summary>Reads a <c>ticker</c> message as <see cref="Ticker"/> values (with the last price and 24 h volume).</summary>
    public static ImmutableArray<Ticker> ReadTickers(JsonElement message) =>
        [.. Data(message).Select(t => new Ticker(
            Instrument(t),
            new Price(KrakenJson.GetDecimal(t, "bid")),
            new Quantity(KrakenJson.GetDecimal(t, "bid_qty")),
            new Price(KrakenJson.GetDecimal(t, "ask")),
            new Quantity(KrakenJson.GetDecimal(t, "ask_qty")),
            new Price(KrakenJson.GetDecimal(t, "last")),
            new Quantity(KrakenJson.GetDecimal(t, "volume"))))];

    /// <summary>Reads an <c>instrument</c> message's pairs; a pair that cannot be read is reported in <paramref name="errors"/>, not thrown.</summary>
    public static ImmutableArray<InstrumentSpec> ReadInstruments(JsonElement message, out ImmutableArray<string> errors)
    {
        var data = KrakenJson.Required(message, "data");
        var specs = ImmutableArray.CreateBuilder<InstrumentSpec>();
        var problems = ImmutableArray.CreateBuilder<string>();
        if (data.TryGetProperty("pairs", out var pairs) && pairs.ValueKind == JsonValueKind.Array)
        {
            foreach (var pair in pairs.EnumerateArray())
            {
                if (KrakenInstrumentParser.TryParsePair(pair, out var spec, out var error))
                {
                    specs.Add(spec!);
                }
                else
                {
                    problems.Add(error!);
                }
            }
        }

        errors = problems.ToImmutable();
        return specs.ToImmutable();
    }

    /// <summary>Reads a <c>status</c> message.</summary>
    public static VenueStatusChanged ReadStatus(JsonElement message, long tsInit)
    {
        var system = KrakenJson.GetString(Data(message).First(), "system");
        return new VenueStatusChanged(KrakenVenue.Id, ToTradingStatus(system), system, tsInit);
    }

    /// <summary>Maps Kraken's system or pair status word to a <see cref="VenueTradingStatus"/>.</summary>
    public static VenueTradingStatus ToTradingStatus(string status) => status switch
    {
        "online" => VenueTradingStatus.Online,
        "maintenance" => VenueTradingStatus.Maintenance,
        "cancel_only" => VenueTradingStatus.CancelOnly,
        "post_only" => VenueTradingStatus.PostOnly,
        "limit_only" => VenueTradingStatus.LimitOnly,
        "reduce_only" => VenueTradingStatus.ReduceOnly,
        _ => VenueTradingStatus.Unspecified,
    };

    /// <summary>
    /// Reads an <c>executions</c> message: a fill (<c>exec_type: trade</c>) becomes a <see cref="FillEvent"/> keyed by
    /// <c>exec_id</c>; every other entry an <see cref="OrderUpdate"/> carrying only the fields Kraken sent (updates are sparse).
    /// </summary>
    public static KrakenExecutionsMessage ReadExecutions(JsonElement message, long tsInit)
    {
        var isSnapshot = KrakenJson.GetOptionalString(message, "type") == "snapshot";
        long? sequence = message.TryGetProperty("sequence", out var s) && s.TryGetInt64(out var n) ? n : null;
        var events = ImmutableArray.CreateBuilder<VenueEvent>();
        foreach (var entry in Data(message))
        {
            events.Add(KrakenJson.GetOptionalString(entry, "exec_type") == "trade" ? ReadFill(entry, isSnapshot, tsInit) : ReadOrderUpdate(entry, isSnapshot, tsInit));
        }

        return new KrakenExecutionsMessage(isSnapshot, sequence, events.ToImmutable());
    }

    /// <summary>
    /// Reads a <c>balances</c> message into the spot-wallet balance of each asset: from a snapshot, the sum of its spot
    /// wallets (earn wallets cannot trade); from an update, the balance after each spot ledger entry, with the entry's
    /// <c>ref_id</c> (the trade id for fills).
    /// </summary>
    public static ImmutableArray<BalanceUpdate> ReadBalances(JsonElement message, long tsInit)
    {
        var isSnapshot = KrakenJson.GetOptionalString(message, "type") == "snapshot";
        var balances = ImmutableArray.CreateBuilder<BalanceUpdate>();
        foreach (var entry in Data(message))
        {
            var asset = AssetId.Create(KrakenAssetNames.ToCanonicalAsset(KrakenJson.GetString(entry, "asset")));
            if (isSnapshot)
            {
                var total = entry.TryGetProperty("wallets", out var wallets) && wallets.ValueKind == JsonValueKind.Array
                    ? wallets.EnumerateArray().Where(w => KrakenJson.GetOptionalString(w, "type") == "spot").Sum(w => KrakenJson.GetDecimal(w, "balance"))
                    : KrakenJson.GetDecimal(entry, "balance");
                balances.Add(new BalanceUpdate(KrakenVenue.Id, asset, total, tsInit, tsInit) { IsSnapshot = true });
            }
            else if (KrakenJson.GetOptionalString(entry, "wallet_type") is null or "spot")
            {
                balances.Add(new BalanceUpdate(KrakenVenue.Id, asset, KrakenJson.GetDecimal(entry, "balance"), Time(entry, "timestamp"), tsInit)
                {
                    Reference = KrakenJson.GetOptionalString(entry, "ref_id"),
                });
            }
        }

        return balances.ToImmutable();
    }

    private static FillEvent ReadFill(JsonElement entry, bool isSnapshot, long tsInit)
    {
        var fees = entry.TryGetProperty("fees", out var f) && f.ValueKind == JsonValueKind.Array ? f.EnumerateArray().ToArray() : [];
        var tradeId = KrakenJson.GetOptionalString(entry, "exec_id") ?? KrakenJson.Required(entry, "trade_id").GetRawText();
        return new FillEvent(
            KrakenVenue.Id,
            Instrument(entry),
            VenueOrderId.Create(KrakenJson.GetString(entry, "order_id")),
            TradeId.Create(tradeId),
            KrakenJson.GetSide(entry, "side"),
            new Price(KrakenJson.GetDecimal(entry, "last_price")),
            new Quantity(KrakenJson.GetDecimal(entry, "last_qty")),
            KrakenJson.GetRfc3339AsNanoseconds(entry, "timestamp"),
            tsInit)
        {
            ClientOrderId = ClientId(entry),
            Liquidity = KrakenJson.GetOptionalString(entry, "liquidity_ind") switch
            {
                "m" => LiquiditySide.Maker,
                "t" => LiquiditySide.Taker,
                _ => LiquiditySide.Unspecified,
            },
            Fee = fees.Sum(fee => KrakenJson.GetDecimal(fee, "qty")),
            FeeAsset = fees.Length > 0 ? AssetId.Create(KrakenAssetNames.ToCanonicalAsset(KrakenJson.GetString(fees[0], "asset"))) : null,
            OrderStatus = Status(entry),
            IsSnapshot = isSnapshot,
        };
    }

    private static OrderUpdate ReadOrderUpdate(JsonElement entry, bool isSnapshot, long tsInit) =>
        new(KrakenVenue.Id, VenueOrderId.Create(KrakenJson.GetString(entry, "order_id")), Status(entry) ?? OrderStatus.Unspecified, Time(entry, "timestamp"), tsInit)
        {
            ClientOrderId = ClientId(entry),
            Instrument = entry.TryGetProperty("symbol", out _) ? Instrument(entry) : null,
            Side = entry.TryGetProperty("side", out _) ? KrakenJson.GetSide(entry, "side") : null,
            OrderType = KrakenJson.GetOptionalString(entry, "order_type") switch
            {
                "limit" => OrderType.Limit,
                "market" => OrderType.Market,
                null => null,
                _ => OrderType.Unspecified,
            },
            LimitPrice = KrakenJson.GetOptionalDecimal(entry, "limit_price") is { } price and > 0 ? new Price(price) : null,
            Quantity = KrakenJson.GetOptionalDecimal(entry, "order_qty") is { } quantity ? new Quantity(quantity) : null,
            FilledQuantity = KrakenJson.GetOptionalDecimal(entry, "cum_qty") is { } filled ? new Quantity(filled) : null,
            AveragePrice = KrakenJson.GetOptionalDecimal(entry, "avg_price") is { } average and > 0 ? new Price(average) : null,
            PostOnly = entry.TryGetProperty("post_only", out var postOnly) && postOnly.ValueKind is JsonValueKind.True or JsonValueKind.False ? postOnly.GetBoolean() : null,
            Reason = KrakenJson.GetOptionalString(entry, "reason"),
            IsSnapshot = isSnapshot,
        };

    private static OrderStatus? Status(JsonElement entry) => KrakenJson.GetOptionalString(entry, "order_status") switch
    {
        "pending_new" => OrderStatus.PendingNew,
        "new" => OrderStatus.Accepted,
        "partially_filled" => OrderStatus.PartiallyFilled,
        "filled" => OrderStatus.Filled,
        "canceled" => OrderStatus.Canceled,
        "expired" => OrderStatus.Expired,
        null => null,
        _ => OrderStatus.Unspecified,
    };

    private static ClientOrderId? ClientId(JsonElement entry) =>
        KrakenJson.GetOptionalString(entry, "cl_ord_id") is { } text && ClientOrderId.TryCreate(text, out var id) ? id : null;

    private static InstrumentId Instrument(JsonElement element) => KrakenAssetNames.ToInstrument(KrakenJson.GetString(element, "symbol"));

    private static IEnumerable<JsonElement> Data(JsonElement message)
    {
        var data = KrakenJson.Required(message, "data");
        return data.ValueKind == JsonValueKind.Array ? data.EnumerateArray() : throw new FormatException("'data' must be an array");
    }

    private static long Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && KrakenTimestamp.TryParseUnixNanoseconds(System.Text.Encoding.UTF8.GetBytes(value.GetString()!), out var nanoseconds)
            ? nanoseconds
            : 0;
}
