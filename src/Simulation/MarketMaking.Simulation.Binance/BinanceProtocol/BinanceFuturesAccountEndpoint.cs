using System.Collections.Specialized;
using System.Globalization;
using System.Text;
using MarketMaking.Models;
using Microsoft.AspNetCore.Http;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// Serves a futures account's signed settings and positions: <c>POST leverage</c> (1 to 125, <c>-4028</c> otherwise),
/// <c>POST marginType</c> (<c>-4046</c> when already so, <c>-4048</c> with an open position), <c>POST positionSide/dual</c>
/// (<c>-4059</c> when already so, <c>-4068</c> with an open position), and <c>GET positionRisk</c> (each open position
/// from the account's fills, marked at the book's mid; liquidation is not modelled).
/// </summary>
/// <remarks>Source: <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api"/> and its error codes page.</remarks>
internal sealed class BinanceFuturesAccountEndpoint(BinanceSimulatorCore core)
{
    private readonly Dictionary<InstrumentId, int> _leverage = [];
    private readonly Dictionary<InstrumentId, string> _marginType = [];
    private bool _hedgeMode;

    public Task<BinanceFuturesSettings> ReadAsync() => core.RunAsync(_ => new BinanceFuturesSettings(
        core.Instruments.Keys.ToDictionary(i => i, i => _leverage.GetValueOrDefault(i, 20)),
        core.Instruments.Keys.ToDictionary(i => i, i => _marginType.GetValueOrDefault(i, "CROSSED")),
        _hedgeMode));

    public async Task LeverageAsync(HttpContext context, NameValueCollection query)
    {
        if (!TryInstrument(query, out var instrument))
        {
            await RefuseAsync(context, -1121, "Invalid symbol.").ConfigureAwait(false);
            return;
        }

        if (!int.TryParse(query["leverage"], NumberStyles.None, CultureInfo.InvariantCulture, out var leverage) || leverage is < 1 or > 125)
        {
            await RefuseAsync(context, -4028, $"Leverage {query["leverage"]} is not valid").ConfigureAwait(false);
            return;
        }

        await core.RunAsync(_ => _leverage[instrument] = leverage).ConfigureAwait(false);
        await BinanceRestEndpoint.AnswerAsync(context, StatusCodes.Status200OK, Encoding.UTF8.GetBytes(
            $"{{\"leverage\":{leverage.ToString(CultureInfo.InvariantCulture)},\"maxNotionalValue\":\"1000000\",\"symbol\":\"{instrument.Value}\"}}")).ConfigureAwait(false);
    }

    public async Task MarginTypeAsync(HttpContext context, NameValueCollection query)
    {
        if (!TryInstrument(query, out var instrument))
        {
            await RefuseAsync(context, -1121, "Invalid symbol.").ConfigureAwait(false);
            return;
        }

        var type = query["marginType"];
        if (type is not ("ISOLATED" or "CROSSED"))
        {
            await RefuseAsync(context, -1102, "Mandatory parameter 'marginType' was not sent, was empty/null, or malformed.").ConfigureAwait(false);
            return;
        }

        var refusal = await core.RunAsync(_ =>
        {
            if (_marginType.GetValueOrDefault(instrument, "CROSSED") == type)
            {
                return (-4046, "No need to change margin type.");
            }

            if (core.Positions.GetValueOrDefault(instrument).Quantity != 0m)
            {
                return (-4048, "Margin type cannot be changed if there exists position.");
            }

            _marginType[instrument] = type;
            return (0, string.Empty);
        }).ConfigureAwait(false);
        await AnswerAsync(context, refusal).ConfigureAwait(false);
    }

    public async Task PositionModeAsync(HttpContext context, NameValueCollection query)
    {
        if (query["dualSidePosition"] is not ("true" or "false") || !bool.TryParse(query["dualSidePosition"], out var hedge))
        {
            await RefuseAsync(context, -1102, "Mandatory parameter 'dualSidePosition' was not sent, was empty/null, or malformed.").ConfigureAwait(false);
            return;
        }

        var refusal = await core.RunAsync(_ =>
        {
            if (_hedgeMode == hedge)
            {
                return (-4059, "No need to change position side.");
            }

            if (core.Positions.Values.Any(p => p.Quantity != 0m))
            {
                return (-4068, "Position side cannot be changed if there exists position.");
            }

            _hedgeMode = hedge;
            return (0, string.Empty);
        }).ConfigureAwait(false);
        await AnswerAsync(context, refusal).ConfigureAwait(false);
    }

    public async Task PositionsAsync(HttpContext context, NameValueCollection query)
    {
        var body = await core.RunAsync(venue =>
        {
            var json = new StringBuilder("[");
            foreach (var (instrument, (quantity, cost)) in core.Positions.Where(p => p.Value.Quantity != 0m))
            {
                var book = venue.Engines[instrument].Book;
                var mark = book.BidDepth > 0 && book.AskDepth > 0
                    ? (book.Spec.FromTicks(book.GetBid(0).PriceTicks).Value + book.Spec.FromTicks(book.GetAsk(0).PriceTicks).Value) / 2m
                    : 0m;
                var entry = cost / quantity;
                json.Append(json.Length > 1 ? "," : string.Empty).Append(CultureInfo.InvariantCulture,
                    $"{{\"symbol\":\"{instrument.Value}\",\"positionSide\":\"BOTH\",\"positionAmt\":\"{quantity}\",\"entryPrice\":\"{entry}\",\"markPrice\":\"{mark}\",\"unRealizedProfit\":\"{(mark - entry) * quantity}\",\"liquidationPrice\":\"0\",\"marginAsset\":\"USDT\",\"notional\":\"{mark * quantity}\",\"updateTime\":{venue.Now / 1_000_000}}}");
            }

            return Encoding.UTF8.GetBytes(json.Append(']').ToString());
        }).ConfigureAwait(false);
        await BinanceRestEndpoint.AnswerAsync(context, StatusCodes.Status200OK, body).ConfigureAwait(false);
    }

    private bool TryInstrument(NameValueCollection query, out InstrumentId instrument)
    {
        instrument = query["symbol"] is { Length: > 0 } symbol ? InstrumentId.Create(symbol) : default;
        return instrument.Value is not null && core.Instruments.ContainsKey(instrument);
    }

    private static Task AnswerAsync(HttpContext context, (int Code, string Message) refusal) =>
        refusal.Code == 0
            ? BinanceRestEndpoint.AnswerAsync(context, StatusCodes.Status200OK, BinanceMessageWriter.RestError(200, "success"))
            : RefuseAsync(context, refusal.Code, refusal.Message);

    private static Task RefuseAsync(HttpContext context, int code, string message) =>
        BinanceRestEndpoint.AnswerAsync(context, StatusCodes.Status400BadRequest, BinanceMessageWriter.RestError(code, message));
}
