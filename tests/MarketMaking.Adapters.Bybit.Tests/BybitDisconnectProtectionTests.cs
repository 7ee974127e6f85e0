using MarketMaking.Models;
using MarketMaking.Simulation.BybitProtocol;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Bybit.Tests;

/// <summary>
/// Bybit's disconnection protection (<c>/v5/order/disconnected-cancel-all</c> and the private <c>dcp</c> topic) as the
/// order entry's dead-man switch, against the Bybit-protocol simulator: what the venue holds is read back from it.
/// </summary>
[NonParallelizable]
public sealed class BybitDisconnectProtectionTests
{
    private const string Key = "bybit-dcp-key-2c1d";
    private const string Secret = "bybit-dcp-secret-5e9a7b31";

    [Test]
    public async Task AReconnectionWithinTheWindow_StopsIt_AndThePrivateStreamGonePastIt_CancelsEveryOrder()
    {
        await using var server = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Linear, ApiKey = Key, ApiSecret = Secret });
        var options = new BybitTradingOptions { Category = BybitCategory.Linear, RestBaseUrl = server.RestBaseUrl, PrivateWebSocketUrl = server.PrivateWebSocketUrl, ApiKey = Key, ApiSecret = Secret, DisconnectProtection = true };
        using var orders = new BybitOrderEntryClient(options, TimeProvider.System);
        await using var stream = new BybitPrivateStreamClient(options, new CollectingSink(), TimeProvider.System);

        var armed = await orders.CancelAllAfterAsync(TimeSpan.FromSeconds(3));
        await stream.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var bid = await server.ReadAsync(venue => venue.Engines[BybitSimulatorSetup.BtcUsdt].Book.Spec.FromTicks(venue.Engines[BybitSimulatorSetup.BtcUsdt].Book.GetBid(0).PriceTicks).Value);
        foreach (var i in new[] { 1, 2 })
        {
            var placed = await orders.PlaceOrderAsync(new OrderRequest(BybitSimulatorSetup.BtcUsdt, Side.Buy, OrderType.Limit, Quantity.Parse("0.002"), ClientOrderId.Create($"dcp-{i}")) { LimitPrice = new Price(bid - (10 * i)), PostOnly = true });
            Assert.That(placed.IsSuccess, Is.True, placed.Error?.ToString());
        }

        server.DropConnections();
        await Eventually.WaitForAsync(() => stream.Subscriptions == 2, "the private stream (dcp.future with it) subscribed again");
        var afterReconnection = (server.ProtectionRunning, server.ProtectionTriggers, Resting: await RestingAsync(server));

        await stream.StopAsync();
        await Eventually.WaitForAsync(() => server.ProtectionTriggers == 1, "the protection's 3 s with no private connection");
        await Eventually.WaitForAsync(() => RestingAsync(server).Result == 0, "every order canceled");

        using (Assert.EnterMultipleScope())
        {
            Assert.That((armed.IsSuccess, armed.Value?.IsArmed, server.ProtectionWindow), Is.EqualTo((true, (bool?)true, (TimeSpan?)TimeSpan.FromSeconds(3))), armed.Error?.ToString());
            Assert.That(afterReconnection, Is.EqualTo((false, 0, 2)), "the window the drop started was stopped by the new subscription: nothing canceled");
            Assert.That(orders.Capabilities.Supports(VenueFeatures.DeadManSwitch), Is.True);
        }
    }

    [Test]
    public async Task AWindowOutOfRange_AndTurningItOff_AreRefusedUnsent_AndAnAccountWithoutIt_IsRefusedByBybit()
    {
        await using var server = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Spot, ApiKey = Key, ApiSecret = Secret, DisconnectProtection = false });
        using var orders = new BybitOrderEntryClient(new BybitTradingOptions { RestBaseUrl = server.RestBaseUrl, ApiKey = Key, ApiSecret = Secret }, TimeProvider.System);

        var off = await orders.CancelAllAfterAsync(TimeSpan.Zero);
        var tooLong = await orders.CancelAllAfterAsync(TimeSpan.FromSeconds(301));
        var notEnabled = await orders.CancelAllAfterAsync(TimeSpan.FromSeconds(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((off.Error?.Kind, off.Error?.NotSent), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.NotSupported, (bool?)true)));
            Assert.That((tooLong.Error?.Kind, tooLong.Error?.NotSent, tooLong.Error?.Message), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.InvalidRequest, (bool?)true, "Bybit's disconnection protection window is 3 to 300 s, not 301 s")));
            Assert.That((notEnabled.Error?.VenueCode, notEnabled.Error?.NotSent), Is.EqualTo(("Bybit 10001", (bool?)false)), notEnabled.Error?.ToString());
            Assert.That(server.ProtectionWindow, Is.Null);
        }
    }

    private static Task<int> RestingAsync(BybitSimulatorServer server) => server.ReadAsync(venue => venue.Engines[BybitSimulatorSetup.BtcUsdt].RestingOrders.Count);
}
