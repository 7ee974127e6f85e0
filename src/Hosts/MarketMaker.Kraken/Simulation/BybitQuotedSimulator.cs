using MarketMaker.Kraken.Configuration;
using MarketMaking.Adapters.Bybit;
using MarketMaking.Models;
using MarketMaking.Simulation.BybitProtocol;

namespace MarketMaker.Kraken.Simulation;

/// <summary>
/// The Bybit v5-protocol simulator as the quoted venue (spot or linear: signed REST, the public order book stream, the
/// private stream, the trade stream; linear's account endpoints), the recording served under its own symbol and rules.
/// </summary>
internal sealed class BybitQuotedSimulator(BybitSimulatorServer server, BybitSimulatorOptions options) : IQuotedSimulator
{
    public VenueId Venue => BybitVenue.IdOf(options.Category);

    public string Description => $"Bybit {(options.Category == BybitCategory.Spot ? "Spot" : "linear")}-protocol simulator";

    public Uri RestBaseUrl => server.RestBaseUrl;

    public bool IsReplayComplete => server.IsReplayComplete;

    public long EventsReplayed => server.EventsReplayed;

    public IReadOnlyDictionary<string, string?> AdapterSettings => new Dictionary<string, string?>
    {
        [$"{Section}:RestBaseUrl"] = server.RestBaseUrl.ToString(),
        [$"{Section}:PublicWebSocketUrl"] = server.PublicWebSocketUrl.ToString(),
        [$"{Section}:PrivateWebSocketUrl"] = server.PrivateWebSocketUrl.ToString(),
        [$"{Section}:TradeWebSocketUrl"] = server.TradeWebSocketUrl.ToString(),
        [$"{Section}:ApiKey"] = options.ApiKey,
        [$"{Section}:ApiSecret"] = options.ApiSecret,
        [$"{Section}:OrderRequestsPerSecond"] = options.OrderRequestsPerSecond?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The host's settings section of the category served.</summary>
    private string Section => options.Category == BybitCategory.Spot ? BybitSpotSettings.SectionName : BybitLinearSettings.SectionName;

    public Task<long> ReplayAsync(long maxEvents, CancellationToken cancellationToken) => server.ReplayAsync(maxEvents, cancellationToken);

    public Task<long> NowAsync() => server.ReadAsync(venue => venue.Now);

    public Task<int> RestingOrdersAsync() => server.ReadAsync(venue => venue.Engines.Values.Sum(e => e.RestingOrders.Count));

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
