using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Simulation.KrakenProtocol;

namespace MarketMaker.Kraken.Simulation;

/// <summary>The Kraken-protocol simulator as the quoted venue: Kraken Spot's REST and WebSocket v2, the recording served under <c>Host:Symbol</c>.</summary>
internal sealed class KrakenQuotedSimulator(KrakenSimulatorServer server, KrakenSimulatorOptions options) : IQuotedSimulator
{
    public VenueId Venue => KrakenVenue.Id;

    public string Description => "Kraken-protocol simulator";

    public Uri RestBaseUrl => server.RestBaseUrl;

    public bool IsReplayComplete => server.IsReplayComplete;

    public long EventsReplayed => server.EventsReplayed;

    public IReadOnlyDictionary<string, string?> AdapterSettings => new Dictionary<string, string?>
    {
        ["Kraken:RestBaseUrl"] = server.RestBaseUrl.ToString(),
        ["Kraken:PublicWebSocketUrl"] = server.PublicWebSocketUrl.ToString(),
        ["Kraken:PrivateWebSocketUrl"] = server.PrivateWebSocketUrl.ToString(),
        ["Kraken:ApiKey"] = options.ApiKey,
        ["Kraken:ApiSecret"] = options.ApiSecret,
        ["Kraken:ModelTradingCounter"] = "false",
        ["Kraken:DeadManSwitchRefreshInterval"] = "00:00:00",
    };

    public Task<long> ReplayAsync(long maxEvents, CancellationToken cancellationToken) => server.ReplayAsync(maxEvents, cancellationToken);

    public Task<long> NowAsync() => Task.FromResult(server.Venue.Now);

    public Task<int> RestingOrdersAsync() => Task.FromResult(server.Venue.Engines.Values.Sum(e => e.RestingOrders.Count));

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
