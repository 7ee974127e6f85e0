namespace MarketMaking.Simulation.BybitProtocol;

/// <summary>
/// A linear position as the simulator reports it (REST <c>/v5/position/list</c> and the private <c>position</c> topic):
/// the quantity and entry from the account's fills, the mark the book's mid, and the liquidation price of an isolated
/// position at the symbol's leverage with a maintenance margin rate of 0.5 % (Bybit's first risk tier for BTCUSDT),
/// fees and the cross-margin wallet left out.
/// </summary>
/// <remarks>
/// Long: entry × (1 − 1/leverage + MMR); short: entry × (1 + 1/leverage − MMR). Source: Bybit Help Center, "Liquidation
/// Price Calculation under Isolated Mode (USDT Contract)".
/// </remarks>
/// <param name="Quantity">The signed quantity in base units (negative short).</param>
/// <param name="EntryPrice">The average entry price; 0 when flat.</param>
/// <param name="MarkPrice">The mark price (the book's mid; 0 without one).</param>
/// <param name="Leverage">The symbol's leverage.</param>
internal sealed record BybitSimulatedPosition(decimal Quantity, decimal EntryPrice, decimal MarkPrice, int Leverage)
{
    /// <summary>The maintenance margin rate of the first risk tier.</summary>
    public const decimal MaintenanceMarginRate = 0.005m;

    /// <summary>Gets the liquidation price; 0 when flat.</summary>
    public decimal LiquidationPrice => Quantity == 0 ? 0m
        : Quantity > 0 ? EntryPrice * (1m - (1m / Leverage) + MaintenanceMarginRate)
        : EntryPrice * (1m + (1m / Leverage) - MaintenanceMarginRate);
}
