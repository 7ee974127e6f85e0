using MarketMaker.Kraken.Configuration;
using MarketMaking.Adapters.Bybit;
using MarketMaking.Models;
using MarketMaking.Simulation.BybitProtocol;

namespace MarketMaker.Kraken.Simulation;

/// <summary>
/// The Bybit v5-protocol simulator as the quoted venue (linear: signed REST, the public order book stream, the
/// private stream, the trade stream, the account endpoints), the recording served under its own symbol and rules.
/// </summary>
internal sealed class BybitQuotedSimulator(BybitSimulatorServer server, BybitSimulatorOptions options) : IQuotedSimulator
{
    public VenueId Venue => BybitVenue.IdOf(options.Category);

    public string Description => "Bybit linear-protocol simulator";

    public Uri RestBaseUrl => server.RestBaseUrl;

    public bool IsReplayComplete => server.IsReplayComplete;

    public long EventsReplayed => server.EventsReplayed;

    public IReadOnlyDictionary<string, string?> AdapterSettings => new Dictionary<string, string?>
    {
        [$"{BybitLinearSettings.SectionName}:RestBaseUrl"] = server.RestBaseUrl.ToString(),
        [$"{BybitLinearSettings.SectionName}:PublicWebSocketUrl"] = server.PublicWebSocketUrl.ToString(),
        [$"{BybitLinearSettings.SectionName}:PrivateWebSocketUrl"] = server.PrivateWebSocketUrl.ToString(),
        [$"{BybitLinearSettings.SectionName}:TradeWebSocketUrl"] = server.TradeWebSocketUrl.ToString(),
        [$"{BybitLinearSettings.SectionName}:ApiKey"] = options.ApiKey,
        [$"{BybitLinearSettings.SectionName}:ApiSecret"] = options.ApiSecret,
    };

    public Task<long> ReplayAsync(long maxEvents, CancellationToken cancellationToken) => server.ReplayAsync(maxEvents, cancellationToken);

    public Task<long> NowAsync() => server.ReadAsync(venue => venue.Now);

    public Task<int> RestingOrdersAsync() => server.ReadAsync(venue => venue.Engines.Values.Sum(e => e.RestingOrders.Count));

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
