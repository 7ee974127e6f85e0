
namespace MarketMaking.Models;

/// <summary>
/// Positions and PnL as the inventory stage keeps them, read by the risk stage (limits, kill switch) on the engine loop.
/// </summary>
public interface IPortfolio
{
    /// <summary>Gets the position on one venue and instrument, in base units (negative when short).</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The net filled quantity, including any starting position.</returns>
    decimal PositionOf(VenueId venue, InstrumentId instrument);

    /// <summary>
    /// Gets the price at which the venue would liquidate the position on one venue and instrument, in quote currency per
    /// unit of base, as the venue last reported it (<see cref="PositionUpdate"/>).
    /// </summary>
    /// <param name="venue">The venue.</param>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The price; null when flat, on spot, or when the venue gives none. The default gives none.</returns>
    decimal? LiquidationPriceOf(VenueId venue, InstrumentId instrument) => null;

    /// <summary>Gets the realized PnL net of fees, with perpetuals' funding received or paid, across every position, in the reporting currency (USD).</summary>
    decimal RealizedPnl { get; }

    /// <summary>Gets realized plus unrealized PnL (marked to mid) net of fees, with funding, in the reporting currency (USD).</summary>
    decimal TotalPnl { get; }
}
