using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Simulation.BybitProtocol;

/// <summary>
/// Bybit v5's linear account endpoints: <c>/v5/position/set-leverage</c> (1 to 100, buy and sell alike; 110043 when
/// unchanged), <c>/v5/position/switch-mode</c> (0 one-way, 3 hedge; 110025 when unchanged), <c>/v5/account/set-margin-mode</c>
/// (<c>REGULAR_MARGIN</c>, <c>ISOLATED_MARGIN</c>) and <c>GET /v5/position/list</c> (each open position from the account's
/// fills, marked at the venue's mid; liquidation not modelled).
/// </summary>
/// <remarks>Sources: <see href="https://bybit-exchange.github.io/docs/v5/position/leverage"/>, <see href="https://bybit-exchange.github.io/docs/v5/position/position-mode"/>,
/// <see href="https://bybit-exchange.github.io/docs/v5/account/set-margin-mode"/>, <see href="https://bybit-exchange.github.io/docs/v5/position"/>.</remarks>
internal sealed class BybitAccountEndpoint(BybitSimulatorCore core)
{
    /// <summary>Reads the account's settings as clients set them.</summary>
    public Task<BybitAccountSettings> ReadAsync() => core.RunAsync(_ => new BybitAccountSettings(
        core.Instruments.Keys.ToDictionary(i => i, i => core.Leverage.GetValueOrDefault(i, BybitSimulatorCore.DefaultLeverage)),
        core.PositionMode == 3,
        core.MarginMode));

    public Task<byte[]> SetLeverageAsync(JsonElement request) => core.RunAsync(_ =>
    {
        var symbol = InstrumentId.Create(Text(request, "symbol") ?? string.Empty);
        if (!core.Instruments.ContainsKey(symbol))
        {
            return Refusal(10001, "params error: symbol invalid");
        }

        if (!int.TryParse(Text(request, "buyLeverage"), NumberStyles.None, CultureInfo.InvariantCulture, out var buy) || Text(request, "sellLeverage") != Text(request, "buyLeverage") || buy is < 1 or > 100)
        {
            return Refusal(10001, "params error: buyLeverage and sellLeverage must be equal, 1 to 100");
        }

        if (core.Leverage.GetValueOrDefault(symbol, BybitSimulatorCore.DefaultLeverage) == buy)
        {
            return Refusal(110043, "Set leverage not modified");
        }

        core.Leverage[symbol] = buy;
        return BybitMessageWriter.Envelope(0, "OK", core.Venue.Now);
    });

    public Task<byte[]> SwitchModeAsync(JsonElement request) => core.RunAsync(_ =>
    {
        var mode = request.TryGetProperty("mode", out var given) && given.TryGetInt32(out var number) ? number : -1;
        if (mode is not (0 or 3))
        {
            return Refusal(10001, "params error: mode must be 0 (one-way) or 3 (hedge)");
        }

        if (core.PositionMode == mode)
        {
            return Refusal(110025, "Position mode is not modified");
        }

        core.PositionMode = mode;
        return BybitMessageWriter.Envelope(0, "OK", core.Venue.Now);
    });

    public Task<byte[]> SetMarginModeAsync(JsonElement request) => core.RunAsync(_ =>
    {
        var mode = Text(request, "setMarginMode");
        if (mode is not ("REGULAR_MARGIN" or "ISOLATED_MARGIN"))
        {
            return Refusal(10001, "params error: setMarginMode must be REGULAR_MARGIN or ISOLATED_MARGIN");
        }

        core.MarginMode = mode;
        return BybitMessageWriter.Envelope(0, "OK", core.Venue.Now, w =>
        {
            w.WriteStartArray("reasons");
            w.WriteEndArray();
        });
    });

    public Task<byte[]> PositionsAsync() => core.RunAsync(venue => BybitMessageWriter.Envelope(0, "OK", venue.Now, w =>
    {
        w.WriteStartArray("list");
        foreach (var instrument in core.Positions.Where(p => p.Value.Quantity != 0m).Select(p => p.Key))
        {
            w.WriteStartObject();
            BybitMessageWriter.PositionFields(w, instrument, core.PositionOf(instrument), entryPriceField: "avgPrice");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("category", "linear");
    }));

    private byte[] Refusal(int code, string message) => BybitMessageWriter.Envelope(code, message, core.Venue.Now);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
