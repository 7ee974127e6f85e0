using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// Binance's public REST calls the market-data client needs: the instrument rules (<c>exchangeInfo</c>) and depth
/// snapshots (<c>depth</c>), on the market's paths, with the request weight kept from every answer and nothing sent
/// while a 429's or 418's wait runs.
/// </summary>
/// <remarks>
/// Sources: <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/general-endpoints"/>,
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api"/>.
/// </remarks>
internal sealed class BinanceMarketDataRest(BinanceMarket market, Uri baseUrl, HttpClient http, BinanceRequestWeight weight, TimeSpan timeout)
{
    private VenueId Venue => BinanceVenue.IdOf(market);

    private string Prefix => market switch
    {
        BinanceMarket.UsdM => "/fapi/v1",
        BinanceMarket.CoinM => "/dapi/v1",
        _ => "/api/v3",
    };

    /// <summary>Reads a symbol's tick, lot, minimum and maximum quantity and minimum notional, and its assets.</summary>
    public async Task<VenueResult<BinanceSymbol>> GetSymbolAsync(string symbol, CancellationToken cancellationToken)
    {
        // Spot answers one symbol; the futures endpoints take no symbol and answer every one.
        var query = market == BinanceMarket.Spot ? $"?symbol={Uri.EscapeDataString(symbol)}" : string.Empty;
        var answer = await GetAsync($"{Prefix}/exchangeInfo{query}", cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return answer.WithoutValue<BinanceSymbol>();
        }

        try
        {
            using var document = JsonDocument.Parse(answer.Value);
            foreach (var entry in BinanceStreamMessage.Require(document.RootElement, "symbols").EnumerateArray())
            {
                if (string.Equals(entry.GetProperty("symbol").GetString(), symbol, StringComparison.Ordinal))
                {
                    return VenueResult<BinanceSymbol>.Success(new BinanceSymbol(
                        SpecOf(symbol, entry),
                        AssetId.Create(BinanceStreamMessage.Require(entry, "baseAsset").GetString()!),
                        AssetId.Create(BinanceStreamMessage.Require(entry, "quoteAsset").GetString()!)));
                }
            }

            return VenueResult<BinanceSymbol>.Failure(new VenueError(VenueErrorKind.UnknownInstrument, false, null, $"Binance {market} lists no symbol {symbol}"));
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            return VenueResult<BinanceSymbol>.Failure(VenueError.MalformedResponse($"Binance exchangeInfo for {symbol}: {exception.Message}"));
        }
    }

    /// <summary>Reads a depth snapshot: <paramref name="limit"/> levels a side and the last update id they include.</summary>
    public async Task<VenueResult<BookSnapshot>> GetDepthAsync(string symbol, int limit, CancellationToken cancellationToken)
    {
        var answer = await GetAsync($"{Prefix}/depth?symbol={Uri.EscapeDataString(symbol)}&limit={limit.ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return answer.WithoutValue<BookSnapshot>();
        }

        try
        {
            using var document = JsonDocument.Parse(answer.Value);
            var root = document.RootElement;
            return VenueResult<BookSnapshot>.Success(new BookSnapshot(
                Venue,
                InstrumentId.Create(symbol),
                BinanceStreamMessage.Levels(BinanceStreamMessage.Require(root, "bids")),
                BinanceStreamMessage.Levels(BinanceStreamMessage.Require(root, "asks")),
                BinanceStreamMessage.Milliseconds(root, "E"),
                0)
            {
                LastUpdateId = BinanceStreamMessage.Require(root, "lastUpdateId").GetInt64(),
                Depth = limit,
            });
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            return VenueResult<BookSnapshot>.Failure(VenueError.MalformedResponse($"Binance depth for {symbol}: {exception.Message}"));
        }
    }

    private static InstrumentSpec SpecOf(string symbol, JsonElement entry)
    {
        string? tick = null, step = null, minQuantity = null, maxQuantity = null, minNotional = null;
        foreach (var filter in entry.GetProperty("filters").EnumerateArray())
        {
            switch (filter.GetProperty("filterType").GetString())
            {
                case "PRICE_FILTER":
                    tick = filter.GetProperty("tickSize").GetString();
                    break;
                case "LOT_SIZE":
                    step = filter.GetProperty("stepSize").GetString();
                    minQuantity = filter.GetProperty("minQty").GetString();
                    maxQuantity = filter.GetProperty("maxQty").GetString();
                    break;
                case "NOTIONAL":
                    minNotional = filter.GetProperty("minNotional").GetString();
                    break;
                case "MIN_NOTIONAL":
                    // Spot's older filter names it minNotional; USD-M's names it notional.
                    minNotional = (filter.TryGetProperty("notional", out var notional) ? notional : filter.GetProperty("minNotional")).GetString();
                    break;
            }
        }

        var tickSize = Decimal(tick ?? throw new FormatException($"{symbol} has no PRICE_FILTER"));
        var lotSize = Decimal(step ?? throw new FormatException($"{symbol} has no LOT_SIZE"));
        var min = Decimal(minQuantity!);
        var max = Decimal(maxQuantity!);
        return new InstrumentSpec(
            InstrumentId.Create(symbol),
            new Price(tickSize),
            new Quantity(lotSize),
            tickSize.Scale,
            lotSize.Scale,
            min > 0 ? new Quantity(min) : null,
            max > 0 ? new Quantity(max) : null,
            minNotional is null ? 0m : Decimal(minNotional));
    }

    /// <summary>Binance writes every decimal with 8 places (<c>0.01000000</c>): the precision is that of the value.</summary>
    private static decimal Decimal(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture) / 1.000000000000000000000000000000000m;

    private async Task<VenueResult<byte[]>> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, pathAndQuery));
        return await BinanceHttpExchange.SendAsync(http, message, pathAndQuery, weight, timeout, isOrderEntry: false, NullLogger.Instance, cancellationToken).ConfigureAwait(false);
    }
}
