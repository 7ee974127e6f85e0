using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using MarketMaker.Kraken.Configuration;
using MarketMaking.Simulation.BinanceProtocol;

namespace MarketMaker.Kraken.Simulation;

/// <summary>
/// The Binance-protocol simulator as the quoted venue (spot: <c>/api/v3</c> REST, the market streams, the WebSocket
/// API's user data stream and order entry; USD-M: <c>/fapi/v1</c> REST, the <c>/public</c> and <c>/market</c> streams,
/// the listen key's user stream, the WebSocket API's order entry), the recording served under its own symbol and rules.
/// </summary>
internal sealed class BinanceQuotedSimulator(BinanceSimulatorServer server, BinanceSimulatorOptions options) : IQuotedSimulator
{
    public VenueId Venue => BinanceVenue.IdOf(options.Market);

    public string Description => options.Market == BinanceMarket.UsdM ? "Binance USD-M-protocol simulator" : $"Binance {options.Market}-protocol simulator";

    public Uri RestBaseUrl => server.RestBaseUrl;

    public bool IsReplayComplete => server.IsReplayComplete;

    public long EventsReplayed => server.EventsReplayed;

    public IReadOnlyDictionary<string, string?> AdapterSettings => new Dictionary<string, string?>
    {
        [$"{Section}:RestBaseUrl"] = server.RestBaseUrl.ToString(),
        [$"{Section}:StreamBaseUrl"] = server.StreamBaseUrl.ToString(),
        [$"{Section}:WebSocketApiUrl"] = server.WebSocketApiUrl.ToString(),
        [$"{Section}:ApiKey"] = options.ApiKey,
        [$"{Section}:ApiSecret"] = options.ApiSecret,
    };

    /// <summary>The host's settings section of the market served.</summary>
    private string Section => options.Market == BinanceMarket.Spot ? BinanceSpotSettings.SectionName : BinanceUsdmSettings.SectionName;

    public Task<long> ReplayAsync(long maxEvents, CancellationToken cancellationToken) => server.ReplayAsync(maxEvents, cancellationToken);

    public Task<long> NowAsync() => server.ReadAsync(venue => venue.Now);

    public Task<int> RestingOrdersAsync() => server.ReadAsync(venue => venue.Engines.Values.Sum(e => e.RestingOrders.Count));

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
