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
internal sealed class BinanceRestEndpoint(BinanceSimulatorCore core)
{
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
        if (!HttpMethods.IsGet(context.Request.Method) || !path.StartsWith(Prefix + "/", StringComparison.Ordinal))
        {
            await AnswerAsync(context, StatusCodes.Status404NotFound, BinanceMessageWriter.RestError(-1000, $"No such endpoint: {context.Request.Method} {path}")).ConfigureAwait(false);
            return;
        }

        var endpoint = path[(Prefix.Length + 1)..];
        switch (endpoint)
        {
            case "ping":
                await ChargedAsync(context, 1, () => "{}"u8.ToArray()).ConfigureAwait(false);
                break;
            case "time":
                await ChargedAsync(context, 1, () => System.Text.Encoding.UTF8.GetBytes($"{{\"serverTime\":{core.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds()}}}")).ConfigureAwait(false);
                break;
            case "exchangeInfo":
                await ChargedAsync(context, core.Market == BinanceMarket.Spot ? 20 : 1, () => BinanceMessageWriter.ExchangeInfo(
                    core.Instruments.Values.Select(i => (i, core.Rules[i.Spec.Instrument])), core.TimeProvider.GetUnixNanoseconds(), core.Market, core.Weight.Limit)).ConfigureAwait(false);
                break;
            case "depth":
                await DepthAsync(context).ConfigureAwait(false);
                break;
            default:
                await AnswerAsync(context, StatusCodes.Status404NotFound, BinanceMessageWriter.RestError(-1000, $"No such endpoint: {path}")).ConfigureAwait(false);
                break;
        }
    }

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

    private static async Task AnswerAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
    }
}
