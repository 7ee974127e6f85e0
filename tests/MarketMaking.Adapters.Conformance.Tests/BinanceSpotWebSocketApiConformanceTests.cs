using MarketMaking.Adapters.Binance;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>The Binance spot adapter with order entry over the WebSocket API (<see cref="BinanceWebSocketOrderEntryClient"/>) against the Binance-protocol simulator replaying spot BTCUSDT.</summary>
[NonParallelizable]
public sealed class BinanceSpotWebSocketApiConformanceTests : VenueConformanceTests
{
    /// <inheritdoc/>
    private protected override async Task<ConformanceVenue> StartAsync(ConformanceFaults faults) => await BinanceVenueUnderTest.StartAsync(BinanceMarket.Spot, faults, webSocketOrderEntry: true);
}
