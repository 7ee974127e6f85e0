using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.MexcProtocol;

/// <summary>Settings of <see cref="MexcSimulatorServer"/>.</summary>
public sealed class MexcSimulatorOptions
{
    /// <summary>Gets or sets the loopback port; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Gets or sets the replay speed as a multiple of real time; 0 (the default) replays as fast as clients take the data.</summary>
    public double Speed { get; set; }

    /// <summary>Gets or sets the simulated venue's settings (fees, latencies, seed).</summary>
    public SimulatedVenueOptions Venue { get; set; } = new();

    /// <summary>Gets or sets the API key the simulator accepts (sent in <c>X-MEXC-APIKEY</c>).</summary>
    public string ApiKey { get; set; } = "mx0simulatorkey";

    /// <summary>Gets or sets the secret signed requests are checked with (HMAC-SHA256, hex).</summary>
    public string ApiSecret { get; set; } = "simulator-secret-0123456789abcdef";

    /// <summary>Gets or sets the account's starting balances, by asset.</summary>
    public Dictionary<string, decimal> Balances { get; set; } = new() { ["BTC"] = 10m, ["ETH"] = 100m, ["USDT"] = 1_000_000m };

    /// <summary>Gets or sets how long order entry's answers are held back (a slow venue; the order is acted on first). Default none.</summary>
    public TimeSpan OrderAnswerDelay { get; set; }

    /// <summary>
    /// Gets or sets how many order-entry requests a second the account may send before MEXC's 429 (with
    /// <c>Retry-After</c>). MEXC's sources disagree on the figure (<c>docs/protocol/mexc.md</c>); 10 a second per account is
    /// the suggested default the adapter paces under. <see langword="null"/> does not limit.
    /// </summary>
    public int? OrderRequestsPerSecond { get; set; } = 10;
}
