namespace MarketMaking.Simulation.Reporting.Html;

/// <summary>One row of <c>equity.csv</c> (<see cref="EquitySample"/>), with the drawdown: the deepest fall of the net PnL from its running peak over the rows this one stands for (0 or negative).</summary>
internal sealed record EquityRow(long TimeNanoseconds, decimal NetPnl, decimal GrossPnl, decimal Drawdown, decimal NetPosition, decimal? Mid, decimal? BestBid, decimal? BestAsk, decimal? OurBid, decimal? OurAsk);
