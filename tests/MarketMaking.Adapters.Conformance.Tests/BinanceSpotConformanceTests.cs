using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>The Binance spot adapter (REST order entry, WebSocket API user stream, market data) against the Binance-protocol simulator replaying spot BTCUSDT.</summary>
[NonParallelizable]
public sealed class BinanceSpotConformanceTests : VenueConformanceTests
{
    /// <inheritdoc/>
    private protected override async Task<ConformanceVenue> StartAsync(ConformanceFaults faults) => await BinanceVenueUnderTest.StartAsync(BinanceMarket.Spot, faults);

    /// <summary>The suite's fill check, on an adapter whose user stream drops its first fill: the suite must fail it.</summary>
    [Test]
    public async Task ADeliberatelyBrokenAdapterThatDropsAFill_FailsTheSuite()
    {
        await using var venue = await BinanceVenueUnderTest.StartAsync(BinanceMarket.Spot, ConformanceFaults.None);
        var dropped = 0;
        venue.Events.Keep = e => !(e is FillEvent && Interlocked.Exchange(ref dropped, 1) == 0);
        await venue.StartUserStreamAsync();
        var (_, ask) = await venue.TouchAsync();

        var placed = await venue.Orders.PlaceOrderAsync(new OrderRequest(venue.Instrument, Side.Buy, OrderType.Limit, venue.OrderQuantity, ClientOrderId.Create("conf-take"))
        {
            LimitPrice = new Price(ask + (5 * venue.Tick)),
            TimeInForce = TimeInForce.ImmediateOrCancel,
        });
        await venue.Events.WaitForAsync(e => e.OfType<OrderUpdate>().Any(u => u.ClientOrderId?.Value == "conf-take" && u.Status == OrderStatus.Filled), "the order filled");

        Assert.That(placed.IsSuccess, Is.True);
        Assert.That(dropped, Is.EqualTo(1), "the double dropped a fill");
        Assert.That(FillProblem(venue.Events.Snapshot, "conf-take"), Does.StartWith("the fills sum to 0, the order's last update says 0.001"));
    }
}
