using MarketMaking.Adapters.Binance;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>The Binance USD-M adapter with order entry over the WebSocket API (<see cref="BinanceWebSocketOrderEntryClient"/>: place, amend, cancel; batches over REST) against the Binance-protocol simulator replaying USD-M BTCUSDT.</summary>
[NonParallelizable]
public sealed class BinanceUsdMWebSocketApiConformanceTests : VenueConformanceTests
{
    /// <inheritdoc/>
    private protected override async Task<ConformanceVenue> StartAsync(ConformanceFaults faults) => await BinanceVenueUnderTest.StartAsync(BinanceMarket.UsdM, faults, webSocketOrderEntry: true);
}
