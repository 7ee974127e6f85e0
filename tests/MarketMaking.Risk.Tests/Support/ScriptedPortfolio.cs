using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Risk.Tests;

/// <summary>Positions and PnL the test sets.</summary>
internal sealed class ScriptedPortfolio : IPortfolio
{
    public Dictionary<(VenueId, InstrumentId), decimal> Positions { get; } = [];

    public decimal RealizedPnl { get; set; }

    public decimal TotalPnl { get; set; }

    public Dictionary<(VenueId, InstrumentId), decimal> LiquidationPrices { get; } = [];

    public decimal PositionOf(VenueId venue, InstrumentId instrument) => Positions.GetValueOrDefault((venue, instrument));

    public decimal? LiquidationPriceOf(VenueId venue, InstrumentId instrument) => LiquidationPrices.TryGetValue((venue, instrument), out var price) ? price : null;
}
