using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>Builds an <see cref="InstrumentSpec"/> from a pair of Kraken's WebSocket v2 <c>instrument</c> channel.</summary>
/// <remarks>
/// Fields (<see href="https://docs.kraken.com/api/docs/websocket-v2/instrument"/>): <c>symbol</c>, <c>price_precision</c>,
/// <c>price_increment</c> (<c>tick_size</c> is its deprecated twin), <c>qty_precision</c>, <c>qty_increment</c>,
/// <c>qty_min</c>, <c>cost_min</c>.
/// </remarks>
public static class KrakenInstrumentParser
{
    /// <summary>Tries to build the specification of one pair object.</summary>
    /// <param name="pair">An element of <c>data.pairs</c>.</param>
    /// <param name="spec">The specification when the pair is complete.</param>
    /// <param name="error">What is missing or invalid, otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="spec"/> was built.</returns>
    public static bool TryParsePair(JsonElement pair, out InstrumentSpec? spec, out string? error)
    {
        spec = null;
        if (pair.ValueKind != JsonValueKind.Object)
        {
            error = "A pair must be a JSON object";
            return false;
        }

        if (!pair.TryGetProperty("symbol", out var symbolElement) || symbolElement.ValueKind != JsonValueKind.String
            || !InstrumentId.TryCreate(symbolElement.GetString(), out var instrument))
        {
            error = "A pair needs a valid 'symbol'";
            return false;
        }

        if (!TryGetInt(pair, "price_precision", out var pricePrecision) || !TryGetInt(pair, "qty_precision", out var sizePrecision))
        {
            error = $"Pair {instrument} needs integer 'price_precision' and 'qty_precision'";
            return false;
        }

        var tick = TryGetDecimal(pair, "price_increment") ?? TryGetDecimal(pair, "tick_size") ?? FixedPoint.ToDecimal(1, Math.Clamp(pricePrecision, 0, FixedPoint.MaxScale));
        var lot = TryGetDecimal(pair, "qty_increment") ?? FixedPoint.ToDecimal(1, Math.Clamp(sizePrecision, 0, FixedPoint.MaxScale));
        var minQuantity = TryGetDecimal(pair, "qty_min");
        var minNotional = TryGetDecimal(pair, "cost_min") ?? 0m;
        try
        {
            spec = new InstrumentSpec(
                instrument,
                new Price(tick),
                new Quantity(lot),
                pricePrecision,
                sizePrecision,
                minQuantity is { } min ? new Quantity(min) : null,
                maxQuantity: null,
                minNotional);
            error = null;
            return true;
        }
        catch (ArgumentException exception)
        {
            error = $"Pair {instrument}: {exception.Message}";
            return false;
        }
    }

    private static bool TryGetInt(JsonElement element, string name, out int value)
    {
        value = 0;
        return element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Number && property.TryGetInt32(out value);
    }

    private static decimal? TryGetDecimal(JsonElement element, string name) =>
        element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Number && property.TryGetDecimal(out var value)
            ? value
            : null;
}
