using MarketMaking.Models;

namespace MarketMaking.Adapters;

/// <summary>An asset's balance on a venue.</summary>
/// <param name="Asset">The asset, in the platform's canonical naming.</param>
/// <param name="Total">The total in units of the asset, including amounts held by open orders.</param>
/// <param name="Available">The amount free for new orders, in units of the asset.</param>
public sealed record AssetBalance(AssetId Asset, decimal Total, decimal Available)
{
    /// <summary>Gets the amount held by open orders.</summary>
    public decimal Held => Total - Available;
}
