using MarketMaking.Adapters.Bybit;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.BybitProtocol;

/// <summary>Settings of <see cref="BybitSimulatorServer"/>.</summary>
public sealed class BybitSimulatorOptions
{
    /// <summary>Gets or sets the category served.</summary>
    /// <value>Defaults to <see cref="BybitCategory.Spot"/>.</value>
    public BybitCategory Category { get; set; } = BybitCategory.Spot;

    /// <summary>Gets or sets the loopback port; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Gets or sets the replay speed as a multiple of real time; 0 (the default) replays as fast as clients take the data.</summary>
    public double Speed { get; set; }

    /// <summary>Gets or sets the simulated venue's settings (fees, latencies, seed).</summary>
    public SimulatedVenueOptions Venue { get; set; } = new();

    /// <summary>Gets or sets the API key the simulator accepts (<c>X-BAPI-API-KEY</c>, the private stream's auth).</summary>
    public string ApiKey { get; set; } = "simulator-key";

    /// <summary>Gets or sets the HMAC secret signatures are checked with.</summary>
    public string ApiSecret { get; set; } = "simulator-secret-0123456789abcdef";

    /// <summary>Gets or sets the account's starting balances, by asset.</summary>
    public Dictionary<string, decimal> Balances { get; set; } = new() { ["BTC"] = 10m, ["ETH"] = 100m, ["USDT"] = 1_000_000m };

    /// <summary>Gets or sets how long order entry's answers are held back (a slow venue; the order is acted on first). Default none.</summary>
    public TimeSpan OrderAnswerDelay { get; set; }

    /// <summary>
    /// Gets or sets how many order-entry requests a second the account may send to each endpoint (create, amend, cancel,
    /// cancel-all, batch) before <c>retCode</c> 10006 ("Too many visits!"); Bybit's per-UID limit is 20 a second on spot
    /// and 10 on linear. <see langword="null"/> (the default) takes the category's.
    /// </summary>
    public int? OrderRequestsPerSecond { get; set; }

    /// <summary>Gets or sets the funding rate linear tickers report (the recordings hold none). Default 0.0001 (0.01 % per 8 h).</summary>
    public decimal FundingRate { get; set; } = 0.0001m;

    /// <summary>
    /// Gets or sets whether the account has Bybit's disconnection protection (which Bybit enables per account on
    /// request): <c>/v5/order/disconnected-cancel-all</c> sets its window, and when every private connection subscribed
    /// to <c>dcp</c> has been gone for it, every open order is canceled. Defaults to <see langword="true"/>.
    /// </summary>
    public bool DisconnectProtection { get; set; } = true;
}
