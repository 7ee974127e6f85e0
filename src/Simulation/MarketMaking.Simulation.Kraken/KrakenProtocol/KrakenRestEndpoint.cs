using System.Globalization;
using System.Text.Json;
using MarketMaking.Adapters;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Simulation.Matching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace MarketMaking.Simulation.KrakenProtocol;

/// <summary>
/// Serves the Kraken REST subset the adapter uses: public <c>Time</c>, <c>AssetPairs</c>, <c>Depth</c> and
/// <c>Ticker</c>; private (signed, with a strictly increasing nonce) <c>GetWebSocketsToken</c>, <c>Balance</c>,
/// <c>BalanceEx</c>, <c>OpenOrders</c>, <c>QueryOrders</c>, <c>AddOrder</c>, <c>AddOrderBatch</c>, <c>AmendOrder</c>,
/// <c>CancelOrder</c>, <c>CancelAll</c> and <c>CancelAllOrdersAfter</c>, answered in Kraken's
/// <c>{"error":[],"result":{}}</c> envelope. Kraken's REST call counter for the tier is enforced on the non-trading
/// private calls (<c>EAPI:Rate limit exceeded</c>).
/// </summary>
/// <remarks>Source: <see href="https://docs.kraken.com/api/docs/rest-api/add-order"/> and the pages beside it.</remarks>
internal sealed class KrakenRestEndpoint
{
    private readonly KrakenSimulatorCore _core;
    private readonly KrakenRequestAuthenticator _authenticator;
    private long _anonymousOrders;
    private readonly DecayingCounter _restCounter;
    private readonly double _restMaximum;
    private readonly bool _enforceLimits;

    public KrakenRestEndpoint(KrakenSimulatorCore core, KrakenSimulatorOptions options)
    {
        _core = core;
        _authenticator = new KrakenRequestAuthenticator(options.ApiKey, options.ApiSecret);
        _enforceLimits = options.EnforceRateLimits;
        _restMaximum = KrakenRateLimits.RestCounterMaximum(options.Tier);
        _restCounter = new DecayingCounter(_restMaximum, KrakenRateLimits.RestCounterDecayPerSecond(options.Tier), core.TimeProvider);
    }

    /// <summary>Kraken's trading calls use the per-pair trading counter instead of the REST call counter.</summary>
    private static bool IsTradingCall(string method) => method is "AddOrder" or "AddOrderBatch" or "AmendOrder" or "EditOrder" or "CancelOrder" or "CancelAll" or "CancelAllOrdersAfter";

    /// <summary>Gets how many private requests were refused for their key, signature or nonce.</summary>
    public int AuthenticationFailures { get; private set; }

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        context.Response.ContentType = "application/json";
        if (path.StartsWith("/0/public/", StringComparison.Ordinal))
        {
            await WriteAsync(context, await PublicAsync(path["/0/public/".Length..], context.Request.Query).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }

        if (!path.StartsWith("/0/private/", StringComparison.Ordinal) || !HttpMethods.IsPost(context.Request.Method))
        {
            await WriteAsync(context, Error("EGeneral:Unknown method")).ConfigureAwait(false);
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        var fields = QueryHelpers.ParseQuery(body).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var refused = _authenticator.Check(context.Request.Headers["API-Key"], context.Request.Headers["API-Sign"], path, body, fields.GetValueOrDefault("nonce"));
        if (refused is not null)
        {
            AuthenticationFailures++;
            await WriteAsync(context, Error(refused)).ConfigureAwait(false);
            return;
        }

        var method = path["/0/private/".Length..];
        if (!IsTradingCall(method) && !_restCounter.TryAdd(1, _restMaximum, out _) && _enforceLimits)
        {
            await WriteAsync(context, Error("EAPI:Rate limit exceeded")).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, await PrivateAsync(method, fields).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private static byte[] Error(string error) => KrakenMessageWriter.Write(w =>
    {
        w.WriteStartArray("error");
        w.WriteStringValue(error);
        w.WriteEndArray();
    });

    private static byte[] Result(Action<Utf8JsonWriter> writeResult) => KrakenMessageWriter.Write(w =>
    {
        w.WriteStartArray("error");
        w.WriteEndArray();
        w.WritePropertyName("result");
        w.WriteStartObject();
        writeResult(w);
        w.WriteEndObject();
    });

    private static Task WriteAsync(HttpContext context, byte[] body) => context.Response.Body.WriteAsync(body).AsTask();

    /// <summary>Kraken's legacy pair name: the served symbol without the slash, XBT for BTC (<c>XBTUSDT</c>).</summary>
    private static string AltName(InstrumentId instrument) => instrument.Value.Replace("/", string.Empty, StringComparison.Ordinal).Replace("BTC", "XBT", StringComparison.Ordinal);

    private static string WsName(InstrumentId instrument) => instrument.Value.Replace("BTC", "XBT", StringComparison.Ordinal);

    private async Task<byte[]> PublicAsync(string method, IQueryCollection query)
    {
        switch (method)
        {
            case "Time":
                return Result(w =>
                {
                    w.WriteNumber("unixtime", _core.Venue.Now / 1_000_000_000);
                    w.WriteString("rfc1123", DateTimeOffset.UnixEpoch.AddTicks(_core.Venue.Now / 100).ToString("r", CultureInfo.InvariantCulture));
                });
            case "AssetPairs":
                return Result(w =>
                {
                    foreach (var instrument in _core.Instruments.Values)
                    {
                        var spec = instrument.Spec;
                        w.WriteStartObject(AltName(spec.Instrument));
                        w.WriteString("altname", AltName(spec.Instrument));
                        w.WriteString("wsname", WsName(spec.Instrument));
                        w.WriteString("base", instrument.BaseAsset.Value == "BTC" ? "XXBT" : instrument.BaseAsset.Value);
                        w.WriteString("quote", instrument.QuoteAsset.Value);
                        w.WriteNumber("pair_decimals", spec.PricePrecision);
                        w.WriteNumber("lot_decimals", spec.SizePrecision);
                        w.WriteString("ordermin", spec.MinQuantity.Value.ToString(CultureInfo.InvariantCulture));
                        w.WriteString("costmin", spec.MinNotional.ToString(CultureInfo.InvariantCulture));
                        w.WriteString("tick_size", spec.TickSize.Value.ToString(CultureInfo.InvariantCulture));
                        w.WriteString("status", "online");
                        w.WriteEndObject();
                    }
                });
            case "Depth" or "Ticker":
                var pair = query["pair"].ToString();
                if (FindInstrument(pair) is not { } instrument)
                {
                    return Error("EQuery:Unknown asset pair");
                }

                var count = int.TryParse(query["count"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, 500) : 100;
                var (bids, asks, now) = await _core.RunAsync(venue =>
                {
                    var book = venue.Engines[instrument].Book;
                    return (book.GetLevels(Side.Buy, count), book.GetLevels(Side.Sell, count), venue.Now);
                }).ConfigureAwait(false);
                var spec = _core.Instruments[instrument].Spec;
                return method == "Depth" ? Result(w => WriteDepth(w, instrument, spec, bids, asks, now)) : Result(w => WriteTicker(w, instrument, spec, bids, asks));
            default:
                return Error("EGeneral:Unknown method");
        }
    }

    private static void WriteDepth(Utf8JsonWriter w, InstrumentId instrument, InstrumentSpec spec, BookLevel[] bids, BookLevel[] asks, long now)
    {
        w.WriteStartObject(AltName(instrument));
        foreach (var (name, levels) in new[] { ("asks", asks), ("bids", bids) })
        {
            w.WriteStartArray(name);
            foreach (var level in levels)
            {
                w.WriteStartArray();
                w.WriteStringValue(KrakenWireFormat.Fixed(level.Price.Value, spec.PricePrecision));
                w.WriteStringValue(KrakenWireFormat.Fixed(level.Quantity.Value, spec.SizePrecision));
                w.WriteNumberValue(now / 1_000_000_000);
                w.WriteEndArray();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteTicker(Utf8JsonWriter w, InstrumentId instrument, InstrumentSpec spec, BookLevel[] bids, BookLevel[] asks)
    {
        w.WriteStartObject(AltName(instrument));
        foreach (var (name, levels) in new[] { ("a", asks), ("b", bids) })
        {
            w.WriteStartArray(name);
            var top = levels.Length > 0 ? levels[0] : default;
            w.WriteStringValue(KrakenWireFormat.Fixed(top.Price.Value, spec.PricePrecision));
            w.WriteStringValue("1");
            w.WriteStringValue(KrakenWireFormat.Fixed(top.Quantity.Value, spec.SizePrecision));
            w.WriteEndArray();
        }

        // The replay has no session statistics: last, volume and the rest are from the book's mid, or zero.
        var mid = bids.Length > 0 && asks.Length > 0 ? (bids[0].Price.Value + asks[0].Price.Value) / 2 : 0m;
        w.WriteStartArray("c");
        w.WriteStringValue(KrakenWireFormat.Fixed(mid, spec.PricePrecision));
        w.WriteStringValue("0");
        w.WriteEndArray();
        w.WriteStartArray("v");
        w.WriteStringValue("0");
        w.WriteStringValue("0");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private InstrumentId? FindInstrument(string pair) =>
        _core.Instruments.Keys.Where(i => i.Value == pair || AltName(i) == pair || WsName(i) == pair).Select(i => (InstrumentId?)i).FirstOrDefault();

    private async Task<byte[]> PrivateAsync(string method, Dictionary<string, string> fields)
    {
        switch (method)
        {
            case "GetWebSocketsToken":
                var token = _core.IssueToken();
                return Result(w =>
                {
                    w.WriteString("token", token);
                    w.WriteNumber("expires", 900);
                });
            case "Balance":
                var totals = await _core.RunAsync(venue => venue.Accounts[KrakenSimulatorCore.AccountId].Totals.ToArray()).ConfigureAwait(false);
                return Result(w =>
                {
                    foreach (var (asset, total) in totals)
                    {
                        w.WriteString(asset.Value == "BTC" ? "XXBT" : asset.Value, total.ToString(CultureInfo.InvariantCulture));
                    }
                });
            case "BalanceEx":
                var balances = await _core.RunAsync(venue =>
                {
                    var account = venue.Accounts[KrakenSimulatorCore.AccountId];
                    return account.Totals.Select(t => (t.Key, t.Value, account.Held(t.Key))).ToArray();
                }).ConfigureAwait(false);
                return Result(w =>
                {
                    foreach (var (asset, total, held) in balances)
                    {
                        w.WriteStartObject(asset.Value == "BTC" ? "XXBT" : asset.Value);
                        w.WriteString("balance", total.ToString(CultureInfo.InvariantCulture));
                        w.WriteString("hold_trade", held.ToString(CultureInfo.InvariantCulture));
                        w.WriteEndObject();
                    }
                });
            case "OpenOrders":
                var open = await _core.RunAsync(venue => venue.Engines.Values.SelectMany(e => e.RestingOrders.Where(o => o.Account == KrakenSimulatorCore.AccountId).Select(o => (e, o))).ToArray()).ConfigureAwait(false);
                return Result(w =>
                {
                    w.WriteStartObject("open");
                    foreach (var (engine, order) in open)
                    {
                        WriteOrder(w, engine, order);
                    }

                    w.WriteEndObject();
                });
            case "QueryOrders":
                var ids = fields.GetValueOrDefault("txid", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
                var found = await _core.RunAsync(venue => ids
                    .Select(id => VenueOrderId.TryCreate(id, out var venueId) ? venue.Engines.Values.Select(e => (e, o: e.Find(venueId))).FirstOrDefault(x => x.o is not null) : default)
                    .Where(x => x.o is { Account: KrakenSimulatorCore.AccountId })
                    .ToArray()).ConfigureAwait(false);
                return Result(w =>
                {
                    foreach (var (engine, order) in found)
                    {
                        WriteOrder(w, engine!, order!);
                    }
                });
            case "AddOrder":
                return await AddOrderAsync(fields).ConfigureAwait(false);
            case "AddOrderBatch":
                return await AddOrderBatchAsync(fields).ConfigureAwait(false);
            case "AmendOrder":
                return await AmendOrderAsync(fields).ConfigureAwait(false);
            case "CancelOrder":
                var reference = fields.TryGetValue("txid", out var txid) && VenueOrderId.TryCreate(txid, out var cancelId) ? OrderReference.ByVenueId(cancelId)
                    : fields.TryGetValue("cl_ord_id", out var clientText) && ClientOrderId.TryCreate(clientText, out var clientId) ? OrderReference.ByClientId(clientId)
                    : default;
                var canceled = await _core.RequestAsync<VenueResult<CancelAck>>((venue, answer) => venue.Cancel(null, reference, KrakenSimulatorCore.AccountId, answer)).ConfigureAwait(false);
                return canceled.IsSuccess ? Result(w => w.WriteNumber("count", 1)) : Error(KrakenRejects.Wire(canceled.Error!));
            case "CancelAll":
                var all = await _core.RequestAsync<VenueResult<CancelAck>>((venue, answer) => venue.CancelAll(KrakenSimulatorCore.AccountId, answer)).ConfigureAwait(false);
                return Result(w => w.WriteNumber("count", all.Value!.Count));
            case "CancelAllOrdersAfter":
                if (!int.TryParse(fields.GetValueOrDefault("timeout"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds >= 86_400)
                {
                    return Error("EGeneral:Invalid arguments:timeout");
                }

                var status = await _core.RequestAsync<VenueResult<DeadManSwitchStatus>>((venue, answer) =>
                    venue.CancelAllAfter(KrakenSimulatorCore.AccountId, TimeSpan.FromSeconds(seconds), answer)).ConfigureAwait(false);
                return Result(w =>
                {
                    w.WriteString("currentTime", KrakenWireFormat.Timestamp(status.Value!.CurrentTimeNanoseconds));
                    w.WriteString("triggerTime", KrakenWireFormat.Timestamp(status.Value.IsArmed ? status.Value.TriggerTimeNanoseconds : status.Value.CurrentTimeNanoseconds));
                });
            default:
                return Error("EGeneral:Unknown method");
        }
    }

    private async Task<byte[]> AddOrderBatchAsync(Dictionary<string, string> fields)
    {
        if (FindInstrument(fields.GetValueOrDefault("pair", string.Empty)) is not { } instrument)
        {
            return Error("EQuery:Unknown asset pair");
        }

        // orders[i][field] form fields, i from 0.
        var requests = new List<OrderRequest>();
        for (var i = 0; fields.ContainsKey($"orders[{i}][volume]"); i++)
        {
            var prefix = $"orders[{i}][";
            var order = fields.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(f => f.Key[prefix.Length..^1], f => f.Value, StringComparer.Ordinal);
            order["validate"] = fields.GetValueOrDefault("validate") ?? string.Empty;
            if (ReadOrder(order, instrument) is not { } request)
            {
                return Error($"EGeneral:Invalid arguments:orders[{i}]");
            }

            requests.Add(request);
        }

        if (requests.Count is < 2 or > 15)
        {
            return Error("EGeneral:Invalid arguments:orders");
        }

        var results = new List<VenueResult<OrderAck>>();
        foreach (var request in requests)
        {
            results.Add(await PlaceAsync(request).ConfigureAwait(false));
        }

        return Result(w =>
        {
            w.WriteStartArray("orders");
            foreach (var result in results)
            {
                w.WriteStartObject();
                if (result.IsSuccess)
                {
                    w.WriteString("txid", result.Value.VenueOrderId?.Value ?? string.Empty);
                }
                else
                {
                    w.WriteString("error", KrakenRejects.Wire(result.Error!));
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private async Task<byte[]> AmendOrderAsync(Dictionary<string, string> fields)
    {
        var reference = fields.TryGetValue("txid", out var txid) && VenueOrderId.TryCreate(txid, out var venueId) ? OrderReference.ByVenueId(venueId)
            : fields.TryGetValue("cl_ord_id", out var clientText) && ClientOrderId.TryCreate(clientText, out var clientId) ? OrderReference.ByClientId(clientId)
            : default;
        var result = await _core.AmendAsync(
            reference,
            decimal.TryParse(fields.GetValueOrDefault("order_qty"), NumberStyles.Float, CultureInfo.InvariantCulture, out var quantity) ? new Quantity(quantity) : null,
            decimal.TryParse(fields.GetValueOrDefault("limit_price"), NumberStyles.Float, CultureInfo.InvariantCulture, out var price) ? new Price(price) : null,
            fields.GetValueOrDefault("post_only") == "true").ConfigureAwait(false);
        return result.IsSuccess ? Result(w => w.WriteString("amend_id", result.Value.AmendId)) : Error(KrakenRejects.Wire(result.Error!));
    }

    private Task<VenueResult<OrderAck>> PlaceAsync(OrderRequest request) =>
        _core.Chance(_core.Faults.RateLimit, "rate-limit")
            ? Task.FromResult(VenueResult<OrderAck>.Failure(KrakenErrors.Map("EOrder:Rate limit exceeded")))
            : _core.PlaceAsync(request);

    private OrderRequest? ReadOrder(Dictionary<string, string> fields, InstrumentId instrument)
    {
        if (!decimal.TryParse(fields.GetValueOrDefault("volume"), NumberStyles.Float, CultureInfo.InvariantCulture, out var volume)
            || !ClientOrderId.TryCreate(fields.GetValueOrDefault("cl_ord_id") ?? $"anon-{Interlocked.Increment(ref _anonymousOrders).ToString(CultureInfo.InvariantCulture)}", out var clientId))
        {
            return null;
        }

        return new OrderRequest(
            instrument,
            fields.GetValueOrDefault("type") == "sell" ? Side.Sell : Side.Buy,
            fields.GetValueOrDefault("ordertype") == "market" ? OrderType.Market : OrderType.Limit,
            new Quantity(volume),
            clientId)
        {
            LimitPrice = decimal.TryParse(fields.GetValueOrDefault("price"), NumberStyles.Float, CultureInfo.InvariantCulture, out var price) ? new Price(price) : null,
            PostOnly = (fields.GetValueOrDefault("oflags") ?? string.Empty).Split(',').Contains("post", StringComparer.Ordinal),
            ValidateOnly = fields.GetValueOrDefault("validate") == "true",
            TimeInForce = fields.GetValueOrDefault("timeinforce") switch
            {
                "IOC" => TimeInForce.ImmediateOrCancel,
                "FOK" => TimeInForce.FillOrKill,
                "GTD" => TimeInForce.GoodTillDate,
                _ => TimeInForce.GoodTillCanceled,
            },
        };
    }

    private async Task<byte[]> AddOrderAsync(Dictionary<string, string> fields)
    {
        if (FindInstrument(fields.GetValueOrDefault("pair", string.Empty)) is not { } instrument)
        {
            return Error("EQuery:Unknown asset pair");
        }

        if (ReadOrder(fields, instrument) is not { } request)
        {
            return Error("EGeneral:Invalid arguments:volume");
        }

        var result = await PlaceAsync(request).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return Error(KrakenRejects.Wire(result.Error!));
        }

        return Result(w =>
        {
            w.WriteStartObject("descr");
            w.WriteString("order", $"{(request.Side == Side.Buy ? "buy" : "sell")} {request.Quantity} {AltName(instrument)}");
            w.WriteEndObject();
            if (result.Value.VenueOrderId is { } venueOrderId)
            {
                w.WriteStartArray("txid");
                w.WriteStringValue(venueOrderId.Value);
                w.WriteEndArray();
            }
        });
    }

    private static void WriteOrder(Utf8JsonWriter w, MatchingEngine engine, SimulatedOrder order)
    {
        var spec = engine.Spec;
        w.WriteStartObject(order.VenueOrderId.Value);
        w.WriteString("status", order.IsOpen ? "open" : order.Status == OrderStatus.Filled ? "closed" : "canceled");
        w.WriteString("cl_ord_id", order.ClientOrderId.Value);
        w.WriteStartObject("descr");
        w.WriteString("pair", AltName(engine.Instrument));
        w.WriteString("type", order.Side == Side.Buy ? "buy" : "sell");
        w.WriteString("ordertype", "limit");
        w.WriteString("price", KrakenWireFormat.Fixed(spec.FromTicks(order.PriceTicks).Value, spec.PricePrecision));
        w.WriteEndObject();
        w.WriteString("vol", KrakenWireFormat.Fixed(spec.FromLots(order.QuantityLots).Value, spec.SizePrecision));
        w.WriteString("vol_exec", KrakenWireFormat.Fixed(spec.FromLots(order.FilledLots).Value, spec.SizePrecision));
        w.WriteString("oflags", order.PostOnly ? "post" : string.Empty);
        w.WriteEndObject();
    }
}
