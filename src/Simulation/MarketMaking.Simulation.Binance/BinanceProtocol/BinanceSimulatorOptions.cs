using System.ComponentModel.DataAnnotations;
using MarketMaking.Adapters.Binance;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>Settings of the Binance-protocol simulator (<see cref="BinanceSimulatorServer"/>).</summary>
public sealed class BinanceSimulatorOptions
{
    /// <summary>Gets or sets the market whose protocol is spoken (paths, stream routing, message shapes, limits).</summary>
    /// <value>Defaults to <see cref="BinanceMarket.Spot"/>.</value>
    public BinanceMarket Market { get; set; } = BinanceMarket.Spot;

    /// <summary>Gets or sets the loopback port; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>Gets or sets the replay speed as a multiple of real time; 0 replays as fast as clients take the data.</summary>
    [Range(0.0, 1_000_000.0)]
    public double Speed { get; set; }

    /// <summary>Gets or sets the fees, latencies and seed of the simulated venue.</summary>
    [Required]
    public SimulatedVenueOptions Venue { get; set; } = new();

    /// <summary>Gets or sets the API key clients must send in <c>X-MBX-APIKEY</c> (any text).</summary>
    [Required]
    public string ApiKey { get; set; } = "simulator-key";

    /// <summary>Gets or sets the HMAC-SHA256 secret signed requests are checked with (a simulator credential, not a Binance one).</summary>
    [Required]
    public string ApiSecret { get; set; } = "simulator-secret-0123456789abcdef";

    /// <summary>
    /// Gets or sets the account key's Ed25519 public key (base64 of its 32 bytes), as registered with Binance: when set,
    /// signatures are checked as Ed25519 with it instead of HMAC with <see cref="ApiSecret"/>. Defaults to none.
    /// </summary>
    public string? Ed25519PublicKey { get; set; }

    /// <summary>Gets or sets the starting balances of the simulated account, by asset.</summary>
    [Required]
    public Dictionary<string, decimal> Balances { get; set; } = new() { ["BTC"] = 10m, ["ETH"] = 100m, ["USDT"] = 1_000_000m, ["USD"] = 1_000_000m };

    /// <summary>Gets or sets how long the simulator holds each order-entry answer (a slow venue, for time-outs); zero by default.</summary>
    public TimeSpan OrderAnswerDelay { get; set; }

    /// <summary>Gets or sets the funding rate the futures mark price stream announces (the recordings hold none), a fraction per 8 h.</summary>
    /// <value>Defaults to 0.0001 (0.01 %, Binance's base rate).</value>
    public decimal FundingRate { get; set; } = 0.0001m;

    /// <summary>Gets or sets whether the request weight per minute is enforced (a 429 with <c>Retry-After</c> beyond it).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool EnforceRateLimits { get; set; } = true;

    /// <summary>Gets or sets the request weight allowed per minute, or <see langword="null"/> for the market's (6000 on spot, 2400 on futures).</summary>
    public int? WeightPerMinute { get; set; }

    /// <summary>
    /// Gets or sets the new orders allowed per 10 s (<c>ORDERS</c>, counted per account, listed in <c>exchangeInfo</c>;
    /// over it: 429, <c>-1015</c>), or <see langword="null"/> for the market's (50 on spot, Binance's documented example;
    /// 300 on futures).
    /// </summary>
    public int? OrdersPer10Seconds { get; set; }
}
