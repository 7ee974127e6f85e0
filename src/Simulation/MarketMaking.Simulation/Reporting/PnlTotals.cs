namespace MarketMaking.Simulation.Reporting;

/// <summary>Every venue's result added up in USD (dollar stablecoins at 1), rounded to cents; Net = Gross − Fees exactly.</summary>
/// <param name="Notional">The fills' notional.</param>
/// <param name="Gross">Realized plus unrealized PnL before fees.</param>
/// <param name="SpreadCapture">What the fills earned against the mid.</param>
/// <param name="Inventory">Gross − SpreadCapture.</param>
/// <param name="Fees">The fees paid.</param>
/// <param name="Net">Gross − Fees.</param>
public sealed record PnlTotals(decimal Notional, decimal Gross, decimal SpreadCapture, decimal Inventory, decimal Fees, decimal Net);
