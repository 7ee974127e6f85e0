using System.Globalization;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// The names of Binance's market streams and the connection path each is served on: spot and COIN-M serve every stream
/// on <c>/stream</c>; USD-M routes by path since 2025, high-frequency data (<c>@depth</c>, <c>@bookTicker</c>) on
/// <c>/public</c> and the rest (<c>@aggTrade</c>, <c>@markPrice</c>) on <c>/market</c>, and a stream subscribed on the
/// wrong path is acknowledged but never delivered.
/// </summary>
/// <remarks>
/// Sources: <see href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams"/>,
/// <see href="https://developers.binance.com/docs/derivatives/coin-margined-futures/websocket-market-streams"/>.
/// </remarks>
internal static class BinanceStreams
{
    /// <summary>The diff-depth stream: spot <c>@depth</c> is 1000 ms, futures <c>@depth</c> 250 ms; other speeds are named.</summary>
    public static string Depth(BinanceMarket market, string symbol, int updateMilliseconds)
    {
        var plain = market == BinanceMarket.Spot ? 1000 : 250;
        var name = $"{Lower(symbol)}@depth";
        return updateMilliseconds == plain ? name : $"{name}@{updateMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
    }

    /// <summary>Public trades: every trade on spot (<c>@trade</c>); futures document only aggregate trades (<c>@aggTrade</c>).</summary>
    public static string Trades(BinanceMarket market, string symbol) =>
        market == BinanceMarket.Spot ? $"{Lower(symbol)}@trade" : $"{Lower(symbol)}@aggTrade";

    /// <summary>A perpetual's mark price and funding, every second (futures only).</summary>
    public static string MarkPrice(string symbol) => $"{Lower(symbol)}@markPrice@1s";

    /// <summary>The best bid and ask, with the book's update id.</summary>
    public static string BookTicker(string symbol) => $"{Lower(symbol)}@bookTicker";

    /// <summary>The depth speeds a market documents, in ms.</summary>
    public static IReadOnlyList<int> DepthSpeeds(BinanceMarket market) => market == BinanceMarket.Spot ? [100, 1000] : [100, 250, 500];

    /// <summary>The path of the combined-stream connection that carries a stream.</summary>
    public static string PathOf(BinanceMarket market, string stream)
    {
        if (market != BinanceMarket.UsdM)
        {
            return "/stream";
        }

        return stream.Contains("@depth", StringComparison.Ordinal) || stream.EndsWith("@bookTicker", StringComparison.Ordinal)
            ? "/public/stream"
            : "/market/stream";
    }

    private static string Lower(string symbol) => symbol.ToLowerInvariant();
}
