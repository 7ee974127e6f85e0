using MarketMaking.Adapters.Binance;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>The Binance USD-M adapter (REST order entry, the listen key's user stream, market data on routed paths) against the Binance-protocol simulator replaying USD-M BTCUSDT.</summary>
[NonParallelizable]
public sealed class BinanceUsdMConformanceTests : VenueConformanceTests
{
    /// <inheritdoc/>
    private protected override async Task<ConformanceVenue> StartAsync(ConformanceFaults faults) => await BinanceVenueUnderTest.StartAsync(BinanceMarket.UsdM, faults);
}
