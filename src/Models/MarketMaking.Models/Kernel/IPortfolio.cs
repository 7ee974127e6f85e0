
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

    /// <summary>Gets the realized PnL net of fees, with perpetuals' funding received or paid, across every position, in the reporting currency (USD).</summary>
    decimal RealizedPnl { get; }

    /// <summary>Gets realized plus unrealized PnL (marked to mid) net of fees, with funding, in the reporting currency (USD).</summary>
    decimal TotalPnl { get; }
}
