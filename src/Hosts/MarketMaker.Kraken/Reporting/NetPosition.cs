using MarketMaking.Inventory;
using MarketMaking.Models;

namespace MarketMaker.Kraken.Reporting;

/// <summary>The net position in the quoted instrument's base asset over every venue, and what hedging did, as the dashboard and the summary show them.</summary>
internal static class NetPosition
{
    /// <summary>Reads the net position and the hedges.</summary>
    /// <param name="inventory">The inventory (read under its lock).</param>
    /// <param name="instrument">The instrument quoted.</param>
    /// <returns>The base asset, the net position in it, and the hedges.</returns>
    public static (string BaseAsset, decimal Net, HedgeSummary Hedges) WithHedges(InventoryManager inventory, InstrumentId instrument) =>
        inventory.Read(i =>
        {
            var asset = i.AssetsOf(instrument).Base;
            return (asset.Value, i.NetPosition(asset), HedgeSummary.Of(i.Hedger?.Statistics));
        });
}
