using MarketMaking.Adapters.Bybit;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>The Bybit v5 spot adapter (REST order entry, private stream, order book stream) against the Bybit-protocol simulator replaying spot BTCUSDT.</summary>
[NonParallelizable]
public sealed class BybitSpotConformanceTests : VenueConformanceTests
{
    /// <inheritdoc/>
    private protected override async Task<ConformanceVenue> StartAsync(ConformanceFaults faults) => await BybitVenueUnderTest.StartAsync(BybitCategory.Spot, faults);
}
