using MarketMaking.Models;

namespace MarketMaking.Simulation.Accounts;

/// <summary>
/// A simulated trading account: a total and an amount held by open orders per asset. Totals change only by fills and
/// fees, so that the balance report can be reconciled with the fills exactly.
/// </summary>
public sealed class SimulatedAccount
{
    private readonly Dictionary<AssetId, decimal> _fees = [];
    private readonly Dictionary<AssetId, decimal> _totals = [];
    private readonly Dictionary<AssetId, decimal> _held = [];

    /// <summary>Initializes an account.</summary>
    /// <param name="id">The account's id (an API key's account in the Kraken-protocol server).</param>
    /// <param name="balances">The starting totals.</param>
    public SimulatedAccount(string id, IReadOnlyDictionary<AssetId, decimal>? balances = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Id = id;
        foreach (var (asset, amount) in balances ?? new Dictionary<AssetId, decimal>())
        {
            _totals[asset] = amount;
        }
    }

    /// <summary>Gets the account's id.</summary>
    public string Id { get; }

    /// <summary>Gets every asset's total, including what open orders hold.</summary>
    public IReadOnlyDictionary<AssetId, decimal> Totals => _totals;

    /// <summary>Returns an asset's total.</summary>
    public decimal Total(AssetId asset) => _totals.GetValueOrDefault(asset);

    /// <summary>Returns what an asset's open orders hold.</summary>
    public decimal Held(AssetId asset) => _held.GetValueOrDefault(asset);

    /// <summary>Returns what is free to trade: total minus held.</summary>
    public decimal Available(AssetId asset) => Total(asset) - Held(asset);

    /// <summary>Holds an amount for an order, if that much is available.</summary>
    /// <returns>Whether it was held.</returns>
    public bool TryHold(AssetId asset, decimal amount)
    {
        if (amount > Available(asset))
        {
            return false;
        }

        _held[asset] = Held(asset) + amount;
        return true;
    }

    /// <summary>Releases part of a hold (an order filled, amended down or ended).</summary>
    public void Release(AssetId asset, decimal amount) => _held[asset] = Math.Max(0, Held(asset) - amount);

    /// <summary>Gets how many fills the account had (each trade once), the venue's own count to check a client's against.</summary>
    public int Fills { get; private set; }

    /// <summary>Gets the fees the account paid, per asset.</summary>
    public IReadOnlyDictionary<AssetId, decimal> FeesPaid => _fees;

    /// <summary>Records a fill and its fee (the balances change through <see cref="Change"/>).</summary>
    /// <param name="feeAsset">The asset the fee was taken in.</param>
    /// <param name="fee">The fee.</param>
    public void RecordFill(AssetId feeAsset, decimal fee)
    {
        Fills++;
        _fees[feeAsset] = _fees.GetValueOrDefault(feeAsset) + fee;
    }

    /// <summary>Changes a total by a fill's amount (positive in, negative out).</summary>
    public void Change(AssetId asset, decimal amount) => _totals[asset] = Total(asset) + amount;
}
