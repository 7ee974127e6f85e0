using MarketMaking.Models;

namespace MarketMaking.Adapters;

/// <summary>A venue's ticker: best bid and ask, last trade, and daily volume.</summary>
/// <param name="Instrument">The instrument.</param>
/// <param name="BidPrice">The best bid in quote currency per unit of base.</param>
/// <param name="BidQuantity">The quantity at the best bid in base units.</param>
/// <param name="AskPrice">The best ask in quote currency per unit of base.</param>
/// <param name="AskQuantity">The quantity at the best ask in base units.</param>
/// <param name="LastPrice">The last trade price in quote currency per unit of base.</param>
/// <param name="Volume24h">The traded volume over the last 24 hours in base units.</param>
public sealed record Ticker(
    InstrumentId Instrument,
    Price BidPrice,
    Quantity BidQuantity,
    Price AskPrice,
    Quantity AskQuantity,
    Price LastPrice,
    Quantity Volume24h);
