namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// MEXC Spot WebSocket channel names (all protobuf, suffix <c>.pb</c>; the JSON channels without it answer "Blocked").
/// Symbols are upper case.
/// </summary>
/// <remarks>Source: MEXC Spot v3 docs, "Websocket Market Streams" and "Websocket User Data Streams"; <c>docs/protocol/mexc.md</c> §3.2.</remarks>
public static class MexcSpotChannels
{
    /// <summary>The private order updates channel.</summary>
    public const string Orders = "spot@private.orders.v3.api.pb";

    /// <summary>The private fills channel.</summary>
    public const string Deals = "spot@private.deals.v3.api.pb";

    /// <summary>The private balance changes channel.</summary>
    public const string Account = "spot@private.account.v3.api.pb";

    /// <summary>The aggregated diff-depth channel (versioned; needs a REST snapshot).</summary>
    /// <param name="symbol">The symbol, such as <c>BTCUSDT</c>.</param>
    /// <param name="interval"><c>10ms</c> or <c>100ms</c>.</param>
    /// <returns>The channel name.</returns>
    public static string AggregatedDepth(string symbol, string interval) => $"spot@public.aggre.depth.v3.api.pb@{interval}@{symbol.ToUpperInvariant()}";

    /// <summary>The aggregated public trades channel.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="interval"><c>10ms</c> or <c>100ms</c>.</param>
    /// <returns>The channel name.</returns>
    public static string AggregatedDeals(string symbol, string interval) => $"spot@public.aggre.deals.v3.api.pb@{interval}@{symbol.ToUpperInvariant()}";

    /// <summary>The aggregated best bid and ask channel.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="interval"><c>10ms</c> or <c>100ms</c>.</param>
    /// <returns>The channel name.</returns>
    public static string AggregatedBookTicker(string symbol, string interval) => $"spot@public.aggre.bookTicker.v3.api.pb@{interval}@{symbol.ToUpperInvariant()}";

    /// <summary>The partial-book channel: a full snapshot of the top levels each time.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="levels">5, 10 or 20.</param>
    /// <returns>The channel name.</returns>
    public static string LimitDepth(string symbol, int levels) => $"spot@public.limit.depth.v3.api.pb@{symbol.ToUpperInvariant()}@{levels}";
}
