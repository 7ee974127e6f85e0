using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// A Bybit linear account's settings and positions behind <see cref="IFuturesAccount"/>: leverage per symbol
/// (<c>/v5/position/set-leverage</c>, buy and sell alike), the position mode of the USDT perpetuals
/// (<c>/v5/position/switch-mode</c>: 0 one-way, 3 hedge), the margin mode (<c>/v5/account/set-margin-mode</c>: account-wide
/// on Bybit, so the instrument is not sent) and the open positions (<c>/v5/position/list</c>). "Not modified" answers
/// (110043, 110025, and a margin mode already so) are successes.
/// </summary>
/// <remarks>Sources: <see href="https://bybit-exchange.github.io/docs/v5/position/leverage"/>, <see href="https://bybit-exchange.github.io/docs/v5/position/position-mode"/>,
/// <see href="https://bybit-exchange.github.io/docs/v5/account/set-margin-mode"/>, <see href="https://bybit-exchange.github.io/docs/v5/position"/>.</remarks>
/// <param name="orders">The linear category's order entry client, whose key signs these requests.</param>
public sealed class BybitFuturesAccountClient(BybitOrderEntryClient orders) : IFuturesAccount
{
    private readonly BybitOrderEntryClient _orders = orders ?? throw new ArgumentNullException(nameof(orders));

    /// <inheritdoc/>
    public VenueId Venue => BybitVenue.LinearId;

    /// <inheritdoc/>
    public async ValueTask<VenueResult<bool>> SetLeverageAsync(InstrumentId instrument, int leverage, CancellationToken cancellationToken = default)
    {
        var text = leverage.ToString(CultureInfo.InvariantCulture);
        var answer = await _orders.SendSignedAsync(HttpMethod.Post, "/v5/position/set-leverage", new() { ["category"] = "linear", ["symbol"] = instrument.Value, ["buyLeverage"] = text, ["sellLeverage"] = text }, null, cancellationToken).ConfigureAwait(false);
        return Settled(answer, "Bybit 110043");
    }

    /// <inheritdoc/>
    /// <remarks>Bybit sets the margin mode for the whole unified account: <c>ISOLATED_MARGIN</c> or <c>REGULAR_MARGIN</c> (cross).</remarks>
    public async ValueTask<VenueResult<bool>> SetMarginModeAsync(InstrumentId instrument, MarginMode mode, CancellationToken cancellationToken = default)
    {
        var answer = await _orders.SendSignedAsync(HttpMethod.Post, "/v5/account/set-margin-mode", new() { ["setMarginMode"] = mode == MarginMode.Isolated ? "ISOLATED_MARGIN" : "REGULAR_MARGIN" }, null, cancellationToken).ConfigureAwait(false);
        return Settled(answer, null);
    }

    /// <inheritdoc/>
    public async ValueTask<VenueResult<bool>> SetPositionModeAsync(PositionMode mode, CancellationToken cancellationToken = default)
    {
        var answer = await _orders.SendSignedAsync(HttpMethod.Post, "/v5/position/switch-mode", new() { ["category"] = "linear", ["coin"] = "USDT", ["mode"] = mode == PositionMode.Hedge ? 3 : 0 }, null, cancellationToken).ConfigureAwait(false);
        return Settled(answer, "Bybit 110025");
    }

    /// <inheritdoc/>
    /// <remarks>The USDT-settled positions; a short's size is negative (Bybit sends it positive with <c>side</c> Sell).</remarks>
    public async ValueTask<VenueResult<IReadOnlyList<FuturesPosition>>> GetPositionsAsync(CancellationToken cancellationToken = default)
    {
        var answer = await _orders.SendSignedAsync(HttpMethod.Get, "/v5/position/list", null, "category=linear&settleCoin=USDT", cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return answer.WithoutValue<IReadOnlyList<FuturesPosition>>();
        }

        try
        {
            using var document = JsonDocument.Parse(answer.Value);
            return VenueResult<IReadOnlyList<FuturesPosition>>.Success([.. document.RootElement.GetProperty("result").GetProperty("list").EnumerateArray()
                .Select(p => new FuturesPosition(
                    InstrumentId.Create(p.GetProperty("symbol").GetString()!),
                    (p.GetProperty("side").GetString() == "Sell" ? -1 : 1) * Number(p, "size"),
                    Number(p, "avgPrice"),
                    Number(p, "markPrice"),
                    Number(p, "liqPrice"),
                    Number(p, "unrealisedPnl")))
                .Where(p => p.Quantity != 0m)]);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return VenueResult<IReadOnlyList<FuturesPosition>>.Failure(VenueError.MalformedResponse($"Bybit position list: {exception.Message}"));
        }
    }

    private static VenueResult<bool> Settled(VenueResult<byte[]> answer, string? unchangedCode) =>
        answer.IsSuccess || (unchangedCode is not null && answer.Error!.VenueCode == unchangedCode)
            ? VenueResult<bool>.Success(true)
            : answer.WithoutValue<bool>();

    private static decimal Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text ? decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : 0m;
}
