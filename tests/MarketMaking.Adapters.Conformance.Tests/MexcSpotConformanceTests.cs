namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>The MEXC Spot adapter (REST order entry and queries, protobuf WebSocket book and user stream) against the MEXC-protocol simulator replaying spot BTCUSDT.</summary>
[NonParallelizable]
public sealed class MexcSpotConformanceTests : VenueConformanceTests
{
    /// <inheritdoc/>
    private protected override async Task<ConformanceVenue> StartAsync(ConformanceFaults faults) => await MexcVenueUnderTest.StartAsync(faults);
}
