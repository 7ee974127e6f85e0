using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// A Binance futures account (USD-M or COIN-M) behind <see cref="IFuturesAccount"/>: leverage (<c>POST leverage</c>),
/// margin type (<c>POST marginType</c>, <c>ISOLATED</c> or <c>CROSSED</c>), position mode (<c>POST positionSide/dual</c>)
/// and positions (<c>GET positionRisk</c>), signed like order entry. Setting what is already set succeeds: Binance's
/// <c>-4046</c> ("No need to change margin type.") and <c>-4059</c> ("No need to change position side.") are successes.
/// </summary>
/// <remarks>
/// Sources: <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Change-Initial-Leverage"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Change-Margin-Type"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Change-Position-Mode"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Position-Information-V3"/>.
/// </remarks>
/// <param name="orders">The order entry client of the same account and market: it signs and sends the requests.</param>
/// <param name="market">The futures market, USD-M or COIN-M.</param>
public sealed class BinanceFuturesAccountClient(BinanceOrderEntryClient orders, BinanceMarket market) : IFuturesAccount
{
    private readonly BinanceOrderEntryClient _orders = orders ?? throw new ArgumentNullException(nameof(orders));

    /// <inheritdoc/>
    public VenueId Venue => BinanceVenue.IdOf(market);

    private string Prefix => market == BinanceMarket.CoinM ? "/dapi/v1" : "/fapi/v1";

    /// <inheritdoc/>
    public async ValueTask<VenueResult<bool>> SetLeverageAsync(InstrumentId instrument, int leverage, CancellationToken cancellationToken = default)
    {
        var answer = await _orders.SendSignedAsync(HttpMethod.Post, $"{Prefix}/leverage", [new("symbol", instrument.Value), new("leverage", leverage.ToString(CultureInfo.InvariantCulture))], cancellationToken).ConfigureAwait(false);
        return answer.IsSuccess ? VenueResult<bool>.Success(true) : answer.WithoutValue<bool>();
    }

    /// <inheritdoc/>
    public async ValueTask<VenueResult<bool>> SetMarginModeAsync(InstrumentId instrument, MarginMode mode, CancellationToken cancellationToken = default)
    {
        var answer = await _orders.SendSignedAsync(HttpMethod.Post, $"{Prefix}/marginType", [new("symbol", instrument.Value), new("marginType", mode == MarginMode.Isolated ? "ISOLATED" : "CROSSED")], cancellationToken).ConfigureAwait(false);
        return Settled(answer, "Binance -4046");
    }

    /// <inheritdoc/>
    public async ValueTask<VenueResult<bool>> SetPositionModeAsync(PositionMode mode, CancellationToken cancellationToken = default)
    {
        var answer = await _orders.SendSignedAsync(HttpMethod.Post, $"{Prefix}/positionSide/dual", [new("dualSidePosition", mode == PositionMode.Hedge ? "true" : "false")], cancellationToken).ConfigureAwait(false);
        return Settled(answer, "Binance -4059");
    }

    /// <inheritdoc/>
    public async ValueTask<VenueResult<IReadOnlyList<FuturesPosition>>> GetPositionsAsync(CancellationToken cancellationToken = default)
    {
        var path = market == BinanceMarket.CoinM ? "/dapi/v1/positionRisk" : "/fapi/v3/positionRisk";
        var answer = await _orders.SendSignedAsync(HttpMethod.Get, path, [], cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return answer.WithoutValue<IReadOnlyList<FuturesPosition>>();
        }

        try
        {
            using var document = JsonDocument.Parse(answer.Value);
            return VenueResult<IReadOnlyList<FuturesPosition>>.Success([.. document.RootElement.EnumerateArray()
                .Select(p => new FuturesPosition(
                    InstrumentId.Create(p.GetProperty("symbol").GetString()!),
                    Number(p, "positionAmt"),
                    Number(p, "entryPrice"),
                    Number(p, "markPrice"),
                    Number(p, "liquidationPrice"),
                    Number(p, "unRealizedProfit")))
                .Where(p => p.Quantity != 0m)]);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return VenueResult<IReadOnlyList<FuturesPosition>>.Failure(VenueError.MalformedResponse($"Binance positionRisk: {exception.Message}"));
        }
    }

    /// <summary>Success, or the refusal that says the setting was already so.</summary>
    private static VenueResult<bool> Settled(VenueResult<byte[]> answer, string alreadySoCode) =>
        answer.IsSuccess || answer.Error?.VenueCode == alreadySoCode ? VenueResult<bool>.Success(true) : answer.WithoutValue<bool>();

    private static decimal Number(JsonElement element, string name) =>
        decimal.Parse(element.GetProperty(name).GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
}
