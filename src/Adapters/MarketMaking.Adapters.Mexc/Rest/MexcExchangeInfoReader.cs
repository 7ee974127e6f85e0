using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// Reads <c>GET /api/v3/exchangeInfo</c> into <see cref="MexcSymbol"/>s. The field names mislead (the rules of
/// ccxt and Mexc.Net agree): the price tick is 10^−<c>quotePrecision</c>, the quantity step 10^−<c>baseAssetPrecision</c>,
/// <c>baseSizePrecision</c> is the minimum quantity (<c>"0"</c>: none), <c>quoteAmountPrecision</c> the minimum notional.
/// Numbers may come as strings (and <c>tradeSideType</c> as either); <c>status</c> is <c>"1"</c> online since 2024-08,
/// <c>"ENABLED"</c> before.
/// </summary>
/// <remarks>Source: MEXC Spot v3 docs, "Exchange Information"; <c>docs/protocol/mexc.md</c> §1.5.</remarks>
public static class MexcExchangeInfoReader
{
    /// <summary>Reads the symbols.</summary>
    /// <param name="json">The response body.</param>
    /// <param name="problems">Receives one sentence per symbol that could not be read (it is skipped).</param>
    /// <returns>The symbols read.</returns>
    /// <exception cref="JsonException">The body is not JSON or has no <c>symbols</c> array.</exception>
    public static IReadOnlyList<MexcSymbol> Read(ReadOnlySpan<byte> json, ICollection<string>? problems = null)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        return Read(document.RootElement, problems);
    }

    /// <summary>Reads the symbols from an already parsed response.</summary>
    /// <param name="root">The response's root element.</param>
    /// <param name="problems">Receives one sentence per symbol that could not be read (it is skipped).</param>
    /// <returns>The symbols read.</returns>
    /// <exception cref="JsonException">The response has no <c>symbols</c> array.</exception>
    public static IReadOnlyList<MexcSymbol> Read(JsonElement root, ICollection<string>? problems = null)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("symbols", out var symbols) || symbols.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("exchangeInfo has no symbols array");
        }

        var result = new List<MexcSymbol>();
        foreach (var symbol in symbols.EnumerateArray())
        {
            try
            {
                result.Add(ReadSymbol(symbol));
            }
            catch (Exception exception) when (exception is FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException or OverflowException)
            {
                problems?.Add($"{(symbol.TryGetProperty("symbol", out var name) ? name.GetString() : "a symbol")}: {exception.Message}");
            }
        }

        return result;
    }

    /// <summary>Reads one symbol object (as the docs show it, outside the response).</summary>
    /// <param name="json">The symbol object.</param>
    /// <returns>The symbol.</returns>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    /// <exception cref="FormatException">A field has the wrong shape.</exception>
    /// <exception cref="KeyNotFoundException">A required field is missing.</exception>
    public static MexcSymbol ReadOne(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        return ReadSymbol(document.RootElement);
    }

    private static MexcSymbol ReadSymbol(JsonElement symbol)
    {
        var id = InstrumentId.Create(symbol.GetProperty("symbol").GetString()!);
        var pricePrecision = Integer(symbol.GetProperty("quotePrecision"));
        var sizePrecision = Integer(symbol.GetProperty("baseAssetPrecision"));
        var tick = new Price(Pow10(-pricePrecision));
        var lot = new Quantity(Pow10(-sizePrecision));
        var minimum = symbol.TryGetProperty("baseSizePrecision", out var size) ? Number(size) : 0m;
        var minNotional = symbol.TryGetProperty("quoteAmountPrecision", out var notional) ? Number(notional) : 0m;
        var spec = new InstrumentSpec(id, tick, lot, pricePrecision, sizePrecision, minimum > 0 ? new Quantity(minimum) : null, null, minNotional);
        var status = symbol.TryGetProperty("status", out var s) ? Text(s) : "1";
        var online = status is "1" or "ENABLED";
        var allowed = !symbol.TryGetProperty("isSpotTradingAllowed", out var spot) || spot.ValueKind != JsonValueKind.False;
        var sides = symbol.TryGetProperty("tradeSideType", out var side) ? (int)Number(side) : 1;
        var orderTypes = symbol.TryGetProperty("orderTypes", out var types) && types.ValueKind == JsonValueKind.Array
            ? types.EnumerateArray().Select(t => t.GetString() ?? string.Empty).ToArray()
            : [];
        var maxNotional = symbol.TryGetProperty("maxQuoteAmount", out var max) && Number(max) is var m && m > 0 ? m : (decimal?)null;
        return new MexcSymbol(spec, AssetId.Create(symbol.GetProperty("baseAsset").GetString()!), AssetId.Create(symbol.GetProperty("quoteAsset").GetString()!), online && allowed && sides != 4, sides, orderTypes, maxNotional);
    }

    private static int Integer(JsonElement element) => (int)Number(element);

    private static decimal Number(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDecimal(),
        JsonValueKind.String when string.IsNullOrEmpty(element.GetString()) => 0m,
        JsonValueKind.String => decimal.Parse(element.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.Null => 0m,
        _ => throw new FormatException($"expected a number, found {element.ValueKind}"),
    };

    private static string Text(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();

    private static decimal Pow10(int exponent)
    {
        var value = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            value = exponent < 0 ? value / 10m : value * 10m;
        }

        return value;
    }
}
