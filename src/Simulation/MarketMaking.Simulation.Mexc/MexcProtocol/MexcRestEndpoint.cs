using System.Collections.Specialized;
using System.Globalization;
using MarketMaking.Models;
using Microsoft.AspNetCore.Http;

namespace MarketMaking.Simulation.MexcProtocol;

/// <summary>
/// Serves MEXC Spot's REST API on <c>/api/v3</c>: <c>ping</c>, <c>time</c>, <c>exchangeInfo</c> and <c>depth</c>; and,
/// signed (<c>X-MEXC-APIKEY</c>, HMAC-SHA256 hex of the query string before <c>&amp;signature=</c>, <c>timestamp</c> within
/// <c>recvWindow</c>), order entry and queries, the account's balances and the listen keys.
/// </summary>
/// <remarks>Source: <see href="https://www.mexc.com/api-docs/spot-v3/general-info"/> (signing, errors), <see href="https://www.mexc.com/api-docs/spot-v3/spot-account-trade"/>.</remarks>
internal sealed class MexcRestEndpoint(MexcSimulatorCore core)
{
    private readonly MexcOrderEndpoint _orders = new(core);

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var method = context.Request.Method;
        switch (path, method)
        {
            case ("/api/v3/ping", "GET"):
                await AnswerAsync(context, StatusCodes.Status200OK, "{}"u8.ToArray()).ConfigureAwait(false);
                break;
            case ("/api/v3/time", "GET"):
                await AnswerAsync(context, StatusCodes.Status200OK, System.Text.Encoding.UTF8.GetBytes($"{{\"serverTime\":{core.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds()}}}")).ConfigureAwait(false);
                break;
            case ("/api/v3/exchangeInfo", "GET"):
                await AnswerAsync(context, StatusCodes.Status200OK, MexcRestWriter.ExchangeInfo(
                    core.Instruments.Values.Select(i => (i.Spec, i.BaseAsset, i.QuoteAsset)), core.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000)).ConfigureAwait(false);
                break;
            case ("/api/v3/depth", "GET"):
                await DepthAsync(context).ConfigureAwait(false);
                break;
            case ("/api/v3/order", "POST"):
                await SignedAsync(context, _orders.PlaceAsync, orderEntry: true).ConfigureAwait(false);
                break;
            case ("/api/v3/batchOrders", "POST"):
                await SignedAsync(context, _orders.BatchAsync, orderEntry: true).ConfigureAwait(false);
                break;
            case ("/api/v3/order", "DELETE"):
                await SignedAsync(context, _orders.CancelAsync, orderEntry: true).ConfigureAwait(false);
                break;
            case ("/api/v3/openOrders", "DELETE"):
                await SignedAsync(context, _orders.CancelAllAsync, orderEntry: true).ConfigureAwait(false);
                break;
            case ("/api/v3/order", "GET"):
                await SignedAsync(context, _orders.QueryAsync, orderEntry: false).ConfigureAwait(false);
                break;
            case ("/api/v3/openOrders", "GET"):
                await SignedAsync(context, _orders.OpenOrdersAsync, orderEntry: false).ConfigureAwait(false);
                break;
            case ("/api/v3/account", "GET"):
                await SignedAsync(context, AccountAsync, orderEntry: false).ConfigureAwait(false);
                break;
            case ("/api/v3/userDataStream", _):
                await SignedAsync(context, ListenKeyAsync, orderEntry: false).ConfigureAwait(false);
                break;
            default:
                await AnswerAsync(context, StatusCodes.Status404NotFound, MexcRestWriter.Error(404, $"No such endpoint: {method} {path}")).ConfigureAwait(false);
                break;
        }
    }

    public static async Task AnswerAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
    }

    public static Task RefuseAsync(HttpContext context, int code, string message) =>
        AnswerAsync(context, StatusCodes.Status400BadRequest, MexcRestWriter.Error(code, message));

    private async Task DepthAsync(HttpContext context)
    {
        var symbol = InstrumentId.Create(context.Request.Query["symbol"].ToString());
        if (!core.Instruments.ContainsKey(symbol))
        {
            await RefuseAsync(context, -1121, "Invalid symbol.").ConfigureAwait(false);
            return;
        }

        var limit = int.TryParse(context.Request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var asked) ? Math.Clamp(asked, 1, 5000) : 100;
        var depth = await core.DepthAsync(symbol, limit).ConfigureAwait(false);
        await (depth is null
            ? AnswerAsync(context, StatusCodes.Status503ServiceUnavailable, MexcRestWriter.Error(30000, "The book is not built yet."))
            : AnswerAsync(context, StatusCodes.Status200OK, depth)).ConfigureAwait(false);
    }

    /// <summary><c>GET /api/v3/account</c>: the account's balances, each asset's free and locked amounts.</summary>
    private async Task AccountAsync(HttpContext context, NameValueCollection query)
    {
        var account = await core.RunAsync(venue => MexcRestWriter.Account(venue.Accounts[MexcSimulatorCore.AccountId])).ConfigureAwait(false);
        await AnswerAsync(context, StatusCodes.Status200OK, account).ConfigureAwait(false);
    }

    /// <summary>The listen keys: <c>POST</c> creates one, <c>PUT</c> keeps it alive, <c>DELETE</c> closes it (<c>730707</c> for a key that does not exist).</summary>
    private async Task ListenKeyAsync(HttpContext context, NameValueCollection query)
    {
        var key = query["listenKey"];
        switch (context.Request.Method)
        {
            case "POST":
                await AnswerAsync(context, StatusCodes.Status200OK, System.Text.Encoding.UTF8.GetBytes($"{{\"listenKey\":\"{core.CreateListenKey()}\"}}")).ConfigureAwait(false);
                break;
            case "PUT" when core.IsListenKey(key):
            case "DELETE" when core.CloseListenKey(key):
                await AnswerAsync(context, StatusCodes.Status200OK, System.Text.Encoding.UTF8.GetBytes($"{{\"listenKey\":\"{key}\"}}")).ConfigureAwait(false);
                break;
            default:
                await RefuseAsync(context, 730707, "listenKey does not exist").ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Checks the key, the signature and the timestamp, and the order-entry rate; then runs the endpoint with the parameters.</summary>
    private async Task SignedAsync(HttpContext context, Func<HttpContext, NameValueCollection, Task> endpoint, bool orderEntry)
    {
        var raw = context.Request.QueryString.Value is { Length: > 0 } text ? text[1..] : string.Empty;
        var at = raw.LastIndexOf("&signature=", StringComparison.Ordinal);
        if (context.Request.Headers["X-MEXC-APIKEY"].ToString() != core.Options.ApiKey)
        {
            await RefuseAsync(context, 10072, "Api key info invalid").ConfigureAwait(false);
            return;
        }

        if (at < 0 || !string.Equals(raw[(at + "&signature=".Length)..], core.Signer.Sign(raw[..at]), StringComparison.Ordinal))
        {
            await RefuseAsync(context, 700002, "Signature for this request is not valid.").ConfigureAwait(false);
            return;
        }

        var query = System.Web.HttpUtility.ParseQueryString(raw[..at]);
        var now = core.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var window = long.TryParse(query["recvWindow"], NumberStyles.None, CultureInfo.InvariantCulture, out var asked) ? Math.Min(asked, 60_000) : 5_000;
        if (!long.TryParse(query["timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || timestamp > now + 1_000 || now - timestamp > window)
        {
            await RefuseAsync(context, 700003, "Timestamp for this request is outside of the recvWindow.").ConfigureAwait(false);
            return;
        }

        if (orderEntry && !core.AdmitOrderRequest())
        {
            context.Response.Headers.RetryAfter = "1";
            await AnswerAsync(context, StatusCodes.Status429TooManyRequests, MexcRestWriter.Error(429, "Too many requests")).ConfigureAwait(false);
            return;
        }

        await endpoint(context, query).ConfigureAwait(false);
    }
}
