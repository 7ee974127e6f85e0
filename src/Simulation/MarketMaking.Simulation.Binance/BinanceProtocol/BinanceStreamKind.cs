namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>The market streams the simulator serves.</summary>
internal enum BinanceStreamKind
{
    /// <summary>Diff depth (<c>depthUpdate</c>).</summary>
    Depth,

    /// <summary>Every trade (<c>trade</c>, spot only).</summary>
    Trade,

    /// <summary>Aggregate trades (<c>aggTrade</c>): each recorded trade as an aggregate of one.</summary>
    AggregateTrade,

    /// <summary>The best bid and ask with the book's update id.</summary>
    BookTicker,

    /// <summary>A perpetual's mark price and funding, every second (futures only); derived, the recordings holding none.</summary>
    MarkPrice,
}
