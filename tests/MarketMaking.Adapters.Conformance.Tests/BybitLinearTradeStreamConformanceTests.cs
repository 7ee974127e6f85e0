using MarketMaking.Adapters.Bybit;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>The Bybit v5 linear adapter with order entry over the trade stream (<see cref="BybitWebSocketOrderEntryClient"/>) against the Bybit-protocol simulator.</summary>
[NonParallelizable]
public sealed class BybitLinearTradeStreamConformanceTests : VenueConformanceTests
{
    /// <inheritdoc/>
    private protected override async Task<ConformanceVenue> StartAsync(ConformanceFaults faults) => await BybitVenueUnderTest.StartAsync(BybitCategory.Linear, faults, webSocketOrderEntry: true);
}
