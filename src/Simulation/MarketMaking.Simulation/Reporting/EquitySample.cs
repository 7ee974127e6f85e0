namespace MarketMaking.Simulation.Reporting;

/// <summary>The run's state at one instant of <c>equity.csv</c>.</summary>
/// <param name="TimeNanoseconds">The instant, in ns since the Unix epoch (simulated).</param>
/// <param name="NetPnl">PnL over every venue in USD: realized and marked to the mid, fees and rebates counted.</param>
/// <param name="GrossPnl">The same before fees and rebates: <paramref name="NetPnl"/> plus the fees paid so far, in USD.</param>
/// <param name="NetPosition">The net position in the quoted instrument's base asset over every venue, in base units.</param>
/// <param name="Mid">The quoted book's mid, in quote currency per unit of base, or <see langword="null"/> without one.</param>
/// <param name="BestBid">The quoted book's best bid, or <see langword="null"/>.</param>
/// <param name="BestAsk">The quoted book's best ask, or <see langword="null"/>.</param>
/// <param name="OurBid">Our best resting bid on the quoted venue, or <see langword="null"/> when none rests.</param>
/// <param name="OurAsk">Our best resting ask on the quoted venue, or <see langword="null"/> when none rests.</param>
public sealed record EquitySample(long TimeNanoseconds, decimal NetPnl, decimal GrossPnl, decimal NetPosition, decimal? Mid, decimal? BestBid, decimal? BestAsk, decimal? OurBid, decimal? OurAsk);
