using MarketMaking.Adapters.Bybit;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>The Bybit v5 linear adapter against the Bybit-protocol simulator replaying the USD-M BTCUSDT perpetual recording.</summary>
[NonParallelizable]
public sealed class BybitLinearConformanceTests : VenueConformanceTests
{
    /// <inheritdoc/>
    private protected override async Task<ConformanceVenue> StartAsync(ConformanceFaults faults) => await BybitVenueUnderTest.StartAsync(BybitCategory.Linear, faults);
}
