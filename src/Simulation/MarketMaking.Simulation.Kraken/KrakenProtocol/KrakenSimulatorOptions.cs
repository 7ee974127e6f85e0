using System.ComponentModel.DataAnnotations;
using MarketMaking.Models;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.KrakenProtocol;

/// <summary>Settings of the Kraken-protocol simulator (<see cref="KrakenSimulatorServer"/>).</summary>
public sealed class KrakenSimulatorOptions
{
    /// <summary>Gets or sets the API key clients must send (any text).</summary>
    [Required]
    public string ApiKey { get; set; } = "simulator-key";

    /// <summary>Gets or sets the API secret (Base64) requests are signed with.</summary>
    [Required]
    public string ApiSecret { get; set; } = Convert.ToBase64String("simulator-secret-0123456789abcdef"u8.ToArray());

    /// <summary>Gets or sets the loopback port; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>Gets or sets the replay speed as a multiple of real time; 0 replays as fast as clients take the data.</summary>
    [Range(0.0, 1_000_000.0)]
    public double Speed { get; set; }

    /// <summary>Gets or sets the fees, latencies and seed of the simulated venue.</summary>
    [Required]
    public SimulatedVenueOptions Venue { get; set; } = new();

    /// <summary>Gets or sets the starting balances of the simulated account, by asset.</summary>
    [Required]
    public Dictionary<string, decimal> Balances { get; set; } = new() { ["BTC"] = 10m, ["USDT"] = 1_000_000m };

    /// <summary>Gets or sets the faults to inject (none by default).</summary>
    [Required]
    public SimulatorFaultOptions Faults { get; set; } = new();

    /// <summary>Gets or sets whether Kraken's trading counter and REST call counter are enforced (off for load tests).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool EnforceRateLimits { get; set; } = true;

    /// <summary>Gets or sets the verification tier whose trading-counter limits the simulator enforces.</summary>
    public MarketMaking.Adapters.Kraken.KrakenTier Tier { get; set; } = MarketMaking.Adapters.Kraken.KrakenTier.Starter;

    /// <summary>Gets or sets how long a WebSocket token stays usable before its first use (Kraken: 15 minutes).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
