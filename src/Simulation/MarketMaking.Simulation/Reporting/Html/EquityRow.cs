namespace MarketMaking.Simulation.Reporting.Html;

/// <summary>One row of <c>equity.csv</c> (<see cref="EquitySample"/>).</summary>
internal sealed record EquityRow(long TimeNanoseconds, decimal NetPnl, decimal GrossPnl, decimal NetPosition, decimal? Mid, decimal? BestBid, decimal? BestAsk, decimal? OurBid, decimal? OurAsk);
