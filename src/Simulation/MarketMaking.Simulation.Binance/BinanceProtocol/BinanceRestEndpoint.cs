using System.Globalization;
using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using Microsoft.AspNetCore.Http;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// Serves Binance's public REST market data on the market's prefix (<c>/api/v3</c>, <c>/fapi/v1</c>, <c>/dapi/v1</c>):
/// <c>ping</c>, <c>time</c>, <c>exchangeInfo</c> and <c>depth</c>, each charged its documented weight, reported in
/// <c>X-MBX-USED-WEIGHT-1M</c>, and refused with 429 and <c>Retry-After</c> beyond the minute's limit.
/// </summary>
/// <remarks>
/// Sources: <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints"/>
/// (depth weight 5 to 250 by limit), <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Order-Book"/>
/// (limits 5 to 1000, weight 2 to 20).
/// </remarks>
internal sealed class BinanceRestEndpoint(BinanceSimulatorCore core, BinanceOrderEndpoint orders)
{

    /// <summary>Gets the futures account's settings and positions endpoint.</summary>
    public BinanceFuturesAccountEndpoint Account { get; } = new(core);

    /// <summary>Gets the futures dead-man switch (<c>countdownCancelAll</c>).</summary>
    public BinanceCountdownCancel Countdowns { get; } = new(core);

    private static readonly int[] s_futuresDepthLimits = [5, 10, 20, 50, 100, 500, 1000];

    private string Prefix => core.Market switch
    {
        BinanceMarket.UsdM => "/fapi/v1",
        BinanceMarket.CoinM => "/dapi/v1",
        _ => "/api/v3",
    };

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;

        // USD-M's positions moved to v3; every other endpoint is on the market's one prefix.
        var endpoint = path == "/fapi/v3/positionRisk" && core.Market == BinanceMarket.UsdM ? "positionRisk"
            : path.StartsWith(Prefix + "/", StringComparison.Ordinal) ? path[(Prefix.Length + 1)..] : null;
        var method = context.Request.Method;
        switch (endpoint, method)
        {
            case ("ping", "GET"):
                await ChargedAsync(context, 1, () => "{}"u8.ToArray()).ConfigureAwait(false);
                break;
            case ("time", "GET"):
                await ChargedAsync(context, 1, () => System.Text.Encoding.UTF8.GetBytes($"{{\"serverTime\":{core.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds()}}}")).ConfigureAwait(false);
                break;
            case ("exchangeInfo", "GET"):
                await ChargedAsync(context, core.Market == BinanceMarket.Spot ? 20 : 1, () => BinanceMessageWriter.ExchangeInfo(
                    core.Instruments.Values.Select(i => (i, core.Rules[i.Spec.Instrument])), core.TimeProvider.GetUnixNanoseconds(), core.Market, core.Weight.Limit, core.Orders.Limit)).ConfigureAwait(false);
                break;
            case ("depth", "GET"):
                await DepthAsync(context).ConfigureAwait(false);
                break;
            case ("order", "POST"):
                await SignedAsync(context, orders.PlaceAsync).ConfigureAwait(false);
                break;
            case ("order", "PUT") when core.Market != BinanceMarket.Spot:
                await SignedAsync(context, orders.AmendAsync).ConfigureAwait(false);
                break;
            case ("order/amend/keepPriority", "PUT") when core.Market == BinanceMarket.Spot:
                await SignedAsync(context, orders.AmendKeepPriorityAsync, weight: BinanceOrderEndpoint.KeepPriorityWeight).ConfigureAwait(false);
                break;
            case ("batchOrders", "POST") when core.Market != BinanceMarket.Spot:
                await SignedAsync(context, orders.BatchAsync).ConfigureAwait(false);
                break;
            case ("order", "GET"):
                await SignedAsync(context, orders.QueryAsync).ConfigureAwait(false);
                break;
            case ("openOrders", "GET"):
                await SignedAsync(context, orders.OpenOrdersAsync).ConfigureAwait(false);
                break;
            case ("order", "DELETE"):
                await SignedAsync(context, orders.CancelAsync).ConfigureAwait(false);
                break;
            case ("openOrders", "DELETE") when core.Market == BinanceMarket.Spot:
            case ("allOpenOrders", "DELETE") when core.Market != BinanceMarket.Spot:
                await SignedAsync(context, orders.CancelAllAsync).ConfigureAwait(false);
                break;
            case ("leverage", "POST") when core.Market != BinanceMarket.Spot:
                await SignedAsync(context, Account.LeverageAsync).ConfigureAwait(false);
                break;
            case ("marginType", "POST") when core.Market != BinanceMarket.Spot:
                await SignedAsync(context, Account.MarginTypeAsync).ConfigureAwait(false);
                break;
            case ("positionSide/dual", "POST") when core.Market != BinanceMarket.Spot:
                await SignedAsync(context, Account.PositionModeAsync).ConfigureAwait(false);
                break;
            case ("positionRisk", "GET") when core.Market != BinanceMarket.Spot:
                await SignedAsync(context, Account.PositionsAsync).ConfigureAwait(false);
                break;
            case ("countdownCancelAll", "POST") when core.Market != BinanceMarket.Spot:
                await SignedAsync(context, Countdowns.HandleAsync).ConfigureAwait(false);
                break;
            case ("listenKey", _) when core.Market != BinanceMarket.Spot:
                await ListenKeyAsync(context, method).ConfigureAwait(false);
                break;
            default:
                await AnswerAsync(context, StatusCodes.Status404NotFound, BinanceMessageWriter.RestError(-1000, $"No such endpoint: {method} {path}")).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// The futures user data stream's key (USER_STREAM: the API key, no signature): <c>POST</c> returns the account's
    /// active key (a new one when none), <c>PUT</c> keeps it alive (<c>-1125</c> when there is none), <c>DELETE</c> closes it.
    /// </summary>
    private async Task ListenKeyAsync(HttpContext context, string method)
    {
        if (!core.Authenticator.IsKey(context.Request.Headers["X-MBX-APIKEY"].FirstOrDefault()))
        {
            await AnswerAsync(context, StatusCodes.Status401Unauthorized, BinanceMessageWriter.RestError(-2015, "Invalid API-key, IP, or permissions for action.")).ConfigureAwait(false);
            return;
        }

        if (!await AdmitAsync(context, 1).ConfigureAwait(false))
        {
            return;
        }

        switch (method)
        {
            case "POST":
                await AnswerAsync(context, StatusCodes.Status200OK, System.Text.Encoding.UTF8.GetBytes($"{{\"listenKey\":\"{core.AcquireListenKey()}\"}}")).ConfigureAwait(false);
                break;
            case "PUT" when core.ListenKey.Length == 0:
                await AnswerAsync(context, StatusCodes.Status400BadRequest, BinanceMessageWriter.RestError(-1125, "This listenKey does not exist.")).ConfigureAwait(false);
                break;
            case "PUT":
                await AnswerAsync(context, StatusCodes.Status200OK, "{}"u8.ToArray()).ConfigureAwait(false);
                break;
            case "DELETE":
                core.CloseListenKey();
                await AnswerAsync(context, StatusCodes.Status200OK, "{}"u8.ToArray()).ConfigureAwait(false);
                break;
            default:
                await AnswerAsync(context, StatusCodes.Status404NotFound, BinanceMessageWriter.RestError(-1000, $"No such endpoint: {method} listenKey")).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Checks the key, signature and timestamp, charges the endpoint's weight (1 unless given), then runs the endpoint with the parameters.</summary>
    private async Task SignedAsync(HttpContext context, Func<HttpContext, System.Collections.Specialized.NameValueCollection, Task> endpoint, int weight = 1)
    {
        var raw = context.Request.QueryString.Value is { Length: > 0 } query ? query[1..] : string.Empty;
        if (!core.Authenticator.TryAccept(context.Request.Headers["X-MBX-APIKEY"].FirstOrDefault(), raw, out var refusal))
        {
            var status = refusal.Code is -2015 or -1022 ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest;
            await AnswerAsync(context, status, BinanceMessageWriter.RestError(refusal.Code, refusal.Message)).ConfigureAwait(false);
            return;
        }

        if (await AdmitAsync(context, weight).ConfigureAwait(false))
        {
            await endpoint(context, System.Web.HttpUtility.ParseQueryString(raw)).ConfigureAwait(false);
        }
    }

    /// <summary>Checks the request as <see cref="SignedAsync(HttpContext, Func{HttpContext, System.Collections.Specialized.NameValueCollection, Task}, int)"/> does, then writes the order endpoint's answer.</summary>
    private Task SignedAsync(HttpContext context, Func<System.Collections.Specialized.NameValueCollection, Task<BinanceAnswer>> endpoint, int weight = 1) =>
        SignedAsync(context, weight: weight, endpoint: async (_, query) =>
        {
            var answer = await endpoint(query).ConfigureAwait(false);
            if (answer.OrderCount is { } count)
            {
                context.Response.Headers["X-MBX-ORDER-COUNT-10S"] = count.ToString(CultureInfo.InvariantCulture);
            }

            if (answer.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await AnswerAsync(context, answer.Status, answer.Body).ConfigureAwait(false);
        });

    private async Task DepthAsync(HttpContext context)
    {
        var symbol = context.Request.Query["symbol"].ToString();
        if (symbol.Length == 0)
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest, BinanceMessageWriter.RestError(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")).ConfigureAwait(false);
            return;
        }

        var limitText = context.Request.Query["limit"].ToString();
        var limit = 100;
        if (limitText.Length > 0 && !int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit)
            || (core.Market == BinanceMarket.Spot ? limit is < 1 or > 5000 : !s_futuresDepthLimits.Contains(limit)))
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest, BinanceMessageWriter.RestError(-1100, $"Illegal characters found in parameter 'limit'; legal range is {(core.Market == BinanceMarket.Spot ? "1 to 5000" : string.Join(", ", s_futuresDepthLimits))}.")).ConfigureAwait(false);
            return;
        }

        var instrument = InstrumentId.Create(symbol);
        if (!core.Instruments.ContainsKey(instrument))
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest, BinanceMessageWriter.RestError(-1121, "Invalid symbol.")).ConfigureAwait(false);
            return;
        }

        var weight = core.Market == BinanceMarket.Spot
            ? limit switch { <= 100 => 5, <= 500 => 25, <= 1000 => 50, _ => 250 }
            : limit switch { <= 50 => 2, 100 => 5, 500 => 10, _ => 20 };
        if (!await AdmitAsync(context, weight).ConfigureAwait(false))
        {
            return;
        }

        var body = await core.DepthAsync(instrument, limit).ConfigureAwait(false);
        if (body is null)
        {
            // The replay has not reached the recording's first snapshot: the venue has no book yet.
            await AnswerAsync(context, StatusCodes.Status503ServiceUnavailable, BinanceMessageWriter.RestError(-1008, "Server is currently overloaded with other requests. Please try again in a few minutes.")).ConfigureAwait(false);
            return;
        }

        await AnswerAsync(context, StatusCodes.Status200OK, body).ConfigureAwait(false);
    }

    private async Task ChargedAsync(HttpContext context, int weight, Func<byte[]> body)
    {
        if (await AdmitAsync(context, weight).ConfigureAwait(false))
        {
            await AnswerAsync(context, StatusCodes.Status200OK, body()).ConfigureAwait(false);
        }
    }

    /// <summary>Charges the weight and sets its header; answers 429 itself when over the limit.</summary>
    private async Task<bool> AdmitAsync(HttpContext context, int weight)
    {
        var admitted = core.Weight.TryCharge(weight, core.Options.EnforceRateLimits, out var used, out var retryAfter);
        context.Response.Headers["X-MBX-USED-WEIGHT-1M"] = used.ToString(CultureInfo.InvariantCulture);
        if (admitted)
        {
            return true;
        }

        core.CountRateLimited();
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await AnswerAsync(context, StatusCodes.Status429TooManyRequests, BinanceMessageWriter.RestError(-1003, $"Too much request weight used; current limit is {core.Weight.Limit} request weight per 1 MINUTE.")).ConfigureAwait(false);
        return false;
    }

    /// <summary>Writes a JSON answer.</summary>
    public static async Task AnswerAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
    }
}
