namespace MarketMaking.Models;

/// <summary>An asset's balance on a venue after a change (or from a snapshot).</summary>
/// <param name="Venue">The venue.</param>
/// <param name="Asset">The asset.</param>
/// <param name="Total">The total balance in units of the asset, including amounts held by open orders.</param>
/// <param name="TsEvent">The venue's timestamp in ns since the Unix epoch.</param>
/// <param name="TsInit">The local receive timestamp in ns since the Unix epoch.</param>
public sealed record BalanceUpdate(VenueId Venue, AssetId Asset, decimal Total, long TsEvent, long TsInit)
    : VenueEvent(Venue, TsEvent, TsInit)
{
    /// <summary>Gets the amount free for new orders, when the venue says.</summary>
    public decimal? Available { get; init; }

    /// <summary>Gets the venue's reference of the change (Kraken: the trade id behind a ledger entry), when given.</summary>
    public string? Reference { get; init; }

    /// <summary>Gets whether this balance comes from a snapshot taken at (re)connection.</summary>
    public bool IsSnapshot { get; init; }
}
