using MarketMaking.Adapters.Binance;
using MarketMaking.Models;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>What a market stream name asks for: <c>&lt;symbol&gt;@depth[@100ms]</c>, <c>@trade</c>, <c>@aggTrade</c>, <c>@bookTicker</c>.</summary>
/// <param name="Instrument">The symbol, upper case.</param>
/// <param name="Kind">The stream's kind.</param>
internal sealed record BinanceStreamName(InstrumentId Instrument, BinanceStreamKind Kind)
{
    /// <summary>Reads a stream name, or returns <see langword="null"/> for one the simulator does not serve.</summary>
    public static BinanceStreamName? TryParse(string name, BinanceMarket market)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0)
        {
            return null;
        }

        var rest = name[(at + 1)..];
        BinanceStreamKind? kind = rest switch
        {
            "depth" or "depth@100ms" => BinanceStreamKind.Depth,
            "depth@1000ms" when market == BinanceMarket.Spot => BinanceStreamKind.Depth,
            "depth@250ms" or "depth@500ms" when market != BinanceMarket.Spot => BinanceStreamKind.Depth,
            "trade" when market == BinanceMarket.Spot => BinanceStreamKind.Trade,
            "aggTrade" => BinanceStreamKind.AggregateTrade,
            "bookTicker" => BinanceStreamKind.BookTicker,
            "markPrice" or "markPrice@1s" when market != BinanceMarket.Spot => BinanceStreamKind.MarkPrice,
            _ => null,
        };
        return kind is { } found ? new BinanceStreamName(InstrumentId.Create(name[..at].ToUpperInvariant()), found) : null;
    }

    /// <summary>
    /// Whether a connection on <paramref name="path"/> delivers this stream: USD-M routes depth and best bid and ask to
    /// <c>/public</c> (also served on unrouted paths) and trades to <c>/market</c>; other markets deliver everything.
    /// </summary>
    public bool IsDeliveredOn(string path, BinanceMarket market)
    {
        if (market != BinanceMarket.UsdM)
        {
            return true;
        }

        var isPublic = Kind is BinanceStreamKind.Depth or BinanceStreamKind.BookTicker;
        return path.StartsWith("/market/", StringComparison.Ordinal) ? !isPublic : isPublic;
    }
}
