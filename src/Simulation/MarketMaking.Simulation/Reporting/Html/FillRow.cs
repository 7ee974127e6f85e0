namespace MarketMaking.Simulation.Reporting.Html;

/// <summary>The columns of one row of <c>fills.csv</c> the report draws.</summary>
internal sealed record FillRow(long TimeNanoseconds, string Venue, bool IsBuy, decimal Price, decimal Quantity, decimal Fee, decimal? Mid);
