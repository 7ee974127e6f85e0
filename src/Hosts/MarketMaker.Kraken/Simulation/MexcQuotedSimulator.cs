using MarketMaking.Adapters.Mexc;
using MarketMaking.Models;
using MarketMaking.Simulation.MexcProtocol;

namespace MarketMaker.Kraken.Simulation;

/// <summary>
/// The MEXC Spot-protocol simulator as the quoted venue (signed REST, the protobuf WebSocket's depth, deals and user
/// stream on a listen key), a Binance spot recording served under its own symbol and MEXC's rules.
/// </summary>
internal sealed class MexcQuotedSimulator(MexcSimulatorServer server, MexcSimulatorOptions options) : IQuotedSimulator
{
    public VenueId Venue => MexcVenue.SpotId;

    public string Description => "MEXC Spot-protocol simulator";

    public Uri RestBaseUrl => server.RestBaseUrl;

    public bool IsReplayComplete => server.IsReplayComplete;

    public long EventsReplayed => server.EventsReplayed;

    public IReadOnlyDictionary<string, string?> AdapterSettings => new Dictionary<string, string?>
    {
        [$"{MexcSpotOptions.SectionName}:RestBaseUrl"] = server.RestBaseUrl.ToString(),
        [$"{MexcSpotOptions.SectionName}:WebSocketUrl"] = server.WebSocketUrl.ToString(),
        [$"{MexcSpotOptions.SectionName}:ApiKey"] = options.ApiKey,
        [$"{MexcSpotOptions.SectionName}:ApiSecret"] = options.ApiSecret,
        [$"{MexcSpotOptions.SectionName}:OrderRequestsPerSecond"] = options.OrderRequestsPerSecond?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public Task<long> ReplayAsync(long maxEvents, CancellationToken cancellationToken) => server.ReplayAsync(maxEvents, cancellationToken);

    public Task<long> NowAsync() => server.ReadAsync(venue => venue.Now);

    public Task<int> RestingOrdersAsync() => server.ReadAsync(venue => venue.Engines.Values.Sum(e => e.RestingOrders.Count));

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
